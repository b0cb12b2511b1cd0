/**
 * The vocabulary of the authorisation matrix (tests/integration/authz-matrix.test.ts): the roles
 * a caller can have towards a resource, what a call can answer, and the presets rows share.
 *
 * Adding a role (a friend, a blocked person, a moderator — when those features land) is one new
 * entry in ROLES plus its actor in cast.ts: every expectation is a `Record<Role, …>`, so the
 * typechecker then names each row and preset that must say what the new role gets.
 */
import { TRPCClientError } from "@trpc/client";
import type { MediaPurpose } from "../../../shared/media.ts";
import type { TestClient } from "../../helpers/client.ts";

export const ROLES = ["guest", "stranger", "member", "removed", "admin", "moderator", "siteAdmin"] as const;
/**
 * guest: no session. stranger: signed in, nothing to do with the resource. member: a member of
 * the group chat, or the owner of the album / media / account / post the row names. removed: a
 * former member of the group (removed by its admin). admin: the group's admin, and the member's
 * friend (friends-only albums and lists); on the comment rows, the comment's author (the comment is
 * the admin's, under the member's post); a plain member of the site (users.role "member").
 * moderator and siteAdmin: the site's moderator and administrator (users.role "moderator" and
 * "admin", issue #16), otherwise strangers to every resource: outside moderation.* they get exactly
 * what a stranger gets (a moderator reads a chat's messages only from its reports, never the chat).
 */
export type Role = (typeof ROLES)[number];

/**
 * "ok": allowed (the call resolved, the frame was answered as for a member); "silent": a frame the
 * server drops without a reply (typing in a chat one has not opened, closing a chat); otherwise
 * the exact refusal as "<error.data.code> <error.data.reason>" (or the error frame's code and reason).
 */
export type Outcome = "ok" | "silent" | `${Uppercase<string>} ${string}`;
/** "n/a": the role means nothing for this row (e.g. a group admin towards someone's album). */
export type Expect = Record<Role, Outcome | "n/a">;

export const OK = "ok";
export const NA = "n/a";
export const SIGN_IN = "UNAUTHORIZED auth.signInRequired";
export const CHAT_404 = "NOT_FOUND chats.notFound";
export const ADMIN_ONLY = "FORBIDDEN chats.adminOnly";

/** Anyone, guests too. */
export const anyone: Expect = { guest: OK, stranger: OK, member: OK, removed: OK, admin: OK, moderator: OK, siteAdmin: OK };
/** Anyone signed in. */
export const signedIn: Expect = { guest: SIGN_IN, stranger: OK, member: OK, removed: OK, admin: OK, moderator: OK, siteAdmin: OK };
/** Public, and it only makes sense without a session (registering, signing in, resetting a password). */
export const guestsOnly: Expect = { guest: OK, stranger: NA, member: NA, removed: NA, admin: NA, moderator: NA, siteAdmin: NA };
/** Acts on the caller's own account only: nothing of anyone else's can be named, so only signing in matters. */
export const ownAccount: Expect = { guest: SIGN_IN, stranger: NA, member: OK, removed: NA, admin: NA, moderator: NA, siteAdmin: NA };
/** Names something the member owns (an album, a photo, a media, a session): theirs to use, `stranger` for others. */
export const ownerOnly = (stranger: Outcome): Expect => ({ guest: SIGN_IN, stranger, member: OK, removed: NA, admin: NA, moderator: stranger, siteAdmin: stranger });
/** Anything a member of the group may do. */
export const groupMembers: Expect = { guest: SIGN_IN, stranger: CHAT_404, member: OK, removed: CHAT_404, admin: OK, moderator: CHAT_404, siteAdmin: CHAT_404 };
/** What only the group's admin may do. */
export const groupAdmin: Expect = { ...groupMembers, member: ADMIN_ONLY };

/**
 * The ids a row's call uses. The matrix fills them with the member's resources; the IDOR tests
 * swap one for someone else's (that exists) and for one that exists nowhere.
 */
export interface Target {
  /** A group chat (the admin's, with the member in it and the removed member out of it). */
  chatId: string;
  /** A message by the member in that chat. */
  messageId: number;
  /** A member of that chat (to remove, or to make admin). */
  memberId: string;
  /** Someone to chat with or to add (people are public: not an IDOR target). */
  personId: string;
  albumId: string;
  photoId: string;
  /** Uploads of each purpose, not attached to anything. */
  media: Record<MediaPurpose, string>;
  sessionId: string;
  /** A post of the member's. */
  postId: number;
  /** A comment of the admin's under that post. */
  commentId: number;
  username: string;
  email: string;
  /** A one-time code or token some rows read from the mail first. */
  secret: string;
}
/** The ids the IDOR tests swap. */
export type IdKey = "chatId" | "messageId" | "memberId" | "albumId" | "photoId" | "media" | "sessionId" | "postId" | "commentId";
/**
 * What a stranger gets for someone else's id and for a missing one: one outcome for both (the id's
 * existence is a secret), or each its own where existence is public (posts and their comments).
 */
export type IdorAnswer = Outcome | { theirs: Outcome; missing: Outcome };

export type Api = TestClient["trpc"];

/** What a tRPC call answered, as an Outcome. */
export async function outcomeOf(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return OK;
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = (error as TRPCClientError<never>).data as { code?: string; reason?: string } | undefined;
    return `${data?.code ?? "NO_CODE"} ${data?.reason ?? "no-reason"}` as Outcome;
  }
}

/** Random lowercase hex: ids of the right shape that nothing has. */
export const hexId = (length = 24) => {
  let out = "";
  for (const b of crypto.getRandomValues(new Uint8Array(Math.ceil(length / 2)))) out += b.toString(16).padStart(2, "0");
  return out.slice(0, length);
};
