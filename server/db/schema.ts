/**
 * Table types. Timestamps are integer milliseconds since the epoch everywhere (`bigint` in
 * Postgres, INTEGER in SQLite); repositories convert with `toMs` because Postgres drivers may
 * hand int8 back as a string.
 */
import type { Generated } from "kysely";

export type Ms = number | string | bigint;

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
  bio: Generated<string>;
  /** YYYY-MM-DD */
  birth_date: string | null;
  /** 0 or 1 (portable boolean) */
  show_birth_date: Generated<number>;
  /** A new address waiting for its emailed code. */
  pending_email: Generated<string | null>;
  avatar_media_id: Generated<string | null>;
  signature_media_id: Generated<string | null>;
  /** Who may start a personal chat with me: everyone | friends (migration 0015). */
  chat_from: Generated<string>;
  /** Who may see my friends list: everyone | friends. */
  friends_list_visible_to: Generated<string>;
  /** member | moderator | admin (migration 0018, shared/moderation.ts). */
  role: Generated<string>;
  /** Suspended while this is in the future (no sign-in, public content hidden). */
  suspended_until: Generated<Ms | null>;
  /** TOTP (migration 0019): the base32 secret, live once totp_enabled_at is set. */
  totp_secret: Generated<string | null>;
  totp_enabled_at: Generated<Ms | null>;
  /** The last accepted 30-second step; that step and earlier ones are refused (replay). */
  totp_last_step: Generated<Ms | null>;
  /** While set, the account is deleted at this time unless its owner signs in before. */
  deletion_due_at: Generated<Ms | null>;
  /** Presence (migration 0024): when last online, written at most once a minute (realtime/presence.ts). */
  last_seen_at: Generated<Ms | null>;
  /** 0 or 1: others may see my exact last seen (and I theirs). */
  last_seen_visible: Generated<number>;
  /** 0 or 1: others get my read receipts (and I theirs). */
  read_receipts: Generated<number>;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: Ms | null;
  created_at: Ms;
}

/** A right password for an account with a second factor, waiting for that factor (sha256 id). */
export interface SignInTicketsTable {
  id: string;
  user_id: string;
  attempts: Generated<number>;
  created_at: Ms;
  expires_at: Ms;
}

export interface PasskeysTable {
  /** Credential id, base64url. */
  id: string;
  user_id: string;
  name: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: Generated<Ms>;
  /** JSON array of transports. */
  transports: Generated<string>;
  backed_up: Generated<number>;
  created_at: Ms;
  last_used_at: Ms | null;
}

export interface WebauthnChallengesTable {
  id: string;
  user_id: string | null;
  /** register | authenticate */
  purpose: string;
  challenge: string;
  expires_at: Ms;
}

export interface DataExportsTable {
  id: string;
  user_id: string;
  /** queued | running | ready | failed | expired */
  status: string;
  progress: Generated<number>;
  file_key: string | null;
  size_bytes: Ms | null;
  error: string | null;
  created_at: Ms;
  finished_at: Ms | null;
  expires_at: Ms | null;
  claimed_until: Ms | null;
}

export interface AvatarsTable {
  media_id: string;
  user_id: string;
  created_at: Ms;
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

/** One attempt to register; the account is made from the one whose code is entered (migration 0013). */
export interface RegistrationsTable {
  id: string;
  email: string;
  username: string;
  first_name: string;
  last_name: string;
  password_hash: string;
  /** sha256 of the registering browser's wit_reg cookie: resends go to this registration only. */
  ticket_hash: string;
  /** sha256("verify_email:<id>:<code>"), null before the first code is mailed. */
  code_hash: string | null;
  code_attempts: number;
  code_expires_at: Ms;
  created_at: Ms;
  /** After this the registration is gone and its username free again. */
  expires_at: Ms;
}

/** A browser that signed in to this account before (sha256 of its wit_device cookie). */
export interface KnownDevicesTable {
  token_hash: string;
  user_id: string;
  created_at: Ms;
  last_used_at: Ms;
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

export interface ChatsTable {
  id: string;
  /** personal | group | public */
  kind: string;
  name: string | null;
  avatar_media_id: string | null;
  admin_id: string | null;
  /** "<smaller user id>:<larger user id>" for personal chats (unique). */
  pair_key: string | null;
  last_message_id: Ms | null;
  last_activity_at: Ms;
  created_at: Ms;
  /** Seconds between one person's messages (0: off); the public chat's slow mode. */
  slow_mode_seconds: Generated<number>;
  /** Issue 13 (migration 0021): the chat's pinned message, who pinned it and when; null: none. */
  pinned_message_id: Generated<Ms | null>;
  pinned_by: Generated<string | null>;
  pinned_at: Generated<Ms | null>;
}

export interface ChatMembersTable {
  chat_id: string;
  user_id: string;
  joined_at: Ms;
  last_read_id: Generated<Ms>;
  /** Issue 13: muted until this time (ms); null or past: not muted. */
  muted_until: Generated<Ms | null>;
}

/** Issue 13: a member a message mentions with @username (migration 0022). */
export interface MessageMentionsTable {
  message_id: Ms;
  user_id: string;
  chat_id: string;
}

export type MessageKind = "text" | "system";

export interface MessagesTable {
  /** Increasing integer (int8 on Postgres: comes back as a string). */
  id: Generated<Ms>;
  chat_id: string;
  author_id: string;
  client_id: string;
  body: string;
  image_count: Generated<number>;
  created_at: Ms;
  /** When its author deleted it (a tombstone: body "", no images); null otherwise. */
  deleted_at: Generated<Ms | null>;
  /** When its author last edited its text; null: never edited. */
  edited_at: Generated<Ms | null>;
  /** 'text' (people's messages) or 'system' (a group change; body is its JSON event). */
  kind: Generated<MessageKind>;
  /** When it was last edited, deleted or reacted to (migration 0012); null: never changed. */
  changed_at: Generated<Ms | null>;
  /** Issue 13 (migration 0021): the message of the same chat this one replies to. */
  reply_to_id: Generated<Ms | null>;
  /** Issue 13 (migration 0021): a forwarded copy: who wrote the original. */
  forwarded_from_user_id: Generated<string | null>;
}

export interface MessageImagesTable {
  message_id: Ms;
  position: number;
  media_id: string;
}

/** One person's reaction with one emoji on a message (migration 0009). */
export interface MessageReactionsTable {
  message_id: Ms;
  user_id: string;
  emoji: string;
  created_at: Ms;
}

/**
 * SQLite only (migration 0011): counters that triggers bump on any change to chat members, or to
 * a user's name, username or avatar; the chat send path's caches check them (ADR 0009).
 */
export interface SendPathVersionsTable {
  id: number;
  members: number;
  people: number;
}

/** Posts and what hangs off them (migration 0014). Ids are per-database increasing integers. */
export interface PostsTable {
  id: Generated<number>;
  author_id: string;
  title: string;
  topic: string | null;
  body: string;
  /** JSON array of http(s) URLs. */
  links: string;
  created_at: Ms;
  edited_at: Ms | null;
  likes_count: Generated<number>;
  views_count: Generated<number>;
  comments_count: Generated<number>;
  /** Hidden by a moderator: only its author sees it, with the reason. */
  hidden_at: Generated<Ms | null>;
  hidden_reason: Generated<string | null>;
}
export interface PostTagsTable {
  post_id: number;
  tag: string;
  created_at: Ms;
}
export interface PostImagesTable {
  post_id: number;
  position: number;
  media_id: string;
}
export interface PostLikesTable {
  post_id: number;
  user_id: string;
  created_at: Ms;
}
export type PostViewsTable = PostLikesTable;
export interface CommentsTable {
  id: Generated<number>;
  post_id: number;
  author_id: string;
  body: string;
  created_at: Ms;
  hidden_at: Generated<Ms | null>;
  hidden_reason: Generated<string | null>;
}

/** One row per pair of people, user_a < user_b (migration 0015, shared/friends.ts). */
export interface RelationsTable {
  user_a: string;
  user_b: string;
  status: "pending" | "friends" | "following";
  requested_by: string;
  created_at: Ms;
  updated_at: Ms;
}
export interface BlocksTable {
  blocker_id: string;
  blocked_id: string;
  created_at: Ms;
}
export interface RecommendationDismissalsTable {
  user_id: string;
  dismissed_id: string;
  created_at: Ms;
}
export interface ReportsTable {
  id: Generated<number>;
  reporter_id: string;
  target_kind: string;
  target_key: string;
  target_owner_id: string | null;
  snapshot: string;
  reason: string;
  text: Generated<string>;
  status: Generated<string>;
  created_at: Ms;
  resolved_by: Generated<string | null>;
  resolved_at: Generated<Ms | null>;
  resolution: Generated<string | null>;
  resolution_note: Generated<string | null>;
}
/** Append-only (the database refuses updates and deletes: migration 0018). */
export interface ModerationLogTable {
  id: Generated<number>;
  actor_id: string;
  action: string;
  target_kind: string;
  target_key: string;
  target_owner_id: string | null;
  reason: Generated<string>;
  details: Generated<string>;
  created_at: Ms;
}
export interface PeopleSearchTable {
  term: string;
  user_id: string;
}

/** Notifications grouped on write (migration 0016, server/features/notifications). */
export interface NotificationGroupsTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  subject_key: string;
  latest_event_id: Ms;
  events_count: number;
  created_at: Ms;
  updated_at: Ms;
}
export interface NotificationEventsTable {
  id: Generated<number>;
  group_id: number;
  actor_id: string;
  ref: Generated<string>;
  created_at: Ms;
}
export interface NotificationStateTable {
  user_id: string;
  seen_up_to: Generated<Ms>;
  hidden_kinds: Generated<string>;
}

/** How many of a person's posts carry a tag (migration 0017; kept by posts.repository). */
export interface PersonTagsTable {
  user_id: string;
  tag: string;
  posts: number;
}

export interface Database {
  recovery_codes: RecoveryCodesTable;
  sign_in_tickets: SignInTicketsTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  data_exports: DataExportsTable;
  person_tags: PersonTagsTable;
  notification_groups: NotificationGroupsTable;
  notification_events: NotificationEventsTable;
  notification_state: NotificationStateTable;
  relations: RelationsTable;
  blocks: BlocksTable;
  recommendation_dismissals: RecommendationDismissalsTable;
  reports: ReportsTable;
  moderation_log: ModerationLogTable;
  people_search: PeopleSearchTable;
  users: UsersTable;
  sessions: SessionsTable;
  email_codes: EmailCodesTable;
  password_resets: PasswordResetsTable;
  registrations: RegistrationsTable;
  known_devices: KnownDevicesTable;
  posts: PostsTable;
  post_tags: PostTagsTable;
  post_images: PostImagesTable;
  post_likes: PostLikesTable;
  post_views: PostViewsTable;
  comments: CommentsTable;
  media: MediaTable;
  albums: AlbumsTable;
  album_photos: AlbumPhotosTable;
  avatars: AvatarsTable;
  chats: ChatsTable;
  chat_members: ChatMembersTable;
  send_path_versions: SendPathVersionsTable;
  messages: MessagesTable;
  message_images: MessageImagesTable;
  message_reactions: MessageReactionsTable;
  message_mentions: MessageMentionsTable;
}

export function toMs(value: Ms): number;
export function toMs(value: Ms | null): number | null;
export function toMs(value: Ms | null): number | null {
  return value === null ? null : Number(value);
}
