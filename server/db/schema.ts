/**
 * Table types. Timestamps are integer milliseconds since the epoch everywhere (`bigint` in
 * Postgres, INTEGER in SQLite); repositories convert with `toMs` because Postgres drivers may
 * hand int8 back as a string.
 */
type Ms = number | string | bigint;

export interface UsersTable {
  id: string;
  email: string;
  username: string;
  first_name: string;
  last_name: string;
  password_hash: string;
  email_verified_at: Ms | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a stolen database yields no usable session. */
  id: string;
  user_id: string;
  expires_at: Ms;
  created_at: Ms;
  last_active_at: Ms;
  user_agent: string | null;
  ip: string | null;
}

export interface EmailCodesTable {
  user_id: string;
  purpose: string;
  code_hash: string;
  attempts: number;
  expires_at: Ms;
  sent_at: Ms;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  expires_at: Ms;
  created_at: Ms;
  used_at: Ms | null;
}

export interface AlbumsTable {
  id: string;
  owner_id: string;
  title: string;
  theme: string;
  year: number | null;
  /** everyone | friends | only_me */
  visibility: string;
  /** A photo of this album; when it is gone the first photo is the cover. */
  cover_photo_id: string | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface AlbumPhotosTable {
  id: string;
  album_id: string;
  /** Unique: a media is in at most one album. */
  media_id: string;
  caption: string;
  position: number;
  created_at: Ms;
}

export interface MediaTable {
  id: string;
  owner_id: string;
  /** A MediaPurpose (shared/media.ts). */
  purpose: string;
  /** Of the original upload (after EXIF orientation). */
  width: number;
  height: number;
  /** All variants together (what counts against the quota). */
  bytes: number | string | bigint;
  /** JSON: [{ name, width, height, bytes, etag }]. */
  variants: string;
  created_at: Ms;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  email_codes: EmailCodesTable;
  password_resets: PasswordResetsTable;
  media: MediaTable;
  albums: AlbumsTable;
  album_photos: AlbumPhotosTable;
}

export function toMs(value: Ms): number;
export function toMs(value: Ms | null): number | null;
export function toMs(value: Ms | null): number | null {
  return value === null ? null : Number(value);
}
