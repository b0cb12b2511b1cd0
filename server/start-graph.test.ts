/**
 * What a start evaluates before the server listens (ADR 0029): main.ts and its static imports. Each
 * library kept out of that graph is a cost measured in bench:start (CPU ms on a migrated database,
 * compiled binary): zod ~30 (env.ts once built a zod schema), node:crypto ~14, Bun's Postgres
 * client ~10, node:fs ~5. Nothing here times anything: it bundles main.ts as `bun run compile`
 * does (ESM, code splitting) and reads which modules its entry chunk imports statically.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";

/** The modules (bundle comments name each by path), builtins and Bun globals main.ts's static graph holds. */
async function startGraph() {
  const built = await Bun.build({ entrypoints: [join(import.meta.dir, "main.ts")], splitting: true, target: "bun", format: "esm" });
  expect(built.success).toBeTrue();
  const chunks = new Map<string, string>();
  for (const output of built.outputs) chunks.set(output.path.replace(/^\.\//, ""), await output.text());
  const entry = built.outputs.find((o) => o.kind === "entry-point")!.path.replace(/^\.\//, "");
  const seen = new Set<string>();
  const builtins = new Set<string>();
  const pending = [entry];
  while (pending.length) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    // Static imports only (a line of their own at the top level); `import(...)` loads later.
    for (const [, from] of chunks.get(name)!.matchAll(/^import\b(?!\()[^;]*?"([^"]+)";/gm)) {
      if (from!.startsWith("./")) pending.push(from!.slice(2));
      else builtins.add(from!.replace(/^node:/, ""));
    }
  }
  const text = [...seen].map((name) => chunks.get(name)!).join("\n");
  const modules = [...text.matchAll(/^\/\/ (\S+\.[cm]?[jt]s)$/gm)].map((m) => m[1]!);
  const bunGlobals = [...text.matchAll(/^var \{([^}]*)\} = globalThis\.Bun;$/gm)].flatMap((m) => m[1]!.split(",").map((s) => s.trim().split(":")[0]!));
  return { modules, builtins: [...builtins], bunGlobals };
}

test("before it listens, a start loads no zod, no migration code, no feature library, neither node:fs nor node:crypto, and not Bun's Postgres or Redis client", async () => {
  const { modules, builtins, bunGlobals } = await startGraph();
  // What it does need is there (the check reads the bundle right).
  expect(modules).toContain("server/env.ts");
  expect(modules).toContain("server/db/create-db.ts");
  expect(modules.some((m) => m.includes("node_modules/kysely/"))).toBeTrue();
  expect(builtins).toContain("bun:sqlite");

  for (const heavy of ["node_modules/zod/", "node_modules/hono/", "node_modules/@trpc/", "node_modules/@node-rs/", "node_modules/kysely/dist/esm/migration/", "migrations/2", "shared/auth.ts"]) {
    expect(modules.filter((m) => m.includes(heavy))).toEqual([]);
  }
  expect(builtins.filter((b) => b === "fs" || b === "crypto")).toEqual([]);
  expect(bunGlobals.filter((g) => g === "SQL" || g === "RedisClient")).toEqual([]);
});
