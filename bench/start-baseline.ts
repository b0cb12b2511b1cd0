/**
 * The baseline of `bun run bench:start`: the smallest server made of the same parts — Hono, a tRPC
 * router, Kysely on bun:sqlite with one migration — compiled the same way as World IT. What a
 * Bun + Hono + tRPC + Kysely binary costs to start before any feature: World IT's start is reported
 * as a ratio to it. /healthz runs `select 1` through Kysely, like the app's.
 */
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { initTRPC } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { Kysely, sql } from "kysely";
import { Migrator, type Migration } from "kysely/migration";
import { BunSqliteDialect } from "kysely-bun-sqlite";
import { z } from "zod";

const dataDir = process.env.DATA_DIR ?? "data";
mkdirSync(dataDir, { recursive: true });
const sqlite = new Database(join(dataDir, "baseline.sqlite"), { create: true });
sqlite.exec("PRAGMA journal_mode = WAL");
const db = new Kysely<any>({ dialect: new BunSqliteDialect({ database: sqlite }) });
const first: Migration = {
  up: async (k) => {
    await k.schema.createTable("users").addColumn("id", "text", (c) => c.primaryKey()).addColumn("name", "text", (c) => c.notNull()).execute();
  },
};
await new Migrator({ db, provider: { getMigrations: async () => ({ "0001": first }) } }).migrateToLatest();

const t = initTRPC.create();
const router = t.router({ hello: t.procedure.input(z.object({ name: z.string() })).query(({ input }) => `hello ${input.name}`) });
const app = new Hono();
app.get("/healthz", async (c) => {
  await sql`select 1`.execute(db);
  return c.json({ ok: true });
});
app.all("/trpc/*", (c) => fetchRequestHandler({ endpoint: "/trpc", req: c.req.raw, router }));
Bun.serve({ hostname: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 3000), fetch: app.fetch });
