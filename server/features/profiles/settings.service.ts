/**
 * The owner's settings: profile fields, password, email address (re-authentication, a code to
 * the new address, the old address notified) and storage usage.
 */
import type { Kysely } from "kysely";
import type { Settings } from "../../../shared/profiles.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { BadRequestError, ConflictError, RateLimitedError, UnauthorizedError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import type { Mailer } from "../../lib/mail.ts";
import type { PasswordHasher } from "../../lib/password.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import type { Hub } from "../../realtime/hub.ts";
import * as authRepo from "../auth/auth.repository.ts";
import { mailSender } from "../auth/account-deps.ts";
import { reauthenticate as checkPassword } from "../auth/reauth.ts";
import type { Authenticated } from "../auth/auth.service.ts";
import type { EmailCodes } from "../auth/email-codes.ts";
import type { MediaService } from "../media/media.service.ts";
import { emailChangedMail, newEmailCodeMail, passwordChangedMail } from "./profiles.mails.ts";
import * as repo from "./profiles.repository.ts";
import { indexPerson } from "../friends/people-search.ts";


export function createSettingsService(deps: {
  db: Kysely<Database>;
  clock: Clock;
  media: MediaService;
  hasher: PasswordHasher;
  codes: EmailCodes;
  mailer: Mailer;
  limiter: RateLimiter;
  hub: Hub;
  log: Logger;
  publicUrl: string;
}) {
  const { db, clock, media, hasher, codes, limiter } = deps;

  const sendMail = mailSender(deps);

  async function me(userId: string) {
    const row = await repo.findById(db, userId);
    if (!row) throw new UnauthorizedError();
    return row;
  }

  /** The current password, checked under the per-person limit shared with every re-check (auth/reauth.ts). */
  const reauthenticate = (userId: string, password: string, field: "currentPassword" | "password") =>
    checkPassword({ db, limiter, hasher }, userId, password, field);

  async function get(userId: string): Promise<Settings> {
    const [row, storage] = await Promise.all([me(userId), media.usage(userId)]);
    return {
      id: row.id,
      email: row.email,
      username: row.username,
      firstName: row.first_name,
      lastName: row.last_name,
      bio: row.bio,
      birthDate: row.birth_date,
      showBirthDate: row.show_birth_date === 1,
      pendingEmail: row.pending_email,
      storage,
    };
  }

  return {
    get: (auth: Authenticated) => get(auth.user.id),

    async update(
      auth: Authenticated,
      input: { firstName: string; lastName: string; username: string; bio: string; birthDate: string | null; showBirthDate: boolean },
    ): Promise<Settings> {
      await db.transaction().execute(async (trx) => {
        const holder = await repo.usernameHolder(trx, input.username);
        if (holder && holder.id !== auth.user.id) throw new ConflictError("auth.usernameTaken", { field: "username" });
        await repo.update(trx, auth.user.id, {
          first_name: input.firstName,
          last_name: input.lastName,
          username: input.username,
          bio: input.bio,
          birth_date: input.birthDate,
          show_birth_date: input.showBirthDate ? 1 : 0,
          updated_at: clock(),
        });
        await indexPerson(trx, { id: auth.user.id, username: input.username, first_name: input.firstName, last_name: input.lastName });
      });
      return get(auth.user.id);
    },

    async changePassword(
      auth: Authenticated,
      input: { currentPassword: string; newPassword: string; signOutOtherSessions: boolean },
    ): Promise<{ signedOut: number }> {
      const row = await reauthenticate(auth.user.id, input.currentPassword, "currentPassword");
      const hash = await hasher.hash(input.newPassword);
      const signedOut = await db.transaction().execute(async (trx) => {
        await repo.update(trx, auth.user.id, { password_hash: hash, updated_at: clock() });
        // Outstanding reset links were for the old password.
        await authRepo.deletePasswordResetsOf(trx, auth.user.id);
        return input.signOutOtherSessions ? authRepo.deleteUserSessions(trx, auth.user.id, auth.sessionId) : [];
      });
      if (signedOut.length) deps.hub.control({ kind: "sessions.revoked", userId: auth.user.id, sessionIds: signedOut });
      await sendMail(passwordChangedMail(row.email, deps.publicUrl));
      return { signedOut: signedOut.length };
    },

    async requestEmailChange(
      auth: Authenticated,
      input: { password: string; newEmail: string },
    ): Promise<{ pendingEmail: string; resendAfterSeconds: number }> {
      const row = await reauthenticate(auth.user.id, input.password, "password");
      if (input.newEmail === row.email) throw new BadRequestError("settings.sameEmail", { field: "newEmail" });
      if (await repo.emailHolder(db, input.newEmail)) throw new ConflictError("settings.emailTaken", { field: "newEmail" });
      const { code, waitSeconds } = await codes.issue(auth.user.id, "change_email", input.newEmail);
      if (!code) throw new RateLimitedError(waitSeconds);
      await repo.update(db, auth.user.id, { pending_email: input.newEmail, updated_at: clock() });
      await sendMail(newEmailCodeMail(input.newEmail, code));
      return { pendingEmail: input.newEmail, resendAfterSeconds: waitSeconds };
    },

    async confirmEmailChange(auth: Authenticated, input: { code: string }): Promise<Settings> {
      const row = await me(auth.user.id);
      const newEmail = row.pending_email;
      if (!newEmail) throw new BadRequestError("settings.noPendingEmail");
      const hash = await codes.check(auth.user.id, "change_email", input.code);
      await db.transaction().execute(async (trx) => {
        if (!(await codes.consume(trx, auth.user.id, "change_email", hash))) throw new BadRequestError("auth.codeInvalid");
        if (await repo.emailHolder(trx, newEmail)) throw new ConflictError("settings.emailTaken", { field: "newEmail" });
        await repo.update(trx, auth.user.id, { email: newEmail, pending_email: null, updated_at: clock() });
      });
      await sendMail(emailChangedMail(row.email, newEmail, deps.publicUrl));
      return get(auth.user.id);
    },

    async cancelEmailChange(auth: Authenticated): Promise<Settings> {
      await repo.update(db, auth.user.id, { pending_email: null, updated_at: clock() });
      await codes.discard(auth.user.id, "change_email");
      return get(auth.user.id);
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
