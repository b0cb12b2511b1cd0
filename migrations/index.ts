/**
 * Every migration, in order: its name and how to load it. Add new files here; never edit a landed
 * one. Loaded only when some are to be applied: a start on a migrated database needs the names
 * alone (server/db/migrate.ts, ADR 0029).
 */
import type { Migration } from "kysely/migration";

const loaders: Record<string, () => Promise<Migration>> = {
  "20261121_0001_accounts": () => import("./20261121_0001_accounts.ts"),
  "20261121_0002_media": () => import("./20261121_0002_media.ts"),
  "20261121_0003_profiles": () => import("./20261121_0003_profiles.ts"),
  "20261121_0004_albums": () => import("./20261121_0004_albums.ts"),
  "20261121_0005_chats": () => import("./20261121_0005_chats.ts"),
  "20261121_0006_message_deletion": () => import("./20261121_0006_message_deletion.ts"),
  "20261121_0007_system_messages": () => import("./20261121_0007_system_messages.ts"),
  "20261121_0008_message_edits": () => import("./20261121_0008_message_edits.ts"),
  "20261121_0009_message_reactions": () => import("./20261121_0009_message_reactions.ts"),
  "20261121_0010_client_id_index_order": () => import("./20261121_0010_client_id_index_order.ts"),
  "20261121_0011_send_path_cache_versions": () => import("./20261121_0011_send_path_cache_versions.ts"),
  "20261121_0012_message_change_times": () => import("./20261121_0012_message_change_times.ts"),
  "20261206_0013_registrations_and_devices": () => import("./20261206_0013_registrations_and_devices.ts"),
  "20261206_0014_posts": () => import("./20261206_0014_posts.ts"),
  "20261206_0015_friends": () => import("./20261206_0015_friends.ts"),
  "20261206_0016_notifications": () => import("./20261206_0016_notifications.ts"),
  "20261206_0017_person_tags": () => import("./20261206_0017_person_tags.ts"),
  "20261206_0018_moderation": () => import("./20261206_0018_moderation.ts"),
  "20261206_0019_account_security": () => import("./20261206_0019_account_security.ts"),
  "20261206_0020_account_deletion": () => import("./20261206_0020_account_deletion.ts"),
  "20261207_0021_replies_forwards_pins": () => import("./20261207_0021_replies_forwards_pins.ts"),
  "20261207_0022_mentions_and_mute": () => import("./20261207_0022_mentions_and_mute.ts"),
  "20261207_0023_message_search": () => import("./20261207_0023_message_search.ts"),
  "20261207_0024_presence_and_receipts": () => import("./20261207_0024_presence_and_receipts.ts"),
  "20261207_0025_web_push": () => import("./20261207_0025_web_push.ts"),
  "20261207_0026_search_index_in_batches": () => import("./20261207_0026_search_index_in_batches.ts"),
};

/** The names of every migration, in order. */
export const migrationNames: readonly string[] = Object.keys(loaders);

/** Every migration, loaded (Kysely's Migrator takes them so). */
export async function loadMigrations(): Promise<Record<string, Migration>> {
  const loaded = await Promise.all(migrationNames.map((name) => loaders[name]!()));
  return Object.fromEntries(migrationNames.map((name, i) => [name, loaded[i]!]));
}
