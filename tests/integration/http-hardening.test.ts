import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { testBackends } from "../helpers/backends.ts";
import { createClient, defaultPassword, rejection, uniqueEmail, uniqueUsername } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

/** A GET sent byte-for-byte over TCP; resolves with the whole response text once the server closes. */
async function rawGet(base: string, path: string): Promise<string> {
  const { hostname, port } = new URL(base);
  let text = "";
  let done: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const socket = await Bun.connect({
    hostname,
    port: Number(port),
    socket: {
      data: (_s, chunk) => void (text += chunk.toString()),
      close: () => done(),
      error: () => done(),
    },
  });
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`GET ${path}: no complete response within 15 s; got ${JSON.stringify(text)}`)), 15_000);
  });
  try {
    await Promise.race([finished, gaveUp]);
  } finally {
    clearTimeout(timer);
    socket.end();
  }
  return text;
}

for (const backend of testBackends()) {
  describe(`bad requests get typed errors (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend, env: { BODY_LIMIT_BYTES: "4096" } });
    });
    afterAll(() => srv.stop());

    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${srv.url}/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: srv.url, "x-forwarded-for": "10.200.0.1", ...headers },
        body,
      });

    test("the health check reports the database", async () => {
      const res = await fetch(`${srv.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok", db: backend.name.startsWith("postgres") ? "postgres" : "sqlite" });
    });

    test("a mutation from a foreign Origin is refused with 403 and changes nothing", async () => {
      const email = uniqueEmail();
      const body = JSON.stringify({ email, username: uniqueUsername(), firstName: "A", lastName: "B", password: defaultPassword });
      const res = await post("auth.register", body, { origin: "https://evil.example" });
      expect(res.status).toBe(403);
      expect((await res.json()).error.data).toMatchObject({ code: "FORBIDDEN", reason: "errors.foreignOrigin" });
      const err = await rejection(createClient(srv, { origin: "https://evil.example" }).trpc.auth.signOut.mutate());
      expect(err.data?.code).toBe("FORBIDDEN");
      const users = await srv.deps.db.db.selectFrom("users").select("id").where("email", "=", email).execute();
      expect(users).toHaveLength(0);
    });

    test("a cross-site request without Origin is refused too", async () => {
      const res = await post("auth.signIn", "{}", { origin: "", "sec-fetch-site": "cross-site" });
      expect(res.status).toBe(403);
    });

    test("an oversize body gets PAYLOAD_TOO_LARGE", async () => {
      const res = await post("auth.signIn", JSON.stringify({ email: "a@b.co", password: "x".repeat(10_000) }));
      expect(res.status).toBe(413);
      expect((await res.json()).error.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", reason: "errors.payloadTooLarge" });
    });

    test("malformed JSON gets BAD_REQUEST and no stack trace", async () => {
      const res = await post("auth.signIn", "{not json");
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(JSON.parse(text).error.data).toMatchObject({ code: "BAD_REQUEST", reason: "errors.malformedRequest" });
      expect(text).not.toContain("stack");
      expect(text).not.toContain("/server/");
    });

    test("wrong types get BAD_REQUEST with field errors", async () => {
      const res = await post("auth.signIn", JSON.stringify({ email: 42, password: ["x"] }));
      expect(res.status).toBe(400);
      const data = (await res.json()).error.data;
      expect(data.code).toBe("BAD_REQUEST");
      expect(Object.keys(data.fieldErrors).sort()).toEqual(["email", "password"]);
    });

    test("an unknown procedure gets NOT_FOUND", async () => {
      const res = await post("auth.doesNotExist", "{}");
      expect(res.status).toBe(404);
      expect((await res.json()).error.data.code).toBe("NOT_FOUND");
    });

    test("a protected procedure without a session gets UNAUTHORIZED", async () => {
      const err = await rejection(createClient(srv).trpc.auth.sessions.query());
      expect(err.data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
      const forged = await fetch(`${srv.url}/trpc/auth.sessions`, { headers: { cookie: "wit_session=forged-token" } });
      expect(forged.status).toBe(401);
      expect(forged.headers.getSetCookie().join()).toContain("wit_session=;");
    });

    test("registration is rate limited per IP", async () => {
      const client = createClient(srv);
      let last = 0;
      for (let i = 0; i < 12 && last !== 429; i++) {
        const res = await client.fetch(`${srv.url}/trpc/auth.register`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: uniqueEmail(), username: uniqueUsername(), firstName: "A", lastName: "B", password: defaultPassword }),
        });
        last = res.status;
        if (last === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      }
      expect(last).toBe(429);
    });

    test("responses carry security headers and unknown files are 404", async () => {
      const res = await fetch(`${srv.url}/healthz`);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect((await fetch(`${srv.url}/no-such-file.js`)).status).toBe(404);
    });

    test("path traversal never reaches files outside the web client", async () => {
      // fetch() normalises "..", so these go over a raw socket exactly as written.
      for (const path of ["/../../package.json", "/assets/../../package.json", "/..%2f..%2fpackage.json", "/%2e%2e/%2e%2e/package.json"]) {
        const raw = await rawGet(srv.url, path);
        expect(raw).toMatch(/^HTTP\/1\.1 \d{3}/);
        expect(raw).not.toContain('"name": "world-it"');
      }
    });
  });
}
