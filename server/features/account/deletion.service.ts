/**
 * Account deletion with a grace period (#17, ADR 0017).
 * - `request`: the password (and a second-factor code when two-factor is on) → deletion_due_at in
 *   ACCOUNT_DELETION.graceDays and every session gone, in one transaction; then their sockets are
 *   closed on every instance and a mail says when. Signing in before then cancels it
 *   (auth.completeSignIn).
 * - `sweep` (hourly, server/main.ts): every account that is due is deleted, each in its own
 *   transaction that checks again that it is still due; their media files and data exports go
 *   after commit, and the chats they were in hear it.
 */
import { DELETED_ACCOUNT_ID, GRACE_MS, type AccountDeletionScheduled } from "../../../shared/account-deletion.ts";
import { BadRequestError } from "../../lib/errors.ts";
import type { AccountDeps } from "../auth/account-deps.ts";
import { mailSender } from "../auth/account-deps.ts";
import { deleteUserSessions } from "../auth/auth.repository.ts";
import { reauthenticate } from "../auth/reauth.ts";
import type { Authenticated } from "../auth/auth.service.ts";
import { deletionScheduledMail } from "../auth/security.mails.ts";
import { publishChatUpdated } from "../chats/chat-updated.ts";
import { publishMessages } from "../chats/messages.service.ts";
import { removeOrphanedMedia } from "../chats/orphaned-media.ts";
import { verifySecondFactorCode } from "../security/totp-check.ts";
import { anonymiseMessages, hydrateLines, removeFromChats, type ChatsOutcome } from "./deletion.chats.ts";
import * as repo from "./deletion.repository.ts";

/** Accounts deleted per sweep round (the sweep goes on until none is due). */
const SWEEP_BATCH = 50;

/** What deletion needs besides AccountDeps (wired in server/deps.ts). */
export interface DeletionExtras {
  /** Removes the person's data exports (rows and files). */
  dataExports?: { deleteAllOf?(userId: string): Promise<unknown> };
  /** Tells people whose bells lost entries (the coalesced `notification` frame). */
  notifications?: { changed(userIds: Iterable<string>): void };
}

export function createAccountDeletion(d: AccountDeps, extras: DeletionExtras = {}) {
  const db = d.db.db;
  const sendMail = mailSender(d);

  async function deleteExports(userId: string) {
    try {
      await extras.dataExports?.deleteAllOf?.(userId);
    } catch (error) {
      d.log.error("data exports of a deleted account not removed", { userId, error });
    }
  }

  /** Deletes one person if still due; false when a sign-in cancelled it (or they are gone). */
  async function deleteOne(userId: string): Promise<boolean> {
    const now = d.clock();
    if (!(await repo.isDue(db, userId, now))) return false;
    // Before the transaction (the export service keeps its own rows and files); an export is
    // cheap to make again if a sign-in cancels the deletion right after.
    await deleteExports(userId);
    const outcome = await db.transaction().execute(async (trx) => {
      const person = await repo.claimDue(trx, userId, now);
      if (!person) return null;
      const mediaIds = await repo.handOverMedia(trx, userId);
      const subjects = [...(await repo.removeActivityOnOthersPosts(trx, userId)), ...(await repo.removePosts(trx, userId))];
      const notified = await repo.removeNotificationsCausedBy(trx, userId, subjects);
      await repo.removeReports(trx, userId);
      const chats = await removeFromChats(trx, userId, now);
      await anonymiseMessages(trx, userId, mediaIds, now, chats);
      await repo.removeRegistrations(trx, person);
      await repo.removeUser(trx, userId);
      return { mediaIds, chats, notified };
    });
    if (!outcome) return false;
    await afterCommit(userId, outcome.mediaIds, outcome.chats, outcome.notified);
    await deleteExports(userId);
    d.log.info("account deleted", { userId });
    return true;
  }

  async function afterCommit(userId: string, mediaIds: string[], chats: ChatsOutcome, notified: string[]) {
    // No session is left (the request ended them and a sign-in would have cancelled this), but a
    // socket opened in between would be: close whatever there is, on every instance.
    d.hub.control({ kind: "user.sessions.revoked", userId, exceptSessionId: null });
    for (const chatId of chats.leftGroups) d.hub.control({ kind: "chat.member.removed", chatId, userId, reason: "left" });
    // Their files first: what is told below may fail without leaving anything of theirs behind.
    try {
      await d.media.removeMany(mediaIds);
    } catch (error) {
      // The rows stay with "deleted account": the next sweep removes them.
      d.log.error("media of a deleted account not removed", { userId, error });
    }
    await removeOrphanedMedia({ db, media: d.media, log: d.log }, chats.orphanCandidates, { what: "deleted account's chats", userId });
    try {
      for (const chatId of new Set([...chats.leftGroups, ...chats.updated])) await publishChatUpdated({ db, hub: d.hub, media: d.media }, chatId);
      publishMessages(d.hub, await hydrateLines(db, chats.lines));
      // Bells that lost entries get their new number.
      extras.notifications?.changed(notified);
    } catch (error) {
      d.log.error("a deleted account's chats and bells not told", { userId, error });
    }
  }

  return {
    /**
     * Schedules the deletion of the signed-in person's account: the password (and a second-factor
     * code when two-factor is on) → due in the grace period, every session signed out.
     */
    async request(auth: Authenticated, input: { password: string; code?: string | undefined }): Promise<AccountDeletionScheduled> {
      const userId = auth.user.id;
      // The per-person limit shared with every password re-check (auth/reauth.ts).
      const row = await reauthenticate({ db, limiter: d.limiter, hasher: d.hasher }, userId, input.password, "password");
      if (row.totp_enabled_at !== null) {
        if (!input.code) throw new BadRequestError("validation.required", { field: "code" });
        if (!(await verifySecondFactorCode(db, d.clock, userId, input.code))) throw new BadRequestError("auth.codeInvalid", { field: "code" });
      }
      const dueAt = d.clock() + GRACE_MS;
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("users").set({ deletion_due_at: dueAt, updated_at: d.clock() }).where("id", "=", userId).execute();
        await deleteUserSessions(trx, userId);
      });
      d.hub.control({ kind: "user.sessions.revoked", userId, exceptSessionId: null });
      await sendMail(deletionScheduledMail(row.email, d.publicUrl, dueAt));
      return { dueAt };
    },

    /** Background work: none of its own (the hourly sweep is driven by server/main.ts). */
    start() {},
    async stop() {},

    /**
     * Deletes every account whose grace period is over (hourly from server/main.ts; tests call it).
     * Returns how many were deleted. Media a crashed sweep left with "deleted account" go first.
     */
    async sweep(): Promise<number> {
      try {
        const stranded = await repo.strandedMedia(db);
        if (stranded.length) await d.media.removeMany(stranded);
      } catch (error) {
        d.log.error("media left by an earlier account deletion not removed", { error });
      }
      let deleted = 0;
      const tried = new Set<string>();
      for (;;) {
        const ids = (await repo.dueIds(db, d.clock(), SWEEP_BATCH)).filter((id) => !tried.has(id));
        if (!ids.length) return deleted;
        for (const id of ids) {
          tried.add(id);
          try {
            if (await deleteOne(id)) deleted++;
          } catch (error) {
            d.log.error("account deletion failed", { userId: id, error });
          }
        }
      }
    },
  };
}

export type AccountDeletion = ReturnType<typeof createAccountDeletion>;
export { DELETED_ACCOUNT_ID };
