/**
 * One row per websocket client frame type: what each role's socket gets when it sends the frame
 * for the group chat, and whether the chat's traffic reaches that socket afterwards. The chat's
 * side is watched by a socket of the admin's that opened the group: a frame that should have been
 * dropped would reach it before the watcher's own later message (one server, frames in order).
 * Nothing here asserts silence by waiting: a `pong` to a later `ping`, or the watcher's own message,
 * marks the point by which anything leaked would have arrived. The post frames' rows use the same
 * watcher socket for posts: once it has a post's frame, the role's socket would have had it too.
 */
import type { ClientEvent, ServerEvent, ServerEventOf } from "../../../shared/events.ts";
import type { ChatMessage } from "../../../shared/chats.ts";
import { connect, is, newClientId, send } from "../../helpers/chat.ts";
import type { TestSocket } from "../../helpers/ws.ts";
import type { Cast } from "./cast.ts";
import { CHAT_404, NA, OK, type Expect, type Outcome, type Role } from "./matrix.ts";
import { presenceFrameRows } from "./presence-frames.ts";

export interface FrameRun {
  cast: Cast;
  role: Role;
  /** The role's socket: a new one, or the removed member's own (it had the group open before the removal). */
  sock: TestSocket;
  /** A socket of the admin's with the group open, made before the frame is sent. */
  watcher: TestSocket;
  chatId: string;
}

export interface FrameRow {
  expect: Expect;
  /** Sends the frame; returns its outcome, with what went wrong appended when the chat leaked. */
  run(x: FrameRun): Promise<string>;
}

/** chat.open → chat.opened or the error frame (a generous deadline: the machine is shared). */
export async function openChat(sock: TestSocket, chatId: string) {
  const ref = crypto.randomUUID();
  sock.send(JSON.stringify({ type: "chat.open", chatId, ref }));
  const answer = await sock.next((e) => (e.type === "chat.opened" || e.type === "error") && e.ref === ref, 10_000);
  return answer as ServerEventOf<"chat.opened"> | ServerEventOf<"error">;
}

/** chat.send that must be acknowledged. */
export async function sendOk(sock: TestSocket, chatId: string, body: string, imageIds: string[] = []): Promise<ChatMessage> {
  const answer = await send(sock, chatId, body, { imageIds, timeoutMs: 10_000 });
  if (answer.type !== "chat.ack") throw new Error(`send failed: ${JSON.stringify(answer)}`);
  return answer.message;
}

const errorText = (e: ServerEventOf<"error">) => `${e.code} ${e.reason}` as Outcome;

/** Sends a ping and resolves with the index of its pong in sock.frames. */
export async function pingPong(sock: TestSocket): Promise<number> {
  const at = Math.random();
  sock.send(JSON.stringify({ type: "ping", at }));
  const pong = await sock.next(is("pong", (e) => e.at === at), 10_000);
  return sock.frames.indexOf(pong);
}

/** The watcher writes to the chat; resolves with its message's index in the watcher's frames. */
async function watcherWrites(x: FrameRun) {
  const message = await sendOk(x.watcher, x.chatId, `probe ${newClientId()}`);
  const echo = await x.watcher.next(is("chat.message", (e) => e.message.id === message.id), 10_000);
  return { message, at: x.watcher.frames.indexOf(echo) };
}

/** Whether the role's socket still gets the chat: a message written now arrives before the pong to a ping sent after it. */
async function receivesChat(x: FrameRun): Promise<boolean> {
  const { message } = await watcherWrites(x);
  const pong = await pingPong(x.sock);
  return x.sock.frames.slice(0, pong).some((f) => f.type === "chat.message" && f.message.id === message.id);
}

/** The first error frame about this chat among frames[from..to). */
const errorAbout = (sock: TestSocket, chatId: string, from: number, to = sock.frames.length) =>
  sock.frames.slice(from, to).find((f): f is ServerEventOf<"error"> => f.type === "error" && f.chatId === chatId);

const typingIn = (chatId: string) => (f: ServerEvent) => f.type === "chat.typing" && f.chatId === chatId;

/** The first error frame among frames[from..to). */
const anyError = (sock: TestSocket, from: number, to: number) => sock.frames.slice(from, to).find((f): f is ServerEventOf<"error"> => f.type === "error");

/** The next frame from index `from` on that matches; null when none comes within the deadline. */
async function nextFrom(sock: TestSocket, from: number, pred: (e: ServerEvent) => boolean): Promise<ServerEvent | null> {
  return sock.next((e) => pred(e) && sock.frames.indexOf(e) >= from, 10_000).catch(() => null);
}

/** Sends a frame; resolves once the server has handled it (a pong to a later ping) with that pong's index. */
async function say(sock: TestSocket, frame: ClientEvent): Promise<number> {
  sock.send(JSON.stringify(frame));
  return pingPong(sock);
}

/** The admin likes or unlikes the post, whichever moves its count (post.likes goes out only on a change). */
async function moveLikes(cast: Cast, postId: number) {
  const api = cast.actors.admin.client.trpc;
  const { liked } = await api.posts.byId.query({ id: postId });
  await api.posts.like.mutate({ postId, on: !liked });
}

const likesOf = (postId: number) => is("post.likes", (e) => e.postId === postId);
const created = (postId: number) => is("post.created", (e) => e.postId === postId);
const newPost = async (cast: Cast) => (await cast.actors.admin.client.trpc.posts.create.mutate({ title: "Новий у стрічці", body: "" })).id;

export const frameRows: Record<string, FrameRow> = {
  ping: {
    expect: { guest: OK, stranger: OK, member: OK, removed: OK, admin: OK, moderator: OK, siteAdmin: OK },
    async run(x) {
      await pingPong(x.sock);
      return OK;
    },
  },

  "chat.open": {
    expect: { guest: CHAT_404, stranger: CHAT_404, member: OK, removed: CHAT_404, admin: OK, moderator: CHAT_404, siteAdmin: CHAT_404 },
    async run(x) {
      const answer = await openChat(x.sock, x.chatId);
      const outcome = answer.type === "chat.opened" ? OK : errorText(answer);
      const receives = await receivesChat(x);
      if (receives === (outcome === OK)) return outcome;
      return `${outcome}, yet ${receives ? "then receives the chat's messages" : "then misses the chat's messages"}`;
    },
  },

  "chat.send": {
    expect: { guest: "UNAUTHORIZED chats.signInToWrite", stranger: CHAT_404, member: OK, removed: CHAT_404, admin: OK, moderator: CHAT_404, siteAdmin: CHAT_404 },
    async run(x) {
      const body = `sent as ${x.role} ${newClientId()}`;
      const answer = await send(x.sock, x.chatId, body, { timeoutMs: 10_000 });
      const outcome = answer.type === "chat.ack" ? OK : errorText(answer);
      const { at } = await watcherWrites(x);
      const arrived = x.watcher.frames.slice(0, at).some((f) => f.type === "chat.message" && f.message.body === body);
      if (arrived !== (outcome === OK)) return `${outcome}, yet the message ${arrived ? "reached" : "never reached"} the chat`;
      // Sending never subscribes.
      if (await receivesChat(x)) return `${outcome}, yet the sender now receives the chat's messages`;
      return outcome;
    },
  },

  "chat.typing": {
    expect: { guest: "silent", stranger: "silent", member: OK, removed: "silent", admin: OK, moderator: "silent", siteAdmin: "silent" },
    async run(x) {
      await openChat(x.sock, x.chatId); // only a member's open succeeds; typing needs an opened chat
      const [from, fromWatched] = [x.sock.frames.length, x.watcher.frames.length];
      x.sock.send(JSON.stringify({ type: "chat.typing", chatId: x.chatId }));
      const pong = await pingPong(x.sock);
      const refused = errorAbout(x.sock, x.chatId, from, pong);
      // The typing frame, if it went out, was published before the pong; the watcher's message after it.
      const { at } = await watcherWrites(x);
      const typed = x.watcher.frames.slice(fromWatched, at).some(typingIn(x.chatId));
      if (refused) return typed ? `${errorText(refused)}, yet the chat saw the typing` : errorText(refused);
      if (typed) return OK;
      return (await receivesChat(x)) ? "silent, yet receives the chat's messages" : "silent";
    },
  },

  "chat.close": {
    expect: { guest: "silent", stranger: "silent", member: "silent", removed: "silent", admin: "silent", moderator: "silent", siteAdmin: "silent" },
    async run(x) {
      await openChat(x.sock, x.chatId); // a member closes an open chat; the others one they could not open
      const from = x.sock.frames.length;
      x.sock.send(JSON.stringify({ type: "chat.close", chatId: x.chatId }));
      const receives = await receivesChat(x);
      const refused = errorAbout(x.sock, x.chatId, from);
      const outcome = refused ? errorText(refused) : "silent";
      return receives ? `${outcome}, yet still receives the chat's messages` : outcome;
    },
  },

  // Posts are public: anyone's socket may watch any post; a watched id that exists nowhere gets
  // nothing. The watcher watches both posts: once it has the unwatched post's likes, the role's
  // socket would have had them too, before the pong to a later ping.
  "post.watch": {
    expect: { guest: OK, stranger: OK, member: OK, removed: OK, admin: OK, moderator: OK, siteAdmin: OK },
    async run(x) {
      const [watched, unwatched, missing] = [x.cast.target.postId, x.cast.foreign.postId, x.cast.missing.postId];
      const from = x.sock.frames.length;
      await say(x.watcher, { type: "post.watch", postIds: [watched, unwatched] });
      const refused = anyError(x.sock, from, await say(x.sock, { type: "post.watch", postIds: [watched, missing] }));
      if (refused) return errorText(refused);
      const problems: string[] = [];
      let watcherFrom = x.watcher.frames.length;
      await moveLikes(x.cast, unwatched);
      await moveLikes(x.cast, watched);
      if (!(await nextFrom(x.sock, from, likesOf(watched)))) problems.push("misses the watched post's likes");
      if (!(await nextFrom(x.watcher, watcherFrom, likesOf(unwatched)))) throw new Error("the watcher missed the unwatched post's likes");
      if (x.sock.frames.slice(from, await pingPong(x.sock)).some(likesOf(unwatched))) problems.push("gets the likes of a post it does not watch");
      // An empty list stops them.
      const stopped = await say(x.sock, { type: "post.watch", postIds: [] });
      watcherFrom = x.watcher.frames.length;
      await moveLikes(x.cast, watched);
      if (!(await nextFrom(x.watcher, watcherFrom, likesOf(watched)))) throw new Error("the watcher missed the watched post's likes");
      if (x.sock.frames.slice(stopped, await pingPong(x.sock)).some(likesOf(watched))) problems.push("still gets the post's likes after watching none");
      return problems.length ? `ok, yet ${problems.join(", ")}` : OK;
    },
  },

  // Anyone's socket may watch the feed: it hears of new posts until it turns the feed off.
  "feed.watch": {
    expect: { guest: OK, stranger: OK, member: OK, removed: OK, admin: OK, moderator: OK, siteAdmin: OK },
    async run(x) {
      const from = x.sock.frames.length;
      await say(x.watcher, { type: "feed.watch", on: true });
      const refused = anyError(x.sock, from, await say(x.sock, { type: "feed.watch", on: true }));
      if (refused) return errorText(refused);
      const problems: string[] = [];
      const first = await newPost(x.cast);
      if (!(await nextFrom(x.sock, from, created(first)))) problems.push("misses a new post");
      const off = await say(x.sock, { type: "feed.watch", on: false });
      const second = await newPost(x.cast);
      if (!(await nextFrom(x.watcher, 0, created(second)))) throw new Error("the watcher missed a new post");
      if (x.sock.frames.slice(off, await pingPong(x.sock)).some(created(second))) problems.push("still hears of new posts after turning the feed off");
      return problems.length ? `ok, yet ${problems.join(", ")}` : OK;
    },
  },
  ...presenceFrameRows,
};

/** Runs one frame row for one role on fresh sockets (the removed member keeps their own). */
export async function runFrame(cast: Cast, row: FrameRow, role: Role): Promise<string> {
  if (row.expect[role] === NA) return NA;
  const actor = cast.actors[role];
  const own = role === "removed";
  const sock = own ? actor.sock : await connect(cast.srv, role === "guest" ? undefined : actor.client);
  const watcher = await connect(cast.srv, cast.actors.admin.client);
  const opened = await openChat(watcher, cast.target.chatId);
  if (opened.type !== "chat.opened") throw new Error(`the watcher could not open the group: ${JSON.stringify(opened)}`);
  try {
    return await row.run({ cast, role, sock, watcher, chatId: cast.target.chatId });
  } finally {
    watcher.ws.close();
    if (!own) sock.ws.close();
  }
}

/**
 * IDOR over the socket: a stranger's and a guest's answers to chat.open and chat.send for someone
 * else's chat (the group, the personal chat) and to chat.send with someone else's image, each
 * next to the answer for an id that exists nowhere. Returns the differences.
 */
export async function frameIdor(cast: Cast): Promise<string[]> {
  const problems: string[] = [];
  const compare = (what: string, theirs: Outcome, missing: Outcome, expected: Outcome) => {
    if (theirs !== missing || theirs !== expected) problems.push(`${what}: someone else's → ${theirs}, missing → ${missing}, expected ${expected} for both`);
  };
  const answer = (e: ServerEventOf<"chat.opened" | "chat.ack" | "error">): Outcome => (e.type === "error" ? errorText(e) : OK);
  for (const role of ["stranger", "guest"] as const) {
    const sock = await connect(cast.srv, role === "guest" ? undefined : cast.actors[role].client);
    try {
      const refusedSend = role === "guest" ? "UNAUTHORIZED chats.signInToWrite" : CHAT_404;
      for (const [label, chatId] of [["the group", cast.target.chatId], ["the personal chat", cast.personalChatId]] as const) {
        const [theirs, missing] = [await openChat(sock, chatId), await openChat(sock, cast.missing.chatId)];
        compare(`${role} chat.open of ${label}`, answer(theirs), answer(missing), CHAT_404);
        // Each its own words: the same text a fourth time in a while is refused as a repeat.
        const sent = [
          await send(sock, chatId, `hello? ${newClientId()}`, { timeoutMs: 10_000 }),
          await send(sock, cast.missing.chatId, `hello? ${newClientId()}`, { timeoutMs: 10_000 }),
        ];
        compare(`${role} chat.send to ${label}`, answer(sent[0]!), answer(sent[1]!), refusedSend);
      }
      if (role === "stranger") {
        const own = cast.strangersOwn.chatId;
        const theirs = await send(sock, own, "", { imageIds: [cast.foreign.media.chat_image], timeoutMs: 10_000 });
        const missing = await send(sock, own, "", { imageIds: [cast.missing.media.chat_image], timeoutMs: 10_000 });
        compare("stranger chat.send with someone else's image", answer(theirs), answer(missing), "NOT_FOUND chats.imageNotFound");
      }
    } finally {
      sock.ws.close();
    }
  }
  return problems;
}
