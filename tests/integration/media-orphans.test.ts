/**
 * An upload writes its files before it commits its row; a crash in between (the crash-safety
 * suite sees it about one run in three) leaves files no row points to. The server sweeps them.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { testBackends } from "../helpers/backends.ts";
import { createClient, registerAndVerify } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

const HOUR = 3_600_000;

for (const backend of testBackends()) {
  describe(`files a crash left without a row (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("are removed once old enough; media with a row and fresh uploads in flight are kept", async () => {
      const client = createClient(srv);
      await registerAndVerify(srv, client);
      const kept = await upload(srv, client, "chat_image", makePng(20, 20));
      const root = join(srv.deps.env.DATA_DIR, "media");
      const orphan = (id: string, ageMs: number) => {
        const dir = join(root, id);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `.full.${crypto.randomUUID()}.tmp`), "half");
        const at = new Date(Date.now() - ageMs);
        utimesSync(dir, at, at);
        return dir;
      };
      const old = orphan("a".repeat(24), HOUR);
      const fresh = orphan("b".repeat(24), 1000);
      const keptDir = join(root, kept.id);
      utimesSync(keptDir, new Date(Date.now() - HOUR), new Date(Date.now() - HOUR));

      expect(await srv.deps.services.media.sweepOrphans()).toBe(1);
      expect(existsSync(old)).toBe(false);
      expect(existsSync(fresh)).toBe(true);
      expect((await client.fetch(`${srv.url}${kept.urls.full}`)).status).toBe(200);
    });
  });
}
