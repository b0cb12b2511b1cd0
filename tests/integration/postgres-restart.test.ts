/**
 * Postgres going away and coming back under load (issue #14). The machine's shared Postgres is
 * never touched: the app reaches its database through a TCP proxy of the test's own, and
 * `cut()` drops every connection and refuses new ones, as a restart or a network drop would.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import type { ServerEventOf } from "../../shared/events.ts";
import { testBackends } from "../helpers/backends.ts";
import { newClientId, openChat, person, send, sendOk, type Person } from "../helpers/chat.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { waitFor } from "../helpers/wait.ts";

const backend = testBackends().find((b) => b.name === "postgres") ?? null;
if (!backend) console.warn("[tests] TEST_DATABASE_URL not set: the Postgres restart suite is skipped");

/** The app's own wait for a new connection: long, so /healthz shows it does not wait for it. */
const CONNECT_TIMEOUT_MS = 6_000;
const STATEMENT_TIMEOUT_MS = 1_500;
/** No request may take longer than this, whatever the database does. */
const REQUEST_DEADLINE_MS = 15_000;

/** waitFor with the state named first, as the calls here read. */
const until = (what: string, cond: () => boolean | Promise<boolean>, ms = 30_000) => waitFor(cond, what, ms);

/** The HTTP status a websocket upgrade to /ws gets, read off a raw socket. */
function upgradeAnswer(base: string, headers: Record<string, string>): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    let got = "";
    const request = [
      "GET /ws HTTP/1.1",
      `Host: ${url.host}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      "",
      "",
    ].join("\r\n");
    Bun.connect({
      hostname: url.hostname,
      port: Number(url.port),
      socket: {
        open: (s) => void s.write(request),
        data(s, chunk) {
          got += chunk.toString();
          const status = /^HTTP\/1\.1 (\d{3})/.exec(got);
          if (status) {
            resolve(Number(status[1]));
            s.end();
          }
        },
        close: () => reject(new Error(`closed without a status: ${got}`)),
        error: (_s, error) => reject(error),
      },
    }).catch(reject);
  });
}

type Phase = "before" | "cut" | "after";
interface HttpResult {
  what: "read" | "write";
  /** The phase when it was sent and when its answer came. */
  phase: Phase;
  ended: Phase;
  status: number;
  body: string;
  ms: number;
}

describe.skipIf(!backend)("Postgres going away under load and coming back", () => {
  let ownDb: Awaited<ReturnType<NonNullable<typeof backend>["createDatabase"]>>;
  let proxy: TcpProxy;
  let srv: TestServer;

  beforeAll(async () => {
    ownDb = await backend!.createDatabase();
    const url = new URL(ownDb.databaseUrl!);
    proxy = startTcpProxy({ target: { host: url.hostname, port: Number(url.port || 5432) } });
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    srv = await startTestServer({
      backend: backend!,
      env: {
        DATABASE_URL: url.toString(),
        DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
        DATABASE_POOL_MAX: "8",
      },
    });
  });
  afterAll(async () => {
    proxy?.restore();
    await srv?.stop();
    proxy?.close();
    await ownDb?.drop();
  });

  const health = async () => {
    const started = performance.now();
    const res = await fetch(`${srv.url}/healthz`, { signal: AbortSignal.timeout(REQUEST_DEADLINE_MS) });
    return { status: res.status, body: await res.json(), ms: performance.now() - started };
  };

  test("every connection gets the statement timeout; a statement running longer is cancelled", async () => {
    const db = srv.deps.db.db;
    const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(db);
    expect(rows[0]!.statement_timeout).toBe(`${STATEMENT_TIMEOUT_MS}ms`);
    const idle = await sql<{ idle_in_transaction_session_timeout: string }>`show idle_in_transaction_session_timeout`.execute(db);
    expect(idle.rows[0]!.idle_in_transaction_session_timeout).toBe("1min");
    const started = performance.now();
    const error = await sql`select pg_sleep(30)`.execute(db).catch((e: unknown) => e);
    expect((error as { errno?: string }).errno).toBe("57014");
    expect(performance.now() - started).toBeLessThan(REQUEST_DEADLINE_MS);
  });

  test("reads that meet the connections a drop left dead are answered over fresh ones once Postgres is back", async () => {
    const db = srv.deps.db.db;
    const reads = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => sql<{ n: number }>`select ${i}::int as n`.execute(db)));
    // Several at once: the pool holds several open connections when the drop comes.
    await reads(4);
    const before = proxy.accepted();
    proxy.cut();
    proxy.restore();
    // Issued at once, before the pool has heard that its connections closed: each first try
    // meets a dead connection and fails; the retry takes a new one.
    expect((await reads(4)).map((r) => r.rows[0]!.n)).toEqual([0, 1, 2, 3]);
    expect(proxy.accepted()).toBeGreaterThan(before);

    // The same through HTTP: the session lookup and the history read.
    const reader = await person(srv);
    const { id: chatId } = await reader.client.trpc.chats.createGroup.mutate({ name: "Reads", memberIds: [] });
    const history = () => reader.client.fetch(`${srv.url}/trpc/chats.history?input=${encodeURIComponent(JSON.stringify({ chatId }))}`);
    for (const res of await Promise.all([history(), history(), history(), history()])) expect(res.status).toBe(200);
    proxy.cut();
    proxy.restore();
    for (const res of await Promise.all([history(), history()])) expect(res.status).toBe(200);
  });

  test("under load: /healthz turns 503 during the cut and 200 after; requests fail cleanly meanwhile; no acknowledged message is lost", async () => {
    const people = await Promise.all([person(srv), person(srv), person(srv)]);
    const [owner, ...others] = people as [Person, Person, Person];
    const { id: chatId } = await owner.client.trpc.chats.createGroup.mutate({ name: "Under load", memberIds: others.map((p) => p.user.id) });
    for (const p of people) expect(await openChat(p.sock, chatId)).toMatchObject({ type: "chat.opened" });

    let phase: Phase = "before";
    let stopping = false;
    const acked = new Map<string, { id: number; phase: Phase }>();
    const nacked: Array<{ p: Person; clientId: string; body: string; frame: ServerEventOf<"error">; phase: Phase; ended: Phase }> = [];
    const problems: string[] = [];
    const http: HttpResult[] = [];
    let lastAckedId = 0;

    async function sender(p: Person, n: number) {
      for (let i = 0; !stopping; i++) {
        const clientId = newClientId();
        const body = `load ${n}.${i}`;
        const at = phase;
        const started = performance.now();
        try {
          const r = await send(p.sock, chatId, body, { clientId, timeoutMs: REQUEST_DEADLINE_MS });
          const ms = performance.now() - started;
          if (ms > REQUEST_DEADLINE_MS) problems.push(`send ${clientId} took ${ms} ms`);
          if (r.type === "chat.ack") {
            acked.set(clientId, { id: r.message.id, phase: at });
            lastAckedId = Math.max(lastAckedId, r.message.id);
          } else nacked.push({ p, clientId, body, frame: r, phase: at, ended: phase });
        } catch (error) {
          problems.push(`send ${clientId}: ${String(error).slice(0, 200)}`);
        }
      }
    }

    async function httpLoop(what: "read" | "write", p: Person) {
      // A write marks the chat read up to a stored message: it starts once there is one.
      if (what === "write") await until("a first message", () => lastAckedId > 0 || stopping);
      while (!stopping) {
        const at = phase;
        const started = performance.now();
        try {
          const res =
            what === "read"
              ? await p.client.fetch(`${srv.url}/trpc/chats.history?input=${encodeURIComponent(JSON.stringify({ chatId, limit: 20 }))}`, {
                  signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
                })
              : await p.client.fetch(`${srv.url}/trpc/chats.markRead`, {
                  method: "POST",
                  headers: { "content-type": "application/json" },
                  body: JSON.stringify({ chatId, messageId: lastAckedId }),
                  signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
                });
          http.push({ what, phase: at, ended: phase, status: res.status, body: await res.text(), ms: performance.now() - started });
        } catch (error) {
          problems.push(`${what}: ${String(error).slice(0, 200)}`);
        }
        // Paced by the answers, not a clock: at most one request of each kind in flight.
        await Bun.sleep(5);
      }
    }

    const loops = [
      ...people.map((p, n) => sender(p, n)),
      httpLoop("read", owner),
      httpLoop("read", others[0]),
      httpLoop("write", others[1]),
    ];
    const count = (pred: (r: HttpResult) => boolean) => http.filter(pred).length;
    const ackedIn = (at: Phase) => [...acked.values()].filter((a) => a.phase === at).length;

    try {
      await until("traffic flowing", () => ackedIn("before") >= 10 && count((r) => r.status === 200 && r.what === "read") >= 3 && count((r) => r.what === "write" && r.status === 200) >= 1);
      expect((await health()).status).toBe(200);

      proxy.cut();
      phase = "cut";
      // A signed-in websocket needs its session read: refused with 503, the client's backoff retries.
      const upgrade = upgradeAnswer(srv.url, { origin: srv.url, cookie: owner.client.cookieHeader() });
      // /healthz answers 503 within its own short timeout, not after the pool's connect timeout.
      const outage: Array<Awaited<ReturnType<typeof health>>> = [];
      await until("/healthz 503", async () => {
        const h = await health();
        outage.push(h);
        return h.status === 503;
      });
      const down = outage.at(-1)!;
      expect(down.body).toEqual({ status: "error", db: "unreachable" });
      expect(down.ms).toBeLessThan(CONNECT_TIMEOUT_MS - 1_000);
      await until("requests failing during the cut", () =>
        nacked.some((x) => x.phase === "cut") && count((r) => r.phase === "cut" && r.what === "read" && r.status === 503) >= 1 && count((r) => r.phase === "cut" && r.what === "write" && r.status === 503) >= 1,
      );

      expect(await upgrade).toBe(503);

      proxy.restore();
      phase = "after";
      expect(await upgradeAnswer(srv.url, { origin: srv.url, cookie: owner.client.cookieHeader() })).toBe(101);
      await until("/healthz 200 again", async () => (await health()).status === 200);
      // The same server, never restarted, serves again.
      await until("traffic flowing again", () => ackedIn("after") >= 5 && count((r) => r.phase === "after" && r.what === "read" && r.status === 200) >= 2);
    } finally {
      stopping = true;
      await Promise.all(loops);
    }

    expect(problems).toEqual([]);
    // Every failure was the clean one: 503 with the i18n reason, never a stack or an internal error.
    for (const r of http) {
      expect(r.ms).toBeLessThan(REQUEST_DEADLINE_MS);
      expect(r.body).not.toMatch(/\bat .+:\d+:\d+|stack|ERR_POSTGRES/i);
      if (r.status !== 200) {
        expect({ status: r.status, data: JSON.parse(r.body).error.data }).toMatchObject({
          status: 503,
          data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, reason: "errors.unavailable" },
        });
      }
    }
    // Only what overlapped the cut failed: what was answered before it all succeeded.
    expect(count((r) => r.ended === "before" && r.status !== 200)).toBe(0);
    for (const x of nacked) expect(x.frame).toMatchObject({ code: "INTERNAL", reason: "errors.unavailable", chatId });
    expect(nacked.filter((x) => x.ended === "before")).toEqual([]);

    // The clients send their failed messages again with the same clientIds: each is stored once.
    for (const x of nacked) {
      const message = await sendOk(x.p.sock, chatId, x.body, { clientId: x.clientId });
      acked.set(x.clientId, { id: message.id, phase: "after" });
    }

    // History holds every acknowledged message exactly once, under the id its ack gave.
    const stored: Array<{ id: number; clientId: string }> = [];
    for (let after = 0, more = true; more; ) {
      const page = await owner.client.trpc.chats.history.query({ chatId, after, limit: 100 });
      stored.push(...page.messages.map((m) => ({ id: m.id, clientId: m.clientId })));
      after = page.messages.at(-1)?.id ?? after;
      more = page.hasMore;
    }
    const byClientId = new Map<string, number[]>();
    for (const m of stored) byClientId.set(m.clientId, [...(byClientId.get(m.clientId) ?? []), m.id]);
    for (const [clientId, { id }] of acked) expect({ clientId, ids: byClientId.get(clientId) }).toEqual({ clientId, ids: [id] });
    expect(acked.size).toBeGreaterThan(15);
  });
});
