/**
 * The id of the one "deleted account" row (migration 0020): what chat messages of deleted people
 * are authored by, and who stays in a personal chat in their place. Never signs in, never listed.
 * Kept apart from shared/account-deletion.ts (zod): the chat list, in the first load, needs only this.
 */
export const DELETED_ACCOUNT_ID = "deleted";
