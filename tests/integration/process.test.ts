import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WS_CLOSE } from "../../shared/events.ts";
import { useTestTimeout } from "../helpers/preload.ts";
import { freePort, MAIN, waitForHealth } from "../helpers/process.ts";
import { openSocket } from "../helpers/ws.ts";

useTestTimeout();

describe("the server process", () => {
  test("a wrong configuration value stops the start with a readable message", async () => {
    const proc = Bun.spawn(["bun", MAIN], {
      env: { PATH: process.env.PATH!, PORT: "not-a-port", DATABASE_URL: "mysql://nope" },
      stderr: "pipe",
      stdout: "pipe",
    });
    expect(await proc.exited).toBe(1);
    const err = await new Response(proc.stderr).text();
    expect(err).toContain("Invalid configuration");
    expect(err).toContain("PORT");
    expect(err).toContain("DATABASE_URL: must be postgres://");
    expect(err).not.toContain("    at "); // no stack trace
  });

  test("SIGTERM drains: sockets close with 1001, the process exits cleanly, and data survives a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "world-it-proc-"));
    const port = freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { PATH: process.env.PATH!, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn" };
    try {
      const first = Bun.spawn(["bun", MAIN], { env, stdout: "ignore", stderr: "inherit" });
      await waitForHealth(url);
      const body = JSON.stringify({ email: "drain@example.test", username: "drainer", firstName: "D", lastName: "R", password: "violet-Stapler-42" });
      const reg = await fetch(`${url}/trpc/auth.register`, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(reg.status).toBe(200);
      const sock = await openSocket(url, { origin: url });
      await sock.next();
      first.kill("SIGTERM");
      expect((await sock.closed).code).toBe(WS_CLOSE.goingAway);
      expect(await first.exited).toBe(0);

      const second = Bun.spawn(["bun", MAIN], { env, stdout: "ignore", stderr: "inherit" });
      try {
        await waitForHealth(url);
        // The pending account is still there: signing in asks for its code instead of failing.
        const signIn = await fetch(`${url}/trpc/auth.signIn`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "drain@example.test", password: "violet-Stapler-42" }),
        });
        expect((await signIn.json()).result.data.status).toBe("verify_email");
      } finally {
        second.kill("SIGTERM");
        await second.exited;
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
