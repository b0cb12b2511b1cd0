/**
 * The kit of the stored-XSS browser test (xss.e2e.test.ts): the payloads, the people and content
 * that carry them (made through the API, as real people do), and a watcher for a page that
 * records every sign of injection — a dialog, a CSP violation (console and
 * `securitypolicyviolation`), an element or attribute a payload would create, `window.__xss`.
 */
import { expect } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { connect, sendOk } from "../helpers/chat.ts";
import { createClient, defaultPassword, uniqueEmail, uniqueUsername, type TestClient } from "../helpers/client.ts";
import type { TestServer } from "../helpers/test-server.ts";
import type { TestSocket } from "../helpers/ws.ts";
import { browserPage } from "./e2e-helpers.ts";

/**
 * Payload n, were it ever parsed as markup (or as a template), leaves a marker: an element with id
 * `xss-<n>`, a `data-xss` or `on*` attribute, a `javascript:` URL, `window.__xss = n`, or "49"
 * instead of the literal `{{7*7}}`. Each fits a name (50 characters), so every field takes them all.
 */
export const PAYLOADS = [
  `<img src=x id=xss-0 onerror=__xss=0;alert(0)>`,
  `<script id=xss-1>__xss=1;alert(1)</script>`,
  `"><svg id=xss-2 onload=__xss=2;alert(2)>`,
  `javascript:__xss=3;alert(3)`,
  `<a id=xss-4 href="javascript:__xss=4">x</a>`,
  `{{7*7}}{name}<i id=xss-5>`,
  "${__xss=6,alert(6)}<i id=xss-6>",
  `</textarea><script id=xss-7>__xss=7</script>`,
  `<iframe id=xss-8 srcdoc="<svg onload=alert(8)>">`,
  `[xss-9](javascript:__xss=9;alert(9))`,
  `<style id=xss-10>*{display:none}</style>`,
  `" autofocus onfocus=__xss=11 data-xss=11 x="`,
] as const;

/**
 * The payloads as a chat message shows them (issue 13: messages are Markdown like posts): the same
 * text, except that the Markdown link to javascript: (payload 9) shows as its text "xss-9" only.
 */
export const MESSAGE_TEXTS: readonly string[] = PAYLOADS.map((p, i) => (i === 9 ? "xss-9" : p));

/** Every payload on its own line (476 characters: a bio holds 500). */
export const BIO = PAYLOADS.join("\n");

/**
 * A User-Agent: the sessions page shows its first word (up to a space or "/") when it names no
 * known browser, so this one has neither.
 */
export const HOSTILE_AGENT = "<xss-12>{{7*7}}${alert(12)}<style>*{display:none}<xss-12>";

export interface Person {
  client: TestClient;
  id: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  fullName: string;
  /** The wit_session cookie's value, for a browser context. */
  session: string;
}

async function register(server: TestServer, label: string, userAgent?: string): Promise<Person> {
  const client = createClient(server, { userAgent });
  const email = uniqueEmail(label);
  const username = uniqueUsername(label);
  const [firstName, lastName] = ["Тарас", "Шевчук"];
  await client.trpc.auth.register.mutate({ email, username, firstName, lastName, password: defaultPassword });
  await client.trpc.auth.verifyEmail.mutate({ email, code: await server.mail.codeFor(email) });
  const session = client.jar.get("wit_session");
  expect(session).toBeTruthy();
  const me = await client.trpc.auth.me.query();
  return { client, id: me!.id, email, username, firstName, lastName, fullName: `${firstName} ${lastName}`, session: session! };
}

export interface Seed {
  /** Six people named with the payloads (two each), every payload in their bios; [0] owns the content. */
  people: Person[];
  owner: Person;
  /** Someone else, with a plain name, who sees all of it. */
  viewer: Person;
  sockets: Map<string, TestSocket>;
  /** Album i: title, theme and its one photo's caption are PAYLOADS[i]. */
  albums: string[];
  personalId: string;
  /** The viewer's messages in the personal chat, plain until the chat test edits them. */
  drafts: number[];
  /** Group i: created by the owner as PAYLOADS[i + 1], renamed to PAYLOADS[i], the other five added; the viewer is in it. */
  groups: string[];
  /**
   * The viewer's post: title PAYLOADS[0], every payload in its body, liked by people 0–2 and
   * commented PAYLOADS[7] by person 1 (so the viewer has "like" and "comment" notifications).
   */
  viewerPost: number;
  /** The owner's post, title PAYLOADS[4]: person 2 comments `@viewer PAYLOADS[8]` (a mention, its excerpt shown). */
  mentionPost: number;
  /** Person 3, who asked the viewer to be friends (still pending). */
  requester: Person;
}

/** Registers the people and stores the payloads in every field the web client shows. */
export async function makeSeed(server: TestServer): Promise<Seed> {
  const all = await Promise.all([
    register(server, "xss", HOSTILE_AGENT),
    ...[1, 2, 3, 4, 5].map(() => register(server, "xss")),
    register(server, "viewer"),
  ]);
  const viewer = all.pop()!;
  const people = all;
  await Promise.all(
    people.map(async (p, k) => {
      // The username schema allows only [a-z0-9_.]: the most it takes is a word like this.
      const username = `javascript.alert_${k}_${crypto.randomUUID().slice(0, 6)}`;
      const [firstName, lastName] = [PAYLOADS[2 * k]!, PAYLOADS[2 * k + 1]!];
      await p.client.trpc.settings.update.mutate({ firstName, lastName, username, bio: BIO, birthDate: null, showBirthDate: false });
      Object.assign(p, { firstName, lastName, username, fullName: `${firstName} ${lastName}` });
    }),
  );
  const owner = people[0]!;
  const o = owner.client.trpc;

  const albums = await Promise.all(
    PAYLOADS.map(async (payload) => {
      const album = await o.albums.create.mutate({ title: payload, theme: payload, year: 2025, visibility: "everyone" });
      const media = await upload(server, owner.client, "album_photo", makePng(64, 48));
      const [photo] = await o.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [media.id] });
      await o.albums.updatePhoto.mutate({ photoId: photo!.id, caption: payload });
      return album.id;
    }),
  );

  const sockets = new Map<string, TestSocket>();
  for (const p of [...people, viewer]) sockets.set(p.id, await connect(server, p.client));
  const sock = (p: Person) => sockets.get(p.id)!;

  const personalId = (await o.chats.openPersonal.mutate({ userId: viewer.id })).id;
  for (const payload of PAYLOADS) await sendOk(sock(owner), personalId, payload);
  const drafts: number[] = [];
  for (const i of PAYLOADS.keys()) drafts.push((await sendOk(sock(viewer), personalId, `чернетка ${i}`)).id);

  // Three system lines name the payloads: "created <name>", "renamed to <name>", "added <names>".
  const groups: string[] = [];
  for (const [i, name] of PAYLOADS.entries()) {
    const group = await o.chats.createGroup.mutate({ name: PAYLOADS[(i + 1) % PAYLOADS.length]!, memberIds: [viewer.id] });
    await o.chats.updateGroup.mutate({ chatId: group.id, name });
    await o.chats.addMembers.mutate({ chatId: group.id, userIds: people.slice(1).map((p) => p.id) });
    groups.push(group.id);
  }
  // Group 0 and the public chat: every payload as a message, by each of the six in turn.
  for (const [i, payload] of PAYLOADS.entries()) await sendOk(sock(people[Math.floor(i / 2)]!), groups[0]!, payload);
  for (const [i, payload] of PAYLOADS.entries()) await sendOk(sock(people[i % people.length]!), GLOBAL_CHAT_ID, payload);

  // Posts, likes, comments, a mention and a friend request: the viewer's notifications and friends pages.
  const post = (p: Person, title: string) => p.client.trpc.posts.create.mutate({ title, body: PAYLOADS.join("\n\n"), tags: [], links: [], imageIds: [] });
  const viewerPost = (await post(viewer, PAYLOADS[0])).id;
  for (const p of people.slice(0, 3)) await p.client.trpc.posts.like.mutate({ postId: viewerPost, on: true });
  await people[1]!.client.trpc.comments.create.mutate({ postId: viewerPost, body: PAYLOADS[7] });
  const mentionPost = (await post(owner, PAYLOADS[4])).id;
  await people[2]!.client.trpc.comments.create.mutate({ postId: mentionPost, body: `@${viewer.username} ${PAYLOADS[8]}` });
  const requester = people[3]!;
  await requester.client.trpc.friends.request.mutate({ userId: viewer.id });

  return { people, owner, viewer, sockets, albums, personalId, drafts, groups, viewerPost, mentionPost, requester };
}

// ── watching a page ──────────────────────────────────────────────────────────

interface Scan {
  /** Elements and attributes only an injected payload would make. */
  found: string[];
  /** Counts of executable or styling elements (compared with a clean page's). */
  tags: Record<string, number>;
  xss: unknown;
  /** What the `securitypolicyviolation` listener recorded since this document loaded. */
  violations: string[] | null;
}

/** Runs in the page: looks for any marker a payload would leave. */
function scanPage(): Scan {
  const found: string[] = [];
  const short = (el: Element) => el.outerHTML.slice(0, 160);
  for (const el of document.querySelectorAll("*")) {
    const marked = el.id.startsWith("xss-") || el.localName.startsWith("xss-") || [...el.classList].some((c) => c.startsWith("xss-"));
    if (marked) found.push(short(el));
    for (const a of el.attributes) {
      const url = /^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value);
      if (url || /^on/i.test(a.name) || a.name === "data-xss" || a.name === "srcdoc") found.push(`[${a.name}] ${short(el)}`);
    }
  }
  const tags: Record<string, number> = {};
  for (const tag of ["script", "iframe", "frame", "object", "embed", "style", "base"]) tags[tag] = document.getElementsByTagName(tag).length;
  const w = window as unknown as { __xss?: unknown; __cspViolations?: string[] };
  return { found, tags, xss: w.__xss ?? null, violations: w.__cspViolations ? [...w.__cspViolations] : null };
}


/** Installed in every document of a watched context: records CSP violations into a window array. */
function recordViolations() {
  const w = window as unknown as { __cspViolations: string[] };
  w.__cspViolations = [];
  document.addEventListener(
    "securitypolicyviolation",
    (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`),
    true,
  );
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** Messages of dialogs (alert, confirm, prompt) the page opened; each is dismissed. */
  dialogs: string[];
  /** Console messages about the Content Security Policy. */
  cspConsole: string[];
}

/** Per page: script errors and refused asset requests (shown when a step fails, and used by `open`). */
const troubles = new WeakMap<Page, string[]>();

/** A browser context (signed in with `session`, or a guest) whose page is watched for injection. */
export async function watch(browser: Browser, url: string, session: string | null): Promise<Watched> {
  const { context, page } = await browserPage(browser, url, session);
  await context.addInitScript(recordViolations);
  const watched: Watched = { context, page, dialogs: [], cspConsole: [] };
  page.on("dialog", (d) => {
    watched.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => {});
  });
  page.on("console", (m) => {
    if (/content security policy/i.test(m.text())) watched.cspConsole.push(m.text());
  });
  const trouble: string[] = [];
  troubles.set(page, trouble);
  page.on("pageerror", (e) => trouble.push(`page error: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname.startsWith("/assets/")) trouble.push(`${r.status()} ${r.url()}`);
  });
  return watched;
}

/**
 * Loads a page of the app and waits for its route to render. Other suites build the web client
 * into the same dist/web while this server serves it: a lazy chunk can be missing for a moment
 * (its request fails and the page stays blank), so such a load is retried once.
 */
export async function open(w: Watched, url: string) {
  const trouble = troubles.get(w.page)!;
  for (let attempt = 1; ; attempt++) {
    const before = trouble.length;
    await w.page.goto(url);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && trouble.length === before && (await w.page.locator("#main > *").count()) === 0) await w.page.waitForTimeout(100);
    if ((await w.page.locator("#main > *").count()) > 0 || attempt === 2) return;
  }
}

/** Signs the watched context in as someone else (the next page load is theirs). */
export async function switchTo(w: Watched, url: string, session: string) {
  await w.context.clearCookies();
  await w.context.addCookies([{ name: "wit_session", value: session, url }]);
}

async function scanOf(page: Page): Promise<Scan> {
  return page.evaluate(scanPage);
}

let cleanTags: Record<string, number> | undefined;

/** The element counts of a page that shows nobody's content (the home page, to a guest). */
export async function learnCleanPage(w: Watched, url: string) {
  await open(w, `${url}/`);
  await w.page.getByRole("heading", { level: 1 }).waitFor();
  const scan = await scanOf(w.page);
  expect(scan.found).toEqual([]);
  expect(scan.violations).toEqual([]); // the listener is installed, and the app itself breaks no rule
  cleanTags = scan.tags;
}

/** Fails if the page shows any sign of injection. Call before leaving a page (navigation resets its records). */
export async function expectClean(w: Watched, where: string) {
  if (!cleanTags) throw new Error("learnCleanPage first");
  const scan = await scanOf(w.page);
  expect({ where, ...scan, dialogs: w.dialogs, cspConsole: w.cspConsole }).toEqual({
    where,
    found: [],
    tags: cleanTags,
    xss: null,
    violations: [],
    dialogs: [],
    cspConsole: [],
  });
}

/** Waits until an element matching `selector` shows `text` (literally, visibly); says what was injected if not. */
export async function sees(page: Page, selector: string, text: string, where: string) {
  try {
    await page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
  } catch (error) {
    const scan = await scanOf(page).catch(() => null);
    const trouble = troubles.get(page) ?? [];
    throw new Error(`${where}: ${selector} does not show ${JSON.stringify(text)} as text; page scan: ${JSON.stringify(scan)}; trouble: ${JSON.stringify(trouble)}`, {
      cause: error,
    });
  }
}

/** `sees` for each payload. */
export async function seesAll(page: Page, selector: string, texts: readonly string[], where: string) {
  for (const text of texts) await sees(page, selector, text, where);
}
