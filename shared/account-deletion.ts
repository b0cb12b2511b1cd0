/**
 * Account deletion with a grace period (#17): asked for with the password (and a second-factor
 * code when two-factor is on); everything goes after ACCOUNT_DELETION.graceDays unless the person
 * signs in before. ADR docs/decisions/0017-account-deletion.md.
 */
import { z } from "zod";
import { existingPasswordSchema } from "./auth.ts";
import { secondFactorCodeSchema } from "./security.ts";

export const ACCOUNT_DELETION = {
  graceDays: 14,
} as const;

export const GRACE_MS = ACCOUNT_DELETION.graceDays * 24 * 60 * 60 * 1000;

export { DELETED_ACCOUNT_ID } from "./deleted-account.ts";

/** `code`: six digits from the app or a recovery code; required (only) when two-factor is on. */
export const requestAccountDeletionInput = z.object({
  password: existingPasswordSchema,
  code: secondFactorCodeSchema.optional(),
});
export type RequestAccountDeletionInput = z.input<typeof requestAccountDeletionInput>;

export interface AccountDeletionScheduled {
  /** When everything goes (ms since the epoch), unless the person signs in before. */
  dueAt: number;
}
