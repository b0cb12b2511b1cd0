/**
 * A chat client for the failover test that behaves like the web client (web/src/lib/socket.ts +
 * web/src/features/chats/chat-client.ts) but knows several addresses: when its socket closes it
 * reconnects to the next address, and on that socket's hello it resumes its chats through the
 * same shared/chat-sync.ts resumeChats the web client runs (re-open, latest page reconciled,
 * history after the last id held, changes, then pending sends again with their clientIds). It
 * sends one message at a time and waits for its ack, across reconnects.
 */
import { createChatSync, resumeChats, type ChatSync, type ResumeTransport } from "../../shared/chat-sync.ts";
import { newClientId, type ChatMessage } from "../../shared/chats.ts";
import type { ServerEvent } from "../../shared/events.ts";
import { createClient, type TestClient } from "./client.ts";
import { openSocket, type TestSocket } from "./ws.ts";

export interface RoamingClient {
  name: string;
  userId: string;
  sync: ChatSync;
  /** The address in use now. */
  url(): string;
  /** Resolves once connected and resumed (the first time: the chats opened and loaded). */
  ready(): Promise<void>;
  /** Sends one message and resolves with its ack (resent by the resume after a reconnect). */
  send(chatId: string, body: string): Promise<ChatMessage>;
  /** Acknowledged messages, in the order their acks came. */
  acked: ChatMessage[];
  /** How many times the socket was reopened and the chats resumed after a loss. */
  resumes: number;
  /** Error frames and failed resumes (the test expects none). */
  errors: unknown[];
  /** Closes for good (no reconnect). */
  close(): void;
  /** A tRPC client on the address in use now (same cookies). */
  trpc(): TestClient["trpc"];
}

/**
 * `client` is signed in on urls[0] (its cookie jar is shared with a client per address, as one
 * browser's cookie for 127.0.0.1 is). `reconnect: false`: the socket just dies with its server.
 */
export async function startRoamingClient(opts: {
  name: string;
  userId: string;
  client: TestClient;
  urls: string[];
  chatIds: string[];
  reconnect: boolean;
  /**
   * Awaited after a loss, before reconnecting: the web client waits a backoff delay; the test
   * holds the reconnect until others have sent into the chats meanwhile, so the resume has
   * something to catch up on.
   */
  beforeReconnect?: () => Promise<void>;
}): Promise<RoamingClient> {
  const clients = opts.urls.map((url) => {
    const c = createClient({ url }, { ip: opts.client.ip });
    return { url, client: c };
  });
  for (const c of clients) for (const [k, v] of opts.client.jar) c.client.jar.set(k, v);
  let at = 0;
  let sock: TestSocket | null = null;
  let closedForGood = false;
  let readyNow: Promise<void> = Promise.resolve();
  const sync = createChatSync();
  const acked: ChatMessage[] = [];
  const errors: unknown[] = [];
  const waiting = new Map<string, { resolve: (m: ChatMessage) => void; reject: (e: Error) => void }>();
  const self: RoamingClient = {
    name: opts.name,
    userId: opts.userId,
    sync,
    url: () => clients[at]!.url,
    ready: () => readyNow,
    acked,
    resumes: 0,
    errors,
    close() {
      closedForGood = true;
      sock?.ws.close();
    },
    trpc: () => clients[at]!.client.trpc,
    send(chatId, body) {
      const clientId = newClientId();
      const p = new Promise<ChatMessage>((resolve, reject) => waiting.set(clientId, { resolve, reject }));
      sync.addPending({ chatId, clientId, body, imageIds: [] });
      // Not connected: the resume after the reconnect sends it (as the web client does).
      if (sock?.ws.readyState === WebSocket.OPEN) sock.send(JSON.stringify({ type: "chat.send", chatId, clientId, body, imageIds: [] }));
      return p;
    },
  };

  const onFrame = (f: ServerEvent) => {
    sync.apply(f);
    if (f.type === "chat.ack") {
      const w = waiting.get(f.clientId);
      if (w) {
        waiting.delete(f.clientId);
        acked.push(f.message);
        w.resolve(f.message);
      }
    } else if (f.type === "error") errors.push(f);
  };

  /** chat.open → chat.opened on the current socket (rejects on its error frame). */
  const open = async (s: TestSocket, chatId: string) => {
    const ref = newClientId();
    s.send(JSON.stringify({ type: "chat.open", chatId, ref }));
    const r = await s.next((e) => (e.type === "chat.opened" || e.type === "error") && e.ref === ref, 30_000);
    if (r.type !== "chat.opened") throw new Error(`chat.open failed: ${JSON.stringify(r)}`);
    return { at: r.at };
  };

  async function connectAndResume(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (closedForGood) return;
      const { url, client } = clients[at]!;
      try {
        const s = await openSocket(url, { origin: url, cookie: client.cookieHeader() });
        s.ws.addEventListener("message", (m) => onFrame(JSON.parse(String(m.data)) as ServerEvent));
        s.ws.addEventListener("close", () => {
          if (closedForGood || !opts.reconnect || sock !== s) return;
          // Lost: the next address, then resume there (this is the failover).
          at = (at + 1) % clients.length;
          readyNow = Promise.resolve(opts.beforeReconnect?.())
            .then(connectAndResume)
            .then(() => {
              self.resumes++;
            });
          readyNow.catch((e) => errors.push(e));
        });
        sock = s;
        await s.next((e) => e.type === "hello", 30_000);
        const transport: ResumeTransport = {
          open: (chatId) => open(s, chatId),
          history: (input) => client.trpc.chats.history.query(input),
          changes: (input) => client.trpc.chats.changes.query(input),
          resend: (p) => s.send(JSON.stringify({ type: "chat.send", chatId: p.chatId, clientId: p.clientId, body: p.body, imageIds: p.imageIds })),
        };
        const lost = await resumeChats(sync, opts.chatIds, transport);
        if (lost.length) throw new Error(`${opts.name} could not re-open ${lost.join(", ")}`);
        // A send whose message the resume found stored (its ack died with the server): settled,
        // but not acknowledged — the test counts only acks.
        for (const [clientId, w] of waiting) {
          const chatIds = opts.chatIds.filter((c) => sync.pending(c).some((p) => p.clientId === clientId));
          if (!chatIds.length) {
            waiting.delete(clientId);
            w.reject(new Error("stored without an ack"));
          }
        }
        return;
      } catch (error) {
        if (sock && sock.ws.readyState === WebSocket.OPEN) throw error;
        // The other address may be down too for a moment: the next one, after a short pause.
        if (attempt > 200) throw error;
        at = (at + 1) % clients.length;
        await Bun.sleep(50);
      }
    }
  }

  readyNow = connectAndResume();
  await readyNow;
  return self;
}
