/**
 * What the messenger needs of the media service (server/features/media) — declared here so this
 * feature depends on the contract, not the implementation.
 */
import type { MediaInfo, MediaPurpose } from "../../../shared/media.ts";

export type AccessPolicy = (mediaId: string, viewerId: string | null) => Promise<boolean>;

export interface ChatsMedia {
  /** The media if `ownerId` owns it (and it has `purpose`); throws NotFoundError otherwise. */
  getOwned(ownerId: string, mediaId: string, purpose?: MediaPurpose): Promise<unknown>;
  /** Info of many media in one query; ids that do not exist are missing from the map. */
  infoMany(ids: string[]): Promise<Map<string, MediaInfo>>;
  /** Deletes these media rows and their files, whoever owns them (a deleted group's images). */
  removeMany(ids: string[]): Promise<unknown>;
  registerAccessPolicy(purpose: MediaPurpose, policy: AccessPolicy): void;
}
