/** What the moderation browser tests share (moderation.e2e, moderation-profile.e2e). */
import type { BrowserContext } from "playwright-core";
import type { Role } from "../../shared/moderation.ts";
import type { TestServer } from "../helpers/test-server.ts";

/** Live steps (a frame, then a read) on a busy machine get this long. */
export const LIVE = { timeout: 30_000 };

/** Gives a person a site role directly in the database (the first admin is made from the command line). */
export const setRole = (srv: TestServer, userId: string, role: Role) =>
  srv.deps.db.db.updateTable("users").set({ role }).where("id", "=", userId).execute();

/** Leaves the pages first, so no app socket is open or reconnecting while a context closes (see safety.e2e). */
export async function closeAll(...contexts: BrowserContext[]) {
  for (const context of contexts) {
    for (const page of context.pages()) await page.goto("about:blank").catch(() => {});
    await context.close();
  }
}
