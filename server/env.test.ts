import { describe, expect, test } from "bun:test";
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
