import { describe, expect, test } from "bun:test";
import { WS_LIMITS } from "../shared/events.ts";
import { EnvError, parseEnv } from "./env.ts";

describe("configuration", () => {
  test("defaults give a zero-setup SQLite app on port 3000 with the dev outbox", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: "./data", DEV_OUTBOX: true, secureCookies: false });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.allowedOrigins).toEqual(["http://localhost:3000"]);
  });

  test("an https public URL makes cookies Secure; SMTP turns the outbox off; production never defaults it on", () => {
    expect(parseEnv({ PUBLIC_URL: "https://world-it.example" }).secureCookies).toBeTrue();
    expect(parseEnv({ SMTP_URL: "smtp://mail:25" }).DEV_OUTBOX).toBeFalse();
    expect(parseEnv({ NODE_ENV: "production" }).DEV_OUTBOX).toBeFalse();
  });

  test("the Postgres pool and timeouts have working defaults and take only sensible values", () => {
    expect(parseEnv({})).toMatchObject({ DATABASE_POOL_MAX: 20, DATABASE_STATEMENT_TIMEOUT_MS: 30_000, DATABASE_CONNECT_TIMEOUT_MS: 5_000 });
    expect(parseEnv({ DATABASE_STATEMENT_TIMEOUT_MS: "0", DATABASE_POOL_MAX: "4" })).toMatchObject({ DATABASE_STATEMENT_TIMEOUT_MS: 0, DATABASE_POOL_MAX: 4 });
    for (const bad of [{ DATABASE_POOL_MAX: "0" }, { DATABASE_STATEMENT_TIMEOUT_MS: "-1" }, { DATABASE_CONNECT_TIMEOUT_MS: "soon" }]) {
      expect(() => parseEnv(bad)).toThrow(Object.keys(bad)[0]);
    }
  });

  test("the per-socket frame limit defaults to the shared one and can be raised, never turned off", () => {
    expect(parseEnv({})).toMatchObject({ WS_FRAMES_PER_SECOND: WS_LIMITS.framesPerSecond, WS_FRAME_BURST: WS_LIMITS.frameBurst });
    expect(parseEnv({ WS_FRAMES_PER_SECOND: "100000", WS_FRAME_BURST: "100000" })).toMatchObject({ WS_FRAMES_PER_SECOND: 100_000, WS_FRAME_BURST: 100_000 });
    for (const bad of [{ WS_FRAMES_PER_SECOND: "0" }, { WS_FRAME_BURST: "-5" }, { WS_FRAMES_PER_SECOND: "fast" }, { WS_FRAME_BURST: "1.5" }]) {
      expect(() => parseEnv(bad)).toThrow(Object.keys(bad)[0]);
    }
  });

  test("each kind of value is read as documented in .env.example, and an empty value counts as unset", () => {
    const env = parseEnv({
      NODE_ENV: "test",
      PORT: "0",
      DEV_OUTBOX: "yes",
      PUSH_LOCAL_ENDPOINTS: "1",
      TRUST_PROXY: "true",
      REDIS_URL: "rediss://cache:6380",
      REDIS_PREFIX: "app2:",
      DATABASE_URL: "sqlite:/tmp/x.sqlite",
      S3_ENDPOINT: "http://localhost:9000",
      MEDIA_MAX_BYTES: "2048",
      ALLOWED_ORIGINS: " https://b.example/path , ",
      LOG_LEVEL: "",
    });
    expect(env).toMatchObject({ NODE_ENV: "test", PORT: 0, DEV_OUTBOX: true, PUSH_LOCAL_ENDPOINTS: true, TRUST_PROXY: 1, REDIS_PREFIX: "app2:", MEDIA_MAX_BYTES: 2048, LOG_LEVEL: "info" });
    expect(env.allowedOrigins).toEqual(["http://localhost:3000", "https://b.example"]);
    expect(parseEnv({ TRUST_PROXY: "3", DEV_OUTBOX: "0" })).toMatchObject({ TRUST_PROXY: 3, DEV_OUTBOX: false });
    expect(parseEnv({ DATABASE_URL: "postgresql://u@h/db" }).DATABASE_URL).toBe("postgresql://u@h/db");
    expect(Object.isFrozen(env)).toBeTrue();
    const bad = {
      NODE_ENV: "staging",
      DEV_OUTBOX: "maybe",
      TRUST_PROXY: "many",
      REDIS_PREFIX: "a b",
      DATABASE_URL: "mysql://x",
      SMTP_URL: "mail.example",
      S3_ENDPOINT: "nope",
      MAIL_FROM: "x",
      MEDIA_MAX_BYTES: "1023",
      PORT: "80.5",
      LOG_LEVEL: "loud",
    };
    try {
      parseEnv(bad);
      throw new Error("parseEnv accepted wrong values");
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const lines = (e as Error).message.split("\n").filter((l) => l.startsWith("  "));
      // Each wrong variable once, and only those.
      expect(lines.map((l) => l.trim().split(":")[0]).sort()).toEqual(Object.keys(bad).sort());
    }
  });

  test("every wrong value is named in one readable error", () => {
    expect(() => parseEnv({ PORT: "99999", REDIS_URL: "http://x", PUBLIC_URL: "nope" })).toThrow(EnvError);
    try {
      parseEnv({ PORT: "99999", REDIS_URL: "http://x", PUBLIC_URL: "nope" });
    } catch (e) {
      const msg = (e as Error).message;
      for (const key of ["PORT", "REDIS_URL", "PUBLIC_URL"]) expect(msg).toContain(key);
    }
  });
});
