/** Helpers of the friends browser test (friends.e2e.test.ts). */
import type { Locator, Page } from "playwright-core";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import type { TestServer } from "../helpers/test-server.ts";
import type { Account } from "./e2e-helpers.ts";

/** Live steps (a frame, then a read) on a busy machine get this long. */
export const LIVE = { timeout: 30_000 };

/** An album of `owner` shown to friends only, with one photo; its id. */
export async function friendsOnlyAlbum(srv: TestServer, owner: Account, title: string): Promise<string> {
  const album = await owner.client.trpc.albums.create.mutate({ title, theme: "", year: null, visibility: "friends" });
  const media = await upload(srv, owner.client, "album_photo", makePng(320, 240));
  await owner.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [media.id] });
  return album.id;
}

export async function befriend(a: Account, b: Account): Promise<void> {
  await a.client.trpc.friends.request.mutate({ userId: b.id });
  await b.client.trpc.friends.accept.mutate({ userId: a.id });
}

/**
 * Opens `path` and resolves once the page has read its friend counts (which it does after the
 * socket's hello, so the socket is subscribed by then): from here on, only a frame can change
 * the badge. Also marks the window, so `notReloaded` can tell the page was never reloaded.
 */
export async function openSettled(page: Page, url: string): Promise<void> {
  const counts = page.waitForResponse((r) => new URL(r.url()).pathname === "/trpc/friends.counts" && r.ok(), LIVE);
  await page.goto(url);
  await counts;
  await page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true));
}

/** True while the document opened by `openSettled` is still the one on screen. */
export const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

/** The header's "Friends" badge (the count of received requests), or null when there is none. */
export async function friendsBadge(page: Page): Promise<string | null> {
  const badge = page.getByRole("banner").locator('[data-badge="friends"] [aria-hidden="true"]');
  return (await badge.count()) ? badge.textContent() : null;
}

/** The card of a person in a list of a friends page, found by their name. */
export const card = (list: Locator, fullName: string) => list.locator(".person-card").filter({ has: list.page().getByRole("link", { name: new RegExp(fullName) }) });

/** Types into the header's person search (opening the phone menu first when it is folded). */
export async function searchPeople(page: Page, text: string): Promise<void> {
  const box = page.getByRole("combobox", { name: "Пошук людей" });
  if (!(await box.isVisible())) await page.getByRole("button", { name: "Відкрити меню" }).click();
  await box.fill(text);
}
