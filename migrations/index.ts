/** Every migration, in order. Add new files here; never edit a landed one. */
import type { Migration } from "kysely/migration";
import * as m20261121_0001_accounts from "./20261121_0001_accounts.ts";
import * as m20261121_0002_media from "./20261121_0002_media.ts";
import * as m20261121_0003_profiles from "./20261121_0003_profiles.ts";
import * as m20261121_0004_albums from "./20261121_0004_albums.ts";
import * as m20261121_0005_chats from "./20261121_0005_chats.ts";
import * as m20261121_0006_message_deletion from "./20261121_0006_message_deletion.ts";
import * as m20261121_0007_system_messages from "./20261121_0007_system_messages.ts";
import * as m20261121_0008_message_edits from "./20261121_0008_message_edits.ts";
import * as m20261121_0009_message_reactions from "./20261121_0009_message_reactions.ts";
import * as m20261121_0010_client_id_index_order from "./20261121_0010_client_id_index_order.ts";
import * as m20261121_0011_send_path_cache_versions from "./20261121_0011_send_path_cache_versions.ts";
import * as m20261121_0012_message_change_times from "./20261121_0012_message_change_times.ts";
import * as m20261206_0013_registrations_and_devices from "./20261206_0013_registrations_and_devices.ts";
import * as m20261206_0014_posts from "./20261206_0014_posts.ts";
import * as m20261206_0015_friends from "./20261206_0015_friends.ts";
import * as m20261206_0016_notifications from "./20261206_0016_notifications.ts";
import * as m20261206_0017_person_tags from "./20261206_0017_person_tags.ts";
import * as m20261206_0018_moderation from "./20261206_0018_moderation.ts";
import * as m20261206_0019_account_security from "./20261206_0019_account_security.ts";
import * as m20261206_0020_account_deletion from "./20261206_0020_account_deletion.ts";
import * as m20261207_0021_replies_forwards_pins from "./20261207_0021_replies_forwards_pins.ts";
import * as m20261207_0022_mentions_and_mute from "./20261207_0022_mentions_and_mute.ts";
import * as m20261207_0023_message_search from "./20261207_0023_message_search.ts";
import * as m20261207_0024_presence_and_receipts from "./20261207_0024_presence_and_receipts.ts";
import * as m20261207_0025_web_push from "./20261207_0025_web_push.ts";
import * as m20261207_0026_search_index_in_batches from "./20261207_0026_search_index_in_batches.ts";

export const migrations: Record<string, Migration> = {
  "20261121_0001_accounts": m20261121_0001_accounts,
  "20261121_0002_media": m20261121_0002_media,
  "20261121_0003_profiles": m20261121_0003_profiles,
  "20261121_0004_albums": m20261121_0004_albums,
  "20261121_0005_chats": m20261121_0005_chats,
  "20261121_0006_message_deletion": m20261121_0006_message_deletion,
  "20261121_0007_system_messages": m20261121_0007_system_messages,
  "20261121_0008_message_edits": m20261121_0008_message_edits,
  "20261121_0009_message_reactions": m20261121_0009_message_reactions,
  "20261121_0010_client_id_index_order": m20261121_0010_client_id_index_order,
  "20261121_0011_send_path_cache_versions": m20261121_0011_send_path_cache_versions,
  "20261121_0012_message_change_times": m20261121_0012_message_change_times,
  "20261206_0013_registrations_and_devices": m20261206_0013_registrations_and_devices,
  "20261206_0014_posts": m20261206_0014_posts,
  "20261206_0015_friends": m20261206_0015_friends,
  "20261206_0016_notifications": m20261206_0016_notifications,
  "20261206_0017_person_tags": m20261206_0017_person_tags,
  "20261206_0018_moderation": m20261206_0018_moderation,
  "20261206_0019_account_security": m20261206_0019_account_security,
  "20261206_0020_account_deletion": m20261206_0020_account_deletion,
  "20261207_0021_replies_forwards_pins": m20261207_0021_replies_forwards_pins,
  "20261207_0022_mentions_and_mute": m20261207_0022_mentions_and_mute,
  "20261207_0023_message_search": m20261207_0023_message_search,
  "20261207_0024_presence_and_receipts": m20261207_0024_presence_and_receipts,
  "20261207_0025_web_push": m20261207_0025_web_push,
  "20261207_0026_search_index_in_batches": m20261207_0026_search_index_in_batches,
};
