/**
 * A real SMTP server (smtp-server) on a free local port; the app sends to it with nodemailer.
 * Decodes the simple single-part messages the app sends (quoted-printable or base64 bodies,
 * RFC 2047 subjects).
 */
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
}

export interface TestInbox {
  url: string;
  all(): ReceivedMail[];
  /** Waits for the next message to `to` that has not been taken yet. */
  next(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** The 6-digit code of the next verification mail to `to`. */
  codeFor(to: string): Promise<string>;
  /** The reset link of the next password-reset mail to `to`. */
  linkFor(to: string): Promise<string>;
  /** Messages to `to` that no next() call took. */
  pending(to: string): ReceivedMail[];
  close(): Promise<void>;
}

export async function startInbox(): Promise<TestInbox> {
  const received: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const mail = parseMessage(Buffer.concat(chunks).toString("latin1"));
        for (const rcpt of session.envelope.rcptTo) received.push({ ...mail, to: rcpt.address.toLowerCase() });
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;

  const findFree = (to: string) => received.find((m) => m.to === to.toLowerCase() && !taken.has(m));
  async function next(to: string, timeoutMs = 15_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mail = findFree(to);
      if (mail) {
        taken.add(mail);
        return mail;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
      await Promise.race([new Promise<void>((r) => waiters.push(r)), Bun.sleep(Math.min(left, 100))]);
    }
  }
  return {
    url: `smtp://127.0.0.1:${port}`,
    all: () => [...received],
    next,
    async codeFor(to) {
      const mail = await next(to);
      const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
      if (!code) throw new Error(`mail to ${to} has no code: ${mail.subject}`);
      return code;
    },
    async linkFor(to) {
      const mail = await next(to);
      const link = /https?:\/\/\S+reset-password\S+/.exec(mail.text)?.[0];
      if (!link) throw new Error(`mail to ${to} has no reset link: ${mail.subject}`);
      return link;
    },
    pending: (to) => received.filter((m) => m.to === to.toLowerCase() && !taken.has(m)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseMessage(raw: string): Omit<ReceivedMail, "to"> {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const bytes =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64")
      : encoding === "quoted-printable"
        ? decodeQuotedPrintable(body)
        : Buffer.from(body, "latin1");
  return { subject: decodeWords(header("Subject")), text: bytes.toString("utf8").replace(/\r\n/g, "\n").trim() };
}

function decodeQuotedPrintable(body: string): Buffer {
  const soft = body.replace(/=\r?\n/g, "");
  const out: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(soft.charCodeAt(i));
  }
  return Buffer.from(out);
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_m, _charset, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeQuotedPrintable(text.replace(/_/g, " ")).toString("utf8"),
    );
}
