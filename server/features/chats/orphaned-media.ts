/**
 * After messages or a group stopped showing some chat images: removes those that nothing shows
 * any more (the same chat_image may have been sent in another chat too, or be a chat's avatar).
 * Runs after the commit that stopped showing them — what it removes is already invisible to
 * everyone but its owner — so a failure is logged, not thrown: the delete itself has happened.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Logger } from "../../lib/log.ts";
import type { ChatsMedia } from "./chats.media.ts";
import { mediaInUse } from "./chats.repository.ts";

export async function removeOrphanedMedia(
  deps: { db: Kysely<Database>; media: ChatsMedia; log: Logger },
  mediaIds: string[],
  context: { what: string } & Record<string, unknown>,
): Promise<void> {
  if (!mediaIds.length) return;
  try {
    const inUse = await mediaInUse(deps.db, mediaIds);
    const orphaned = mediaIds.filter((id) => !inUse.has(id));
    if (orphaned.length) await deps.media.removeMany(orphaned);
  } catch (error) {
    const { what, ...rest } = context;
    deps.log.error(`${what}'s media not removed`, { ...rest, mediaIds, error });
  }
}
