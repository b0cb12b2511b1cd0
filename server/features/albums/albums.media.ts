/**
 * What albums need of the media service (server/features/media) — declared here so this feature
 * depends on the contract, not the implementation, and unit tests can pass a fake.
 */
import type { MediaInfo, MediaPurpose } from "../../../shared/media.ts";

export type AccessPolicy = (mediaId: string, viewerId: string | null) => Promise<boolean>;

export interface AlbumsMedia {
  /** The media if `ownerId` owns it (and it has `purpose`); throws NotFoundError otherwise. */
  getOwned(ownerId: string, mediaId: string, purpose?: MediaPurpose): Promise<unknown>;
  /** Info of many media in one query; ids that do not exist are missing from the map. */
  infoMany(ids: string[]): Promise<Map<string, MediaInfo>>;
  /** Deletes media rows and their files. */
  removeMany(ids: string[]): Promise<unknown>;
  registerAccessPolicy(purpose: MediaPurpose, policy: AccessPolicy): void;
}
