/**
 * `bun dev`: the API server (bun --watch, port 3001) and the Vite dev server (port 3000, proxies
 * /trpc, /ws, /dev, /healthz and /media to the API). Output of both is piped with a prefix; Ctrl+C
 * (or either child exiting) stops both.
 */
import type { Subprocess } from "bun";

const root = new URL("..", import.meta.url).pathname;

type Child = { name: string; proc: Subprocess<"ignore", "pipe", "pipe"> };

function start(name: string, cmd: string[], env: Record<string, string> = {}): Child {
  const proc = Bun.spawn(cmd, {
    cwd: root,
    env: { ...process.env, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  void pipe(name, proc.stdout, process.stdout);
  void pipe(name, proc.stderr, process.stderr);
  return { name, proc };
}

async function pipe(name: string, stream: ReadableStream<Uint8Array>, out: NodeJS.WriteStream) {
  const decoder = new TextDecoder();
  let carry = "";
  for await (const chunk of stream) {
    const lines = (carry + decoder.decode(chunk, { stream: true })).split("\n");
    carry = lines.pop() ?? "";
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  }
  if (carry) out.write(`[${name}] ${carry}\n`);
}

const children = [
  start("api", ["bun", "--watch", "server/main.ts"], { PORT: "3001" }),
  start("web", ["bun", "--bun", "vite", "--config", "web/vite.config.ts"]),
];

console.log("World IT dev: http://localhost:3000 (mail: http://localhost:3000/dev/outbox)");

let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const { proc } of children) if (proc.exitCode === null) proc.kill("SIGTERM");
  const forced = setTimeout(() => {
    for (const { proc } of children) if (proc.exitCode === null) proc.kill("SIGKILL");
  }, 5_000);
  await Promise.all(children.map(({ proc }) => proc.exited));
  clearTimeout(forced);
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stopAll(0));

for (const { name, proc } of children) {
  void proc.exited.then((code) => {
    if (stopping) return;
    console.error(`[dev] ${name} exited with code ${code}; stopping the other process`);
    void stopAll(code || 1);
  });
}
