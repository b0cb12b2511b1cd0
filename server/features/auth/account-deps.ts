/**
 * What the account-security features (#17: two-factor, passkeys, data export, deletion) are
 * built from: one bag, so each can grow without rewiring server/deps.ts.
 */
import type { AppDeps } from "../../deps.ts";
import type { Logger } from "../../lib/log.ts";
import type { Mailer, MailMessage } from "../../lib/mail.ts";
import type { PasswordHasher } from "../../lib/password.ts";
import type { MediaService } from "../media/media.service.ts";
import type { AuthService } from "./auth.service.ts";

/** The app's base (env, db, clock, log, mailer, limiter, hub) and the services these build on. */
export interface AccountDeps extends Omit<AppDeps, "services"> {
  hasher: PasswordHasher;
  auth: AuthService;
  media: MediaService;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
}

/** Sends a mail; a failed delivery is logged, never thrown (the action it reports has happened). */
export function mailSender(d: { mailer: Mailer; log: Logger }) {
  return async (message: MailMessage) => {
    try {
      await d.mailer.send(message);
    } catch (error) {
      d.log.error("mail delivery failed", { to: message.to, error });
    }
  };
}
