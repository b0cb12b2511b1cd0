/**
 * `bun bench/search-index.ts`: how long the event loop stops for one batch of the SQLite search
 * index (server/features/message-search/search-index.ts, ADR 0028), as the index grows.
 *
 * A diagnostic for issue 12's chat tail latency, not part of `bun run bench` (no target). On a
 * scratch database (WAL, synchronous=NORMAL, as the app) with the app's FTS5 table
 * (migration 0023: external content, unicode61 remove_diacritics 2), it stores `--rows` messages
 * (default 200: 100 ms of the chat benchmark's 2,000 msg/s) and then indexes them in one
 * transaction, as indexPending does, until `--total` messages are indexed. The baseline, in the
 * same run, copies the same rows into a plain table in one transaction: the part of a batch that
 * is not FTS5's. FTS5 merges its segments inside some of these transactions (automerge), and
 * those batches are the long ones: the table reports the distribution of both, and their ratio.
 *
 * Options: --rows <n> --total <n> --automerge <n> (FTS5's, default 4) --crisismerge <n> (default 16)
 */
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = new Map<string, number>();
for (let i = 2; i < Bun.argv.length; i += 2) args.set(Bun.argv[i]!.replace(/^--/, ""), Number(Bun.argv[i + 1]));
const rows = args.get("rows") ?? 200;
const total = args.get("total") ?? 100_000;

const dir = mkdtempSync(join(tmpdir(), "world-it-fts-"));
try {
  const db = new Database(join(dir, "bench.db"), { create: true });
  db.exec("pragma journal_mode = wal; pragma synchronous = normal;");
  db.exec("create table messages (id integer primary key, body text not null)");
  db.exec("create table plain_copy (id integer primary key, body text not null)");
  db.exec("create virtual table messages_fts using fts5(body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2')");
  for (const option of ["automerge", "crisismerge"]) {
    const value = args.get(option);
    if (value !== undefined) db.run("insert into messages_fts (messages_fts, rank) values (?, ?)", [option, value]);
  }
  // Bodies like the chat benchmark's: a dozen words of Ukrainian and English, many distinct.
  const words = "привіт як справи сьогодні завтра робота чат повідомлення зустріч фото hello world message text meeting photo".split(" ");
  const body = () => Array.from({ length: 12 }, () => `${words[Math.floor(Math.random() * words.length)]}${Math.floor(Math.random() * 100)}`).join(" ");
  const store = db.prepare("insert into messages (body) values (?)");
  const index = db.prepare("insert into messages_fts (rowid, body) select id, body from messages where id > ? and id <= ?");
  const copy = db.prepare("insert into plain_copy (id, body) select id, body from messages where id > ? and id <= ?");
  const fts: number[] = [];
  const plain: number[] = [];
  let upto = 0;
  for (let done = 0; done < total; done += rows) {
    db.transaction(() => {
      for (let i = 0; i < rows; i++) store.run(body());
    })();
    const top = upto + rows;
    let t = performance.now();
    db.transaction(() => copy.run(upto, top))();
    plain.push(performance.now() - t);
    t = performance.now();
    db.transaction(() => index.run(upto, top))();
    fts.push(performance.now() - t);
    upto = top;
  }
  db.close();
  const at = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * p))]!;
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
  const row = (label: string, f: (l: number[]) => number) => `| ${label} | ${f(fts).toFixed(2)} | ${f(plain).toFixed(2)} | ${(f(fts) / f(plain)).toFixed(1)}× |`;
  console.log(`${fts.length} batches of ${rows} messages (${total.toLocaleString("en")} in all), Bun ${Bun.version}\n`);
  console.log("| one batch's transaction (ms) | FTS5 index | plain copy (baseline) | ratio |\n|---|--:|--:|--:|");
  for (const [label, p] of [["p50", 0.5], ["p90", 0.9], ["p99", 0.99], ["max", 1]] as const) console.log(row(label, (l) => at(l, p)));
  console.log(row("all batches, total", sum));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
