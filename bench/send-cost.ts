/**
 * `bun bench/send-cost.ts`: the server's CPU per chat message sent, by kind (a plain message, a
 * reply, a forward), through the app's own chats service in this process: validation, limits, the
 * group commit's transaction, hydration and publishing, with no socket and no network. A
 * diagnostic for issue 12 (what one kind of message costs against another), not part of `bun run
 * bench` (no target; the chat benchmark measures the whole server against bare Bun).
 *
 * A fresh DATA_DIR, migrated and seeded (bench/seed.ts: two people in a group chat, one stored
 * message to reply to and forward); the app started in process (server/main.ts); then `--rounds`
 * rounds (default 8, the first two warm-up and not counted) in which each kind sends `--sends`
 * messages (default 2,000) one after another, each awaited (a batch of one), the kinds in turn.
 * CPU is the main thread's (bench/lib/proc.ts mainThreadCpuSeconds: the process's would count the
 * WAL checkpoint worker and the garbage collector's helper threads, which run on their own
 * schedule and make rounds differ by half), medians of the counted rounds. The kernel counts it
 * in 10 ms ticks: keep a round well above that (`--sends` 1,000 or more).
 *
 * Options: --sends <n> --rounds <n>
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { newClientId, type SendMessageInput } from "../shared/chats.ts";
import { parseEnv } from "../server/env.ts";
import { createLogger } from "../server/lib/log.ts";
import { startServer } from "../server/main.ts";
import { parseFlags } from "./lib/common.ts";
import { mainThreadCpuSeconds } from "./lib/proc.ts";
import { closeSeeded, openForSeeding } from "./lib/seed-kit.ts";
import { seedSqlite } from "./seed.ts";

let sends = 2_000;
let rounds = 8;
parseFlags(
  Bun.argv.slice(2),
  {
    "--sends": (v) => (sends = Math.floor(v.num())),
    "--rounds": (v) => (rounds = Math.max(3, Math.floor(v.num()))),
  },
  true,
);

const dataDir = mkdtempSync(join(tmpdir(), "world-it-send-cost-"));
try {
  closeSeeded(await openForSeeding(dataDir));
  const seeded = seedSqlite(join(dataDir, "world-it.sqlite"), { users: 2, chats: 1, membersPerChat: 2 });
  const [olena, taras] = seeded.members;
  const env = parseEnv({ NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATA_DIR: dataDir, DEV_OUTBOX: "false", LOG_LEVEL: "warn" });
  const app = await startServer({ env, log: createLogger(env.LOG_LEVEL) });
  try {
    const chats = app.deps.services.chats;
    const chatId = olena!.chatId;
    const original = await chats.send(olena!.userId, { chatId, clientId: newClientId(), body: "Зустрічаємось о сьомій біля мосту", imageIds: [] });
    // Bodies differ (the repeat limit refuses the same text again), like the chat benchmark's.
    let n = 0;
    const body = () => `Повідомлення ${++n} про зустріч`;
    const kinds: Record<string, () => SendMessageInput> = {
      plain: () => ({ chatId, clientId: newClientId(), body: body(), imageIds: [] }),
      reply: () => ({ chatId, clientId: newClientId(), body: body(), imageIds: [], replyToId: original.id }),
      forward: () => ({ chatId, clientId: newClientId(), body: "", imageIds: [], forward: { chatId, messageId: original.id } }),
    };
    const perSend: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    for (let r = 0; r < rounds; r++) {
      for (const [kind, input] of Object.entries(kinds)) {
        const before = mainThreadCpuSeconds(process.pid);
        for (let i = 0; i < sends; i++) await chats.send(taras!.userId, input());
        if (r >= 2) perSend[kind]!.push(((mainThreadCpuSeconds(process.pid) - before) * 1e6) / sends);
      }
    }
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const plain = median(perSend.plain!);
    console.log(`\nServer CPU per message sent, in process, main thread (µs; median of ${rounds - 2} rounds of ${sends.toLocaleString("en")} sends, range in brackets)\n`);
    for (const [kind, list] of Object.entries(perSend)) {
      const m = median(list);
      console.log(`${kind.padEnd(8)} ${m.toFixed(1).padStart(7)}  (${Math.min(...list).toFixed(1)}–${Math.max(...list).toFixed(1)})  ${(m / plain).toFixed(2)}× plain`);
    }
  } finally {
    await app.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
