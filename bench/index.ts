/**
 * `bun run bench`: every benchmark, one after the other (each starts and stops its own
 * processes). Benchmarks are not tests: they report ratios against a baseline measured in the
 * same run, because the machine is shared and noisy. Exit code 1 if a target failed.
 */
import { benchChat } from "./chat.ts";
import { benchFeed } from "./feed.ts";
import { benchFriends } from "./friends.ts";
import { benchHttp } from "./http.ts";
import { benchScale } from "./scale.ts";
import { benchStart } from "./start.ts";
import { benchWeb } from "./web.ts";

const benchmarks: Array<{ name: string; run: (argv: string[]) => Promise<{ ok: boolean }> }> = [
  { name: "chat", run: benchChat },
  { name: "feed", run: benchFeed },
  { name: "friends", run: benchFriends },
  { name: "http", run: benchHttp },
  { name: "scale", run: benchScale },
  { name: "start", run: benchStart },
  { name: "web", run: benchWeb },
];

let ok = true;
for (const b of benchmarks) {
  console.error(`\n=== bench: ${b.name} ===`);
  try {
    ok = (await b.run(Bun.argv.slice(2))).ok && ok;
  } catch (error) {
    console.error(`bench ${b.name} failed:`, error instanceof Error ? error.message : error);
    ok = false;
  }
}
process.exit(ok ? 0 : 1);
