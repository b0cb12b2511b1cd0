/** Moderators and admins. Apart from AdminNavLink.tsx, so that a post's card knows without loading the header's link. */
// Type-only: no moderation schemas.
import type { Role } from "../../../../shared/moderation.ts";

export const isTeam = (role: Role | undefined) => role === "moderator" || role === "admin";
