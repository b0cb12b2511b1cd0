/**
 * Runs a command on a deliberately busy machine, to prove the tests do not depend on timing:
 *
 *   bun scripts/busy.ts [--loops K] [-- command args…]     (default: K = 2 per core, `bun test`)
 *
 * Starts K child processes that each spin a CPU core, runs the command with the same stdio and
 * environment, then stops the loops and exits with the command's exit code. Without a command
 * after `--` it runs `bun test`. The loops also stop on Ctrl+C / SIGTERM, and each loop exits by
 * itself if this script dies without cleaning up (it checks that its parent is still there).
 */
import { availableParallelism } from "node:os";

// Options first, then the command (an optional `--` between them; Bun itself drops a `--` that
// comes first, so `busy.ts -- bun test x` arrives as `bun test x`).
const args = process.argv.slice(2);
let loops = 2 * availableParallelism();
if (args[0] === "--loops") {
  loops = Number(args[1]);
  args.splice(0, 2);
}
if (args[0] === "--") args.shift();
const command = args.length ? args : [process.execPath, "test"];
if (!Number.isInteger(loops) || loops < 0 || command[0]!.startsWith("-")) {
  console.error("usage: bun scripts/busy.ts [--loops K] [-- command args…]");
  process.exit(2);
}

// Spins; every ~0.1 s of work it checks that the script that started it is still its parent.
const spin = `const parent = ${process.pid};
for (;;) {
  for (let i = 0, x = 0; i < 20_000_000; i++) x = (x + i) | 0;
  if (process.ppid !== parent) process.exit(0);
}`;
const children = Array.from({ length: loops }, () => Bun.spawn([process.execPath, "-e", spin], { stdio: ["ignore", "ignore", "inherit"] }));

let stopped = false;
function stopLoops() {
  if (stopped) return;
  stopped = true;
  for (const child of children) child.kill("SIGKILL");
}
process.on("exit", stopLoops);

console.error(`[busy] ${loops} busy loops on ${availableParallelism()} cores; running: ${command.join(" ")}`);
const started = performance.now();
const run = Bun.spawn(command, { stdio: ["inherit", "inherit", "inherit"], env: process.env });
for (const [signal, number] of [["SIGINT", 2], ["SIGTERM", 15], ["SIGHUP", 1]] as const) {
  process.on(signal, () => {
    stopLoops();
    run.kill(signal);
    process.exit(128 + number);
  });
}
const code = await run.exited;
stopLoops();
await Promise.all(children.map((child) => child.exited));
console.error(`[busy] exit ${code} after ${((performance.now() - started) / 1000).toFixed(1)} s; busy loops stopped`);
process.exit(code);
