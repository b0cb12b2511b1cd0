/** Profiles, settings, avatars and the signature image. */
import { z } from "zod";
import { PROFILE_LIMITS } from "./profile-rules.ts";
export { PROFILE_LIMITS } from "./profile-rules.ts";
import type { Relation } from "./friends.ts";
import type { Role } from "./moderation.ts";
import { codeSchema, emailSchema, newPasswordSchema, personNameSchema, usernameSchema } from "./auth.ts";
import { mediaIdSchema, type MediaInfo, type StorageUsage } from "./media.ts";
import { multiLine } from "./text.ts";

export const birthDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "validation.date" })
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && d.getUTCFullYear() >= PROFILE_LIMITS.minBirthYear && d.getTime() <= Date.now();
  }, { error: "validation.date" });

export const updateProfileInput = z.object({
  firstName: personNameSchema,
  lastName: personNameSchema,
  username: usernameSchema,
  bio: z.string().overwrite(multiLine).trim().max(PROFILE_LIMITS.bioMax, { error: "validation.bioTooLong" }),
  birthDate: birthDateSchema.nullable(),
  showBirthDate: z.boolean(),
});

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, { error: "validation.required" }).max(128, { error: "validation.passwordTooLong" }),
  newPassword: newPasswordSchema,
  signOutOtherSessions: z.boolean(),
});

export const requestEmailChangeInput = z.object({
  password: z.string().min(1, { error: "validation.required" }).max(128, { error: "validation.passwordTooLong" }),
  newEmail: emailSchema,
});
export const confirmEmailChangeInput = z.object({ code: codeSchema });

export const usernameInput = z.object({ username: usernameSchema });
export const mediaRefInput = z.object({ mediaId: mediaIdSchema });

export interface ProfileCounts {
  friends: number;
  /** People who follow the owner ("читачі"): declined requests and removed friends. */
  followers: number;
  posts: number;
  albums: number;
}

/** What anyone may see of a person (birth date only if shown, or to the owner). */
export interface Profile {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  bio: string;
  birthDate: string | null;
  avatar: MediaInfo | null;
  signature: MediaInfo | null;
  counts: ProfileCounts;
  isOwner: boolean;
  /** Me and the owner (friend status, may I message them…); null for a guest or my own profile. */
  relation: Relation | null;
  /**
   * For moderators and admins only (null for members, guests and the owner): the person's role and
   * the end of their suspension when suspended now (SUSPENDED_FOREVER for good), for the profile's
   * suspend / unsuspend controls.
   */
  staffView: { role: Role; suspendedUntil: number | null } | null;
}

/** The owner's own view on the settings page. */
export interface Settings {
  id: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  bio: string;
  birthDate: string | null;
  showBirthDate: boolean;
  /** A pending email change waiting for its code. */
  pendingEmail: string | null;
  storage: StorageUsage;
}

export interface AvatarEntry {
  media: MediaInfo;
  active: boolean;
}
