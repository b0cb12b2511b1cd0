/**
 * The shipped artefact, tested as a person would use it: `bun run compile`, then the single
 * executable started in an empty directory with nothing but PORT (and PATH) in its environment.
 * It must create its SQLite database under ./data, embed the web client and the argon2 addon,
 * send mail to the dev outbox, drain and exit 0 on SIGTERM, and make the first administrator
 * (`world-it admin grant <email>`).
 */
import { afterAll, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { makePng } from "../fixtures/images.ts";

const root = join(import.meta.dir, "../..");
const binary = join(root, "dist", process.platform === "win32" ? "world-it.exe" : "world-it");

let proc: Subprocess<"ignore", "pipe", "pipe"> | null = null;
let workDir: string | null = null;
let output = "";

afterAll(() => {
  if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function freePort(): number {
  const s = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = s.port!;
  s.stop(true);
  return port;
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  for await (const chunk of stream) output += decoder.decode(chunk, { stream: true });
}

/** Fails with the server's own log attached, so a red run says what the binary printed. */
function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`${what}\n--- binary output ---\n${output}`);
}

test(
  "the compiled binary, run from an empty directory with no environment, serves the app and a person can register, sign in, set an avatar and sign out; its admin command makes the first administrator",
  async () => {
    // 1. Build it exactly as a release would.
    const compile = Bun.spawnSync([process.execPath, "run", "compile"], { cwd: root, stdout: "pipe", stderr: "pipe" });
    const compileLog = `${compile.stdout.toString()}\n${compile.stderr.toString()}`;
    if (compile.exitCode !== 0) console.error(compileLog);
    expect(compile.exitCode).toBe(0);
    expect(existsSync(binary)).toBe(true);
    expect(compileLog).toContain("compile: built");

    // What the binary should serve, read from the build it was made from.
    const builtIndex = readFileSync(join(root, "dist/web/index.html"), "utf8");

    // 2. Start it in an empty directory with only PORT and PATH.
    workDir = mkdtempSync(join(tmpdir(), "world-it-binary-"));
    expect(readdirSync(workDir)).toEqual([]);
    const port = freePort();
    const url = `http://localhost:${port}`;
    proc = Bun.spawn([binary], {
      cwd: workDir,
      env: { PORT: String(port), PATH: process.env.PATH ?? "/usr/bin:/bin" },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    void collect(proc.stdout);
    void collect(proc.stderr);

    const deadline = Date.now() + 30_000;
    let healthy = false;
    while (Date.now() < deadline && proc.exitCode === null) {
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) {
          expect(await res.json()).toEqual({ status: "ok", db: "sqlite" });
          healthy = true;
          break;
        }
      } catch {
        // not listening yet
      }
      await Bun.sleep(100);
    }
    check(healthy, `GET /healthz did not answer 200 within 30 s (exit code ${proc.exitCode})`);

    // A browser-like client: same Origin as the server, cookies kept by hand.
    const jar = new Map<string, string>();
    const send = async (method: "GET" | "POST", path: string, body?: unknown) => {
      const headers: Record<string, string> = { origin: url };
      if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      if (method === "POST") headers["content-type"] = "application/json";
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: "manual",
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair = "", ...attrs] = line.split(";");
        const eq = pair.indexOf("=");
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (!value || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
        else jar.set(name, value);
      }
      return res;
    };
    const trpc = async (method: "GET" | "POST", procedure: string, input?: unknown) => {
      const res = await send(method, `/trpc/${procedure}`, input);
      const text = await res.text();
      check(res.status === 200, `${method} /trpc/${procedure} answered ${res.status}: ${text}`);
      return (JSON.parse(text) as { result: { data: any } }).result.data;
    };

    // 3. The embedded web client.
    const home = await send("GET", "/");
    expect(home.status).toBe(200);
    expect(home.headers.get("content-type")).toStartWith("text/html");
    const html = await home.text();
    expect(html).toBe(builtIndex);
    expect(html).toContain('id="root"');
    const script = html.match(/<script[^>]*\ssrc="(\/assets\/[^"]+\.js)"/)?.[1];
    check(script !== undefined, `index.html has no /assets/*.js module script:\n${html}`);
    const js = await send("GET", script);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^(text|application)\/javascript/);
    const jsBody = await js.text();
    expect(jsBody.length).toBeGreaterThan(0);
    const builtScript = join(root, "dist/web", script);
    if (existsSync(builtScript)) expect(jsBody).toBe(readFileSync(builtScript, "utf8"));
    // The app's shell (the entry's module preload) has brotli and gzip twins embedded too: a
    // browser that takes them gets the smaller bytes, the same text once decompressed.
    const shell = html.match(/<link rel="modulepreload"[^>]*\shref="(\/assets\/[^"]+\.js)"/)?.[1];
    check(shell !== undefined, `index.html preloads no /assets/*.js module:\n${html}`);
    const shellText = await (await fetch(`${url}${shell}`, { headers: { "accept-encoding": "identity" } })).text();
    for (const [accept, encoding] of [["gzip, deflate, br", "br"], ["gzip", "gzip"]] as const) {
      const packed = await fetch(`${url}${shell}`, { headers: { "accept-encoding": accept }, decompress: false } as RequestInit);
      expect(packed.status).toBe(200);
      expect(packed.headers.get("content-encoding")).toBe(encoding);
      expect(packed.headers.get("vary")).toBe("Accept-Encoding");
      const bytes = await packed.bytes();
      expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(shellText) / 2);
      expect(new TextDecoder().decode(encoding === "br" ? brotliDecompressSync(bytes) : Bun.gunzipSync(bytes))).toBe(shellText);
    }
    // A client-side route gets the app too; a missing asset does not.
    expect(await (await send("GET", "/some/client/route")).text()).toBe(builtIndex);
    expect((await send("GET", "/assets/does-not-exist.js")).status).toBe(404);
    // The installable app's files are inside too: the manifest, its icons, the service worker (revalidated on every use).
    const manifest = await send("GET", "/manifest.webmanifest");
    expect(manifest.headers.get("content-type")).toBe("application/manifest+json");
    expect(((await manifest.json()) as { name: string }).name).toBe("World IT");
    expect((await send("GET", "/icons/icon-512.png")).headers.get("content-type")).toBe("image/png");
    const sw = await send("GET", "/sw.js");
    expect(sw.headers.get("cache-control")).toBe("no-cache");
    expect(await sw.text()).toMatch(/const VERSION = "[0-9a-f]{16}";/);

    // 4. Register (argon2 runs inside the binary), confirm with the emailed code.
    const suffix = crypto.randomUUID().replace(/-/g, "").slice(0, 8);
    const email = `binary.${suffix}@example.test`;
    const password = "violet-Stapler-42";
    const person = { email, username: `bin_${suffix}`, firstName: "Олена", lastName: "Коваль", password };
    const registered = await trpc("POST", "auth.register", person);
    expect(registered.email).toBe(email);

    const outboxRes = await send("GET", "/dev/outbox.json");
    expect(outboxRes.status).toBe(200);
    const outbox = (await outboxRes.json()) as { to: string; subject: string; text: string }[];
    const mail = outbox.find((m) => m.to === email);
    check(mail !== undefined, `no mail to ${email} in the dev outbox: ${JSON.stringify(outbox)}`);
    const code = mail.text.match(/\b(\d{6})\b/)?.[1];
    check(code !== undefined, `no 6-digit code in the mail: ${mail.text}`);

    const verified = await trpc("POST", "auth.verifyEmail", { email, code });
    expect(verified.user).toMatchObject({ email, username: person.username, firstName: "Олена", lastName: "Коваль" });
    expect(jar.get("wit_session")).toBeString();

    const me = await trpc("GET", "auth.me");
    expect(me).toMatchObject({ id: verified.user.id, email, username: person.username });

    // 5. Sign out, then back in with the password (argon2 verify).
    expect(await trpc("POST", "auth.signOut")).toEqual({ ok: true });
    expect(jar.has("wit_session")).toBe(false);
    expect(await trpc("GET", "auth.me")).toBeNull();

    const wrong = await send("POST", "/trpc/auth.signIn", { email, password: "wrong-Stapler-42" });
    expect(wrong.status).toBe(401);
    expect(jar.has("wit_session")).toBe(false);

    const signedIn = await trpc("POST", "auth.signIn", { email, password });
    expect(signedIn.status).toBe("signed_in");
    expect(jar.get("wit_session")).toBeString();
    expect(await trpc("GET", "auth.me")).toMatchObject({ id: verified.user.id, email });

    // 6. Bun.Image inside the binary: upload an avatar (sniffed, re-encoded to WebP), attach it, serve it.
    const uploaded = await fetch(`${url}/api/media?purpose=avatar`, {
      method: "POST",
      headers: { origin: url, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
      body: new Blob([makePng(300, 200) as Uint8Array<ArrayBuffer>]),
    });
    const avatar = (await uploaded.json()) as { id: string; width: number; urls: Record<string, string> };
    check(uploaded.status === 200, `avatar upload answered ${uploaded.status}: ${JSON.stringify(avatar)}`);
    expect(avatar.width).toBe(300);
    expect(await trpc("POST", "avatars.add", { mediaId: avatar.id })).toEqual({ ok: true });
    expect((await trpc("GET", "auth.me")).avatarId).toBe(avatar.id);
    const image = await send("GET", avatar.urls.s96!);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/webp");
    expect(await new Bun.Image(await image.arrayBuffer()).metadata()).toMatchObject({ format: "webp", width: 96, height: 96 });
    expect(existsSync(join(workDir, "data/media", avatar.id))).toBe(true);

    // 7. Its database is where the defaults say, and it needs nothing from this checkout: the
    // argon2 addon it hashed with was loaded from inside the executable, not from node_modules.
    expect(existsSync(join(workDir, "data/world-it.sqlite"))).toBe(true);
    if (process.platform === "linux") {
      const mapped = readFileSync(`/proc/${proc.pid}/maps`, "utf8");
      expect(mapped).toMatch(/\.node$/m); // the extracted addon
      expect(mapped).not.toContain(join(root, "node_modules"));
    }

    // 8. SIGTERM: drain and exit 0, promptly (15 s: generous for a busy machine, short of a hang).
    proc.kill("SIGTERM");
    const exitCode = await Promise.race([proc.exited, Bun.sleep(15_000).then(() => "still running" as const)]);
    check(exitCode === 0, `after SIGTERM the binary ${exitCode === "still running" ? "was still running after 15 s" : `exited with ${exitCode}`}`);
    expect(output).toContain("SIGTERM: draining");

    // 9. The same program makes the first administrator (#16): `world-it admin grant <email>` on the
    // database in this directory; `list` shows them; `me` says so at the next sign-in.
    const admin = (...args: string[]) => {
      const r = Bun.spawnSync([binary, "admin", ...args], { cwd: workDir!, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, stdout: "pipe", stderr: "pipe" });
      return { code: r.exitCode, out: `${r.stdout.toString()}${r.stderr.toString()}` };
    };
    const granted = admin("grant", email);
    check(granted.code === 0, `world-it admin grant exited ${granted.code}: ${granted.out}`);
    expect(granted.out).toContain(`${person.username}: member → admin`);
    expect(admin("list").out).toContain(`admin     ${person.username} <${email}>`);
    expect(admin("grant", "nobody@example.com").code).toBe(1);
    expect(admin("frobnicate").code).toBe(2);
  },
  240_000,
);
