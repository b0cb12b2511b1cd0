import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWebAssets } from "./web-assets.ts";

const root = mkdtempSync(join(tmpdir(), "wit-assets-"));
const dir = join(root, "web");
mkdirSync(join(dir, "assets"), { recursive: true });
writeFileSync(join(dir, "index.html"), "<!doctype html><title>x</title>");
writeFileSync(join(dir, "assets", "app-1a2b.js"), "console.log(1)");
writeFileSync(join(dir, "notes.unknownext"), "not a type we label");
writeFileSync(join(root, "secret.txt"), "top secret");
writeFileSync(join(root, "web-secret.js"), "sibling dir prefix");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("serving the built web client", () => {
  const web = createWebAssets({ dir });

  test("hashed assets are immutable, index.html is revalidated", async () => {
    const js = web.serve("/assets/app-1a2b.js")!;
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(await js.text()).toBe("console.log(1)");
    expect(web.index()!.headers.get("cache-control")).toBe("no-cache");
  });

  test("no path escapes the client directory and unknown types are never served", () => {
    for (const path of ["/../secret.txt", "/assets/../../secret.txt", "/../web-secret.js", "/..\\secret.txt", "/notes.unknownext"]) {
      expect(web.serve(path)).toBeNull();
    }
  });
});
