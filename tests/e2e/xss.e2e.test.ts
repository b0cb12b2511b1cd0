/**
 * Stored XSS, in a real browser: XSS payloads (PAYLOADS in xss-kit.ts) go through the API, as real
 * people, into every text field the web client shows — first and last names, username (as far as
 * its schema lets it), bio, album title, theme and photo captions, group names (and so the system
 * lines naming them), personal, group and public messages, message edits, "notify everyone"
 * notices, a session's User-Agent, post titles, bodies and comments (with likes, a mention and a
 * friend request: the notifications, friends pages and the header's person search). Then Chromium visits every page that shows them, as their
 * owner, as another person and as a guest, and on each page checks that the payload is there as
 * literal, visible text (so the check cannot pass by showing nothing) and that nothing ran or was
 * injected: no dialog, no CSP violation (console or `securitypolicyviolation`), no marker element
 * or attribute, no extra script/iframe/style, `window.__xss` unset. Needs /usr/bin/chromium:
 * without it the tests are skipped with a note, except under CI=true.
 */
import { afterAll, expect, test } from "bun:test";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { openChat } from "../helpers/chat.ts";
import { rejection } from "../helpers/client.ts";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { onFailure } from "./e2e-helpers.ts";
import {
  BIO,
  expectClean,
  HOSTILE_AGENT,
  learnCleanPage,
  makeSeed,
  MESSAGE_TEXTS,
  open,
  PAYLOADS,
  sees,
  seesAll,
  switchTo,
  watch,
  type Person,
  type Seed,
  type Watched,
} from "./xss-kit.ts";

const suite = useBrowserSuite();
const TIMEOUT = 120_000;

let seeding: Promise<Seed> | undefined;
/** The stored content, made once for all the tests (whichever runs first). */
async function seed(): Promise<Seed> {
  seeding ??= (async () => {
    const guest = await watch(suite.browser, suite.srv.url, null);
    await learnCleanPage(guest, suite.srv.url);
    await guest.context.close();
    return makeSeed(suite.srv);
  })();
  return seeding;
}
afterAll(async () => {
  const s = await seeding?.catch(() => undefined);
  for (const sock of s?.sockets.values() ?? []) sock.ws.close();
});

/** Opens the watched contexts, runs the steps (screenshots on failure), closes the contexts. */
async function withPages(name: string, sessions: Array<string | null>, run: (pages: Watched[]) => Promise<void>) {
  const pages = await Promise.all(sessions.map((s) => watch(suite.browser, suite.srv.url, s)));
  try {
    await onFailure(name, pages.map((w) => w.page), () => run(pages));
  } finally {
    await Promise.all(pages.map((w) => w.context.close()));
  }
}

const go = (w: Watched, path: string) => open(w, `${suite.srv.url}${path}`);

/** document.title (set by the page once its content loaded) comes to contain `text`. */
async function expectTitle(w: Watched, text: string) {
  await w.page.waitForFunction((t) => document.title.includes(t), text).catch(() => {});
  expect(await w.page.title()).toContain(text);
}

async function seesProfile(w: Watched, p: Person, who: string) {
  await go(w, `/u/${p.username}`);
  await sees(w.page, "h1", p.fullName, `profile heading, to ${who}`);
  await expectTitle(w, p.fullName);
  await sees(w.page, ".profile-handle", `@${p.username}`, `profile handle, to ${who}`);
  await seesAll(w.page, ".profile-bio", PAYLOADS, `bio, to ${who}`);
  await expectClean(w, `profile of ${p.username}, to ${who}`);
}

test.skipIf(skipBrowser)(
  "names, usernames and bios are shown as plain text on the home page, in the header, in settings and on every profile, to their owners, to another person and to a guest",
  async () => {
    const { people, viewer } = await seed();
    // The username schema refuses markup outright.
    const markup = { firstName: "a", lastName: "b", username: "<img src=x onerror=alert(1)>", bio: "", birthDate: null, showBirthDate: false };
    const refused = await rejection(people[0]!.client.trpc.settings.update.mutate(markup));
    expect(refused.data?.code).toBe("BAD_REQUEST");

    await withPages("xss-profiles", [people[0]!.session, viewer.session, null], async ([own, other, guest]) => {
      for (const p of people) {
        await switchTo(own!, suite.srv.url, p.session);
        await go(own!, "/settings");
        await sees(own!.page, "header .user-name", p.fullName, "settings header");
        const field = (name: string) => own!.page.locator(`#settings-profile [name=${name}]`);
        await field("firstName").waitFor();
        expect(await field("firstName").inputValue()).toBe(p.firstName);
        expect(await field("lastName").inputValue()).toBe(p.lastName);
        expect(await field("username").inputValue()).toBe(p.username);
        expect(await field("bio").inputValue()).toBe(BIO);
        await expectClean(own!, `settings of ${p.username}`);

        await go(own!, "/");
        await sees(own!.page, "h1", `Привіт, ${p.firstName}!`, "home greeting");
        await expectClean(own!, `home of ${p.username}`);

        await seesProfile(own!, p, "its owner");
        await seesProfile(other!, p, "another person");
        await seesProfile(guest!, p, "a guest");
      }
    });
  },
  TIMEOUT,
);

test.skipIf(skipBrowser)(
  "album titles, themes and photo captions are shown as plain text on the profile, the album page, the photo viewer and the owner's edit dialogs",
  async () => {
    const { owner, viewer, albums } = await seed();
    await withPages("xss-albums", [owner.session, viewer.session], async ([own, other]) => {
      for (const [w, who] of [[own!, "the owner"], [other!, "another person"]] as const) {
        await go(w, `/u/${owner.username}`);
        await seesAll(w.page, ".album-title", PAYLOADS, `album cards, to ${who}`);
        await expectClean(w, `album cards, to ${who}`);
        for (const [i, id] of albums.entries()) {
          const payload = PAYLOADS[i]!;
          const where = `album ${i}, to ${who}`;
          await go(w, `/albums/${id}`);
          await sees(w.page, "h1", payload, where);
          await expectTitle(w, payload);
          await sees(w.page, ".album-facts", payload, `${where}: theme`);
          await sees(w.page, ".photo-caption", payload, `${where}: caption`);
          expect(await w.page.locator(".photo-open").getAttribute("aria-label")).toContain(payload);

          await w.page.locator(".photo-open").click();
          const viewer = w.page.locator("dialog.dialog-viewer");
          await sees(w.page, "dialog.dialog-viewer #viewer-title", payload, `${where}: viewer title`);
          await sees(w.page, "dialog.dialog-viewer .viewer-caption", payload, `${where}: viewer caption`);
          expect(await viewer.locator("img.viewer-image").getAttribute("alt")).toBe(payload);
          await w.page.keyboard.press("Escape");
          await viewer.waitFor({ state: "hidden" });

          if (w === own) {
            // The caption in its textarea, the title and theme in the edit form, the title in "Delete?".
            // (The photo's tools are in its "…" menu.)
            await w.page.locator(".photo-menu .menu-button").click();
            await w.page.locator('[data-action="caption"]').click();
            expect(await w.page.locator('dialog[open] textarea[name="caption"]').inputValue()).toBe(payload);
            await w.page.keyboard.press("Escape");
            await w.page.getByRole("button", { name: "Редагувати альбом" }).click();
            expect(await w.page.locator('dialog[open] input[name="title"]').inputValue()).toBe(payload);
            expect(await w.page.locator('dialog[open] input[name="theme"]').inputValue()).toBe(payload);
            await w.page.keyboard.press("Escape");
            await w.page.getByRole("button", { name: "Видалити альбом" }).click();
            await sees(w.page, "dialog.dialog-confirm[open] p", payload, `${where}: delete confirmation`);
            await w.page.keyboard.press("Escape");
            await w.page.locator("dialog[open]").waitFor({ state: "detached" });
          }
          await expectClean(w, where);
        }
      }
    });
  },
  TIMEOUT,
);

const mine = ".msg[data-mine] .msg-text";
const theirs = ".msg:not([data-mine]) .msg-text";

test.skipIf(skipBrowser)(
  "personal messages and their edits are shown as plain text live and from history, in the chat, the chat list and the edit box, to both people",
  async () => {
    const { owner, viewer, personalId, drafts } = await seed();
    await withPages("xss-personal", [owner.session, viewer.session], async ([own, other]) => {
      // The owner watches while the other person edits each draft into a payload: live edits.
      await go(own!, `/chats/${personalId}`);
      await seesAll(own!.page, mine, MESSAGE_TEXTS, "own messages");
      await sees(own!.page, theirs, "чернетка 11", "drafts");
      for (const [i, messageId] of drafts.entries()) {
        await viewer.client.trpc.chats.editMessage.mutate({ chatId: personalId, messageId, body: PAYLOADS[i]! });
      }
      await seesAll(own!.page, theirs, MESSAGE_TEXTS, "live edits");
      await sees(own!.page, "h1#chat-title", viewer.fullName, "personal chat heading");

      // Editing my own message puts its text in the edit box (a textarea: the </textarea> payload).
      const message = own!.page.locator(".msg[data-mine]").filter({ hasText: PAYLOADS[7] });
      await message.hover();
      await message.getByRole("button", { name: "Редагувати" }).click();
      expect(await own!.page.locator(".composer textarea").inputValue()).toBe(PAYLOADS[7]);
      await sees(own!.page, ".composer-editing-quote", PAYLOADS[7], "the message being edited");
      await own!.page.locator(".composer textarea").press("Escape");
      await own!.page.locator(".composer-editing").waitFor({ state: "detached" });
      await expectClean(own!, "personal chat, live, to the owner");

      // From history, for both of them; the list shows the other person's name and the last text.
      for (const [w, who, peer] of [[own!, "the owner", viewer], [other!, "the other person", owner]] as const) {
        await go(w, `/chats/${personalId}`);
        await seesAll(w.page, mine, MESSAGE_TEXTS, `my messages, to ${who}`);
        await seesAll(w.page, theirs, MESSAGE_TEXTS, `their messages, to ${who}`);
        await sees(w.page, "h1#chat-title", peer.fullName, `heading, to ${who}`);
        await expectTitle(w, peer.fullName);
        const row = w.page.locator(`a.chat-row[href="/chats/${personalId}"]`);
        await sees(w.page, `a.chat-row[href="/chats/${personalId}"] .chat-row-name`, peer.fullName, `list row, to ${who}`);
        await sees(w.page, `a.chat-row[href="/chats/${personalId}"] .chat-row-preview`, PAYLOADS[11], `list preview, to ${who}`);
        expect(await row.count()).toBe(1);
        await expectClean(w, `personal chat from history, to ${who}`);
      }
      await sees(other!.page, ".chat-sub", `@${owner.username}`, "the other person's username under the heading");
      // A personal chat has no name line over the other person's runs; screen readers get the name.
      await sees(other!.page, ".msg-who", owner.fullName, "author of a run, for screen readers");
    });
  },
  TIMEOUT,
);

test.skipIf(skipBrowser)(
  "group names, the system lines naming them, members' names, typing and group and public messages are shown as plain text to the admin, a member and a guest",
  async () => {
    const { people, owner, viewer, groups, sockets } = await seed();
    const others = people.slice(1);
    await withPages("xss-groups", [owner.session, viewer.session, null], async ([own, other, guest]) => {
      // The admin: group 0's messages and its info dialog (rename field, members, confirmations).
      await go(own!, `/chats/${groups[0]}`);
      await sees(own!.page, "h1#chat-title", PAYLOADS[0], "group heading, to the admin");
      await seesAll(own!.page, ".msg-text", MESSAGE_TEXTS, "group messages, to the admin");
      await seesAll(own!.page, ".chat-row-name", PAYLOADS, "group names in the list, to the admin");
      await own!.page.getByRole("button", { name: "Про групу" }).click();
      await sees(own!.page, "#group-info-title", PAYLOADS[0], "group info title");
      expect(await own!.page.locator('dialog[open] input[name="name"]').inputValue()).toBe(PAYLOADS[0]);
      for (const p of others) {
        await sees(own!.page, ".member-name", p.fullName, "member name");
        await sees(own!.page, ".member-name", `@${p.username}`, "member username");
      }
      await own!.page.locator(".member").filter({ hasText: others[0]!.username }).locator("button.icon-danger").click();
      await sees(own!.page, "dialog.dialog-confirm[open] p", others[0]!.fullName, "remove-member confirmation");
      await own!.page.keyboard.press("Escape");
      await own!.page.getByRole("button", { name: "Вийти з групи" }).click();
      await sees(own!.page, "dialog.dialog-confirm[open] p", PAYLOADS[0], "leave confirmation");
      await own!.page.keyboard.press("Escape");
      await own!.page.locator("dialog.dialog-confirm[open]").waitFor({ state: "detached" });
      await own!.page.keyboard.press("Escape");
      await own!.page.locator("dialog[open]").waitFor({ state: "detached" });
      // "New group": a person picked by username shows as a chip with their name.
      await own!.page.getByRole("button", { name: "Нова група" }).click();
      await own!.page.locator("dialog[open]").getByLabel("Ім'я користувача").fill(others[0]!.username);
      await own!.page.locator("dialog[open]").getByRole("button", { name: "Додати", exact: true }).click();
      await sees(own!.page, "dialog[open] .chip", others[0]!.fullName, "picked person");
      await own!.page.keyboard.press("Escape");
      await own!.page.locator("dialog[open]").waitFor({ state: "detached" });
      await expectClean(own!, "group 0 with its info and a new group's picker, to the admin");

      // A member goes through every group from the list; someone types in group 0.
      await go(other!, "/chats");
      await sees(other!.page, `a.chat-row[href="/chats/${groups[0]}"] .chat-row-preview`, `${others[4]!.fullName}: ${PAYLOADS[11]}`, "preview");
      // The typing line names members the chat list knows, and it lists only the first five of a
      // group (see the report: a typist beyond them shows no line): the typist is one of those.
      const { chats } = await viewer.client.trpc.chats.list.query();
      const listed = new Set(chats.find((c) => c.id === groups[0])!.members.map((m) => m.id));
      const typing = others.find((p) => listed.has(p.id))!;
      const typist = sockets.get(typing.id)!;
      await openChat(typist, groups[0]!);
      for (const [i, id] of groups.entries()) {
        const payload = PAYLOADS[i]!;
        const where = `group ${i}, to a member`;
        await other!.page.locator(`a.chat-row[href="/chats/${id}"]`).click();
        await sees(other!.page, "h1#chat-title", payload, where);
        await expectTitle(other!, payload);
        await sees(other!.page, ".msg-system", PAYLOADS[(i + 1) % PAYLOADS.length]!, `${where}: "created" line`);
        await sees(other!.page, ".msg-system", payload, `${where}: "renamed" line`);
        for (const p of others) await sees(other!.page, ".msg-system", p.fullName, `${where}: "added" line`);
        if (i === 0) {
          await seesAll(other!.page, theirs, MESSAGE_TEXTS, `${where}: messages`);
          for (const p of people) await sees(other!.page, ".msg-author", p.fullName, `${where}: authors`);
          const announce = () => typist.send(JSON.stringify({ type: "chat.typing", chatId: id }));
          announce();
          const again = setInterval(announce, 1000);
          try {
            await sees(other!.page, ".chat-typing", `${typing.firstName} друкує…`, `${where}: typing`);
          } finally {
            clearInterval(again);
          }
        }
        await other!.page.getByRole("button", { name: "Про групу" }).click();
        await sees(other!.page, "#group-info-title", payload, `${where}: info title`);
        for (const p of people) await sees(other!.page, ".member-name", p.fullName, `${where}: members`);
        await other!.page.keyboard.press("Escape");
        await other!.page.locator("dialog[open]").waitFor({ state: "detached" });
        await expectClean(other!, where);
      }
      // Removed from the group on screen: back to the list, which names the group.
      const last = groups.length - 1;
      await owner.client.trpc.chats.removeMember.mutate({ chatId: groups[last]!, userId: viewer.id });
      await sees(other!.page, ".chat-list-panel", `Вас видалили з групи «${PAYLOADS[last]}».`, "removed notice");
      await expectClean(other!, "chat list after removal, to a member");

      // The public chat, signed in and as a guest.
      for (const [w, who] of [[other!, "a signed-in person"], [guest!, "a guest"]] as const) {
        await go(w, `/chat/${GLOBAL_CHAT_ID}`);
        await seesAll(w.page, ".msg-text", MESSAGE_TEXTS, `public messages, to ${who}`);
        for (const p of people) await sees(w.page, ".msg-author", p.fullName, `public authors, to ${who}`);
        await expectClean(w, `public chat, to ${who}`);
      }
    });
  },
  TIMEOUT,
);

test.skipIf(skipBrowser)(
  "notices to everyone are shown as plain text in the toasts of a signed-in person and of a guest, with the sender's name",
  async () => {
    const { people, viewer } = await seed();
    await withPages("xss-notices", [viewer.session, null], async (pages) => {
      for (const w of pages) {
        await go(w, `/chat/${GLOBAL_CHAT_ID}`);
        await w.page.locator(".msg-text").first().waitFor(); // the socket is up and subscribed
      }
      // One notice per person (each may send one per 30 s): two payloads in each.
      for (const [k, p] of people.entries()) {
        const text = `${PAYLOADS[2 * k]} ${PAYLOADS[2 * k + 1]}`;
        await p.client.trpc.chats.notifyEveryone.mutate({ text });
        for (const [j, w] of pages.entries()) {
          const who = j === 0 ? "a signed-in person" : "a guest";
          await sees(w.page, ".toast-text", text, `notice ${k}, to ${who}`);
          await sees(w.page, ".toast-from", `${p.fullName} сповіщає`, `notice ${k} sender, to ${who}`);
          await expectClean(w, `notice ${k}, to ${who}`);
        }
      }
    });
  },
  TIMEOUT,
);

test.skipIf(skipBrowser)(
  "a session's User-Agent is shown as plain text on the sessions page",
  async () => {
    const { owner } = await seed();
    await withPages("xss-sessions", [owner.session], async ([own]) => {
      await go(own!, "/settings/sessions");
      await sees(own!.page, ".session-title", HOSTILE_AGENT, "the session's browser");
      await expectClean(own!, "sessions page");
    });
  },
  TIMEOUT,
);

test.skipIf(skipBrowser)(
  "a post's title, body and comments are shown as plain text on its own page, to its author and to a guest",
  async () => {
    const { people, viewer, viewerPost } = await seed();
    await withPages("xss-post-page", [viewer.session, null], async (pages) => {
      for (const [w, who] of [[pages[0]!, "the author"], [pages[1]!, "a guest"]] as const) {
        await go(w, `/posts/${viewerPost}`);
        await sees(w.page, ".post-title", PAYLOADS[0], `post title, to ${who}`);
        await expectTitle(w, PAYLOADS[0]);
        // The body is Markdown: all but the link-shaped payload 9 come out as their literal text.
        await seesAll(w.page, ".post-body", PAYLOADS.filter((_, i) => i !== 9), `post body, to ${who}`);
        await sees(w.page, ".comment-text", PAYLOADS[7], `comment, to ${who}`);
        await sees(w.page, ".comment-author", people[1]!.fullName, `comment author, to ${who}`);
        await expectClean(w, `post page, to ${who}`);
      }
    });
  },
  TIMEOUT,
);

test.skipIf(skipBrowser)(
  "notifications show the names of who liked, commented and mentioned, post titles and the mention's excerpt as plain text, in the bell's page",
  async () => {
    const { people, viewer, requester } = await seed();
    await withPages("xss-notifications", [viewer.session], async ([w]) => {
      await go(w!, "/");
      await sees(w!.page, "header .bell:visible .bell-badge", "4", "the bell's count of unseen");
      await expectClean(w!, "header with the bell");

      await go(w!, "/notifications");
      const entry = (kind: string) => `.notification[data-kind=${kind}]`;
      await sees(w!.page, `${entry("like")} .notification-title`, PAYLOADS[0], "liked post's title");
      for (const p of people.slice(0, 3)) await sees(w!.page, `${entry("like")} strong`, p.fullName, "who liked");
      await sees(w!.page, `${entry("comment")} .notification-title`, PAYLOADS[0], "commented post's title");
      await sees(w!.page, `${entry("comment")} strong`, people[1]!.fullName, "who commented");
      await sees(w!.page, `${entry("mention")} .notification-title`, PAYLOADS[4], "title of the post with the mention");
      await sees(w!.page, `${entry("mention")} strong`, people[2]!.fullName, "who mentioned");
      await sees(w!.page, `${entry("mention")} .notification-excerpt`, PAYLOADS[8], "the mention's excerpt");
      await sees(w!.page, `${entry("friend_request")} strong`, requester.fullName, "who asked to be friends");
      await expectClean(w!, "notifications page");
    });
  },
  TIMEOUT,
);

test.skipIf(skipBrowser)(
  "a person asking to be friends is named as plain text on the friends pages and in the header's person search",
  async () => {
    const { viewer, requester } = await seed();
    await withPages("xss-friends", [viewer.session], async ([w]) => {
      for (const path of ["/friends", "/friends/requests"]) {
        await go(w!, path);
        await sees(w!.page, `.person-card[data-user="${requester.username}"] .person-name`, requester.fullName, `request on ${path}`);
        await expectClean(w!, `friends page ${path}`);
      }
      await w!.page.locator("#people-search").fill([...requester.firstName].slice(0, 12).join(""));
      await sees(w!.page, ".people-search-name", requester.fullName, "person search dropdown");
      await expectClean(w!, "person search dropdown");
    });
  },
  TIMEOUT,
);
