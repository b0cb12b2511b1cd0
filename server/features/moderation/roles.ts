/**
 * Role checks, asked by every service that needs one: read from the database on each call (a
 * revoked moderator loses their powers at once, on every instance; moderation is rare enough).
 */
import { hasRole, ROLES, type Role } from "../../../shared/moderation.ts";
import { ForbiddenError } from "../../lib/errors.ts";
import type { Q } from "../posts/posts.repository.ts";

export const asRole = (value: string | undefined | null): Role => (ROLES as readonly string[]).includes(value ?? "") ? (value as Role) : "member";

export async function roleOf(db: Q, userId: string): Promise<Role> {
  const row = await db.selectFrom("users").select("role").where("id", "=", userId).executeTakeFirst();
  return asRole(row?.role);
}

/** FORBIDDEN "moderation.notAllowed" unless the person holds at least `needed`. */
export async function requireRole(db: Q, userId: string, needed: Role): Promise<Role> {
  const role = await roleOf(db, userId);
  if (!hasRole(role, needed)) throw new ForbiddenError("moderation.notAllowed");
  return role;
}
