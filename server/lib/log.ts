type Level = "debug" | "info" | "warn" | "error" | "silent";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, extra?: Record<string, unknown>): void;
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

export function createLogger(level: Level): Logger {
  const emit = (at: Exclude<Level, "silent">) => (msg: string, extra?: Record<string, unknown>) => {
    if (order[at] < order[level]) return;
    const line = extra ? `${msg} ${JSON.stringify(extra, errorReplacer)}` : msg;
    (at === "error" || at === "warn" ? console.error : console.log)(`[${at}] ${line}`);
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

function errorReplacer(_key: string, value: unknown) {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
