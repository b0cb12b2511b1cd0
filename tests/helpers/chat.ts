/** Messenger test helpers: a signed-in person with a socket, opening chats and sending over it. */
import { newClientId, type ChatMessage } from "../../shared/chats.ts";
import { serverEvent, type ServerEvent, type ServerEventOf } from "../../shared/events.ts";
import { createClient, registerAndVerify, type TestClient } from "./client.ts";
import type { TestServer } from "./test-server.ts";
import { caughtUp, openSocket, type TestSocket } from "./ws.ts";

export interface Person {
  client: TestClient;
  user: { id: string; username: string; firstName: string; lastName: string };
  sock: TestSocket;
}

/** The web client's own ids (time-ordered), so the tests store what people's browsers send. */
export { newClientId };
export { caughtUp };

/** Every frame must match the shared serverEvent union (the client may validate with it). */
export function expectValidFrames(sock: TestSocket) {
  for (const f of sock.frames) {
    const r = serverEvent.safeParse(f);
    if (!r.success) throw new Error(`frame does not match serverEvent: ${JSON.stringify(f)} ${r.error.message}`);
  }
}

export async function connect(srv: { url: string }, client?: TestClient): Promise<TestSocket> {
  const sock = await openSocket(srv.url, { origin: srv.url, ...(client && { cookie: client.cookieHeader() }) });
  await sock.next((e) => e.type === "hello");
  return sock;
}

export async function person(srv: TestServer): Promise<Person> {
  const client = createClient(srv);
  const { user } = await registerAndVerify(srv, client);
  return { client, user, sock: await connect(srv, client) };
}

const is =
  <T extends ServerEvent["type"]>(type: T, pred: (e: ServerEventOf<T>) => boolean = () => true) =>
  (e: ServerEvent): boolean =>
    e.type === type && pred(e as ServerEventOf<T>);
export { is };

/** chat.open → chat.opened, or the error frame's code. */
export async function openChat(sock: TestSocket, chatId: string): Promise<ServerEventOf<"chat.opened"> | ServerEventOf<"error">> {
  const ref = crypto.randomUUID();
  sock.send(JSON.stringify({ type: "chat.open", chatId, ref }));
  return (await sock.next((e) => (e.type === "chat.opened" || e.type === "error") && e.ref === ref)) as
    | ServerEventOf<"chat.opened">
    | ServerEventOf<"error">;
}

/** chat.send → its chat.ack (or error frame), matched by clientId. */
export async function send(
  sock: TestSocket,
  chatId: string,
  body: string,
  opts: { clientId?: string; imageIds?: string[]; timeoutMs?: number } = {},
): Promise<ServerEventOf<"chat.ack"> | ServerEventOf<"error">> {
  const clientId = opts.clientId ?? newClientId();
  sock.send(JSON.stringify({ type: "chat.send", chatId, clientId, body, imageIds: opts.imageIds ?? [] }));
  return (await sock.next((e) => (e.type === "chat.ack" || e.type === "error") && e.clientId === clientId, opts.timeoutMs)) as
    | ServerEventOf<"chat.ack">
    | ServerEventOf<"error">;
}

export async function sendOk(sock: TestSocket, chatId: string, body: string, opts: { clientId?: string; imageIds?: string[] } = {}): Promise<ChatMessage> {
  const r = await send(sock, chatId, body, opts);
  if (r.type !== "chat.ack") throw new Error(`send failed: ${JSON.stringify(r)}`);
  return r.message;
}

/**
 * Every frame matching `pred` that `sock` ever got, once it has caught up with the server (see
 * caughtUp): call it after the answer to whatever could have sent one, to count them exactly.
 */
export async function settledFrames(sock: TestSocket, pred: (e: ServerEvent) => boolean): Promise<ServerEvent[]> {
  await caughtUp(sock);
  return sock.frames.filter(pred);
}

/** Asserts that `sock` never got a frame matching `pred`, once it has caught up with the server. */
export async function expectNoFrame(sock: TestSocket, pred: (e: ServerEvent) => boolean) {
  const got = await settledFrames(sock, pred);
  if (got.length) throw new Error(`unexpected frame: ${JSON.stringify(got)}`);
}

/** The frame is about chat `chatId`: its messages, their changes, reads, typing, list updates. */
export const aboutChat = (chatId: string) => (e: ServerEvent): boolean => {
  if (e.type === "chat.message" || e.type === "chat.ack") return e.message.chatId === chatId;
  if (e.type === "chat.updated") return e.chat.id === chatId;
  return "chatId" in e && e.chatId === chatId;
};

/** A chat's whole stored history, oldest first, read page by page as a client would. */
export async function allHistory(client: TestClient, chatId: string): Promise<ChatMessage[]> {
  const out: ChatMessage[] = [];
  for (let after = 0; ; ) {
    const page = await client.trpc.chats.history.query({ chatId, after, limit: 100 });
    out.push(...page.messages);
    if (!page.hasMore) return out;
    after = page.messages.at(-1)!.id;
  }
}
