/**
 * `bun run admin <grant|revoke|list> [email]` and `world-it admin …` (the compiled binary): the
 * only way to make an administrator (never through the web). Uses the same environment as the
 * server (DATABASE_URL or DATA_DIR), migrates first, and logs each change in the audit log with
 * the actor "cli".
 */
import { createDb } from "../db/create-db.ts";
import { migrateToLatest } from "../db/migrate.ts";
import type { Env } from "../env.ts";
import { listTeam, setRoleFromCli } from "../features/moderation/moderation.service.ts";
import { systemClock } from "../lib/clock.ts";

const USAGE = `usage: admin grant <email>    make the person an administrator
       admin revoke <email>   make them a member again
       admin list             administrators and moderators`;

/** Runs one admin command; returns the process exit code. */
export async function runAdminCommand(env: Env, args: string[], out: (line: string) => void = console.log): Promise<number> {
  const [command, email] = args;
  if (command !== "list" && !((command === "grant" || command === "revoke") && email)) {
    out(USAGE);
    return 2;
  }
  const db = createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await migrateToLatest(db.db);
    if (command === "list") {
      const team = await listTeam(db.db);
      if (team.length === 0) out("no administrators or moderators yet");
      for (const p of team) out(`${p.role.padEnd(9)} ${p.username} <${p.email}>`);
      return 0;
    }
    const role = command === "grant" ? "admin" : "member";
    const done = await setRoleFromCli(db.db, systemClock, email!, role);
    if (!done) {
      out(`no account with the email ${email}`);
      return 1;
    }
    out(done.before === role ? `${done.username} is already ${role === "admin" ? "an administrator" : "a member"}` : `${done.username}: ${done.before} → ${role}`);
    return 0;
  } finally {
    await db.close();
  }
}
