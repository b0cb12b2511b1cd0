/**
 * Outgoing mail: real SMTP (nodemailer) when SMTP_URL is set; otherwise a dev outbox that prints
 * each message to the console and keeps the last ones for the /dev/outbox page.
 */
import type { Transporter } from "nodemailer";
import type { Logger } from "./log.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface OutboxEntry extends MailMessage {
  at: number;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** The dev outbox, newest first; null when mail goes over SMTP only. */
  outbox(): readonly OutboxEntry[] | null;
  close(): void;
}

export function createMailer(opts: {
  smtpUrl?: string;
  from: string;
  devOutbox: boolean;
  log: Logger;
}): Mailer {
  const kept: OutboxEntry[] = [];
  // nodemailer is loaded with the first mail, not at start-up (issue 12: start time).
  let transport: Promise<Transporter> | null = null;
  let closed = false;
  const smtp = (url: string) => (transport ??= import("nodemailer").then((m) => m.default.createTransport(url)));
  return {
    async send(message) {
      if (opts.devOutbox) {
        kept.unshift({ ...message, at: Date.now() });
        kept.length = Math.min(kept.length, 100);
        opts.log.info(`dev outbox: mail to ${message.to}\n  Subject: ${message.subject}\n${indent(message.text)}`);
      }
      if (opts.smtpUrl && !closed) {
        await (await smtp(opts.smtpUrl)).sendMail({ from: opts.from, to: message.to, subject: message.subject, text: message.text });
      }
    },
    outbox: () => (opts.devOutbox ? kept : null),
    close() {
      closed = true;
      void transport?.then((t) => t.close());
    },
  };
}

function indent(text: string) {
  return text
    .split("\n")
    .map((l) => `  | ${l}`)
    .join("\n");
}
