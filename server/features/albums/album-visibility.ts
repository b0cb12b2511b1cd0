/**
 * Who may see an album — the ONE place this rule lives. Lists, counts, byId, photo reads and the
 * media access policy all go through `visibleLevels`.
 */
import { ALBUM_VISIBILITY, type AlbumVisibility } from "../../../shared/albums.ts";
import { canSeeFriendsContent } from "../friends/social-policy.ts";
import type { Q } from "./albums.repository.ts";

/**
 * The visibility levels of `ownerId`'s albums that `viewerId` (null: a guest) may see.
 * Async and given the database so friendship can be looked up here.
 * "friends" albums: whoever the social policy (server/features/friends/social-policy.ts) lets see the
 * owner's friends-only content — their friends, never a blocked person.
 */
export async function visibleLevels(db: Q, ownerId: string, viewerId: string | null): Promise<readonly AlbumVisibility[]> {
  if (viewerId !== null && viewerId === ownerId) return ALBUM_VISIBILITY;
  if (await canSeeFriendsContent(db, viewerId, ownerId)) return ["everyone", "friends"];
  return ["everyone"];
}

export async function canViewAlbum(
  db: Q,
  album: { owner_id: string; visibility: string },
  viewerId: string | null,
): Promise<boolean> {
  const levels: readonly string[] = await visibleLevels(db, album.owner_id, viewerId);
  return levels.includes(album.visibility);
}
