/**
 * Sending and reading messages. Send path: validate (shared schema) → authorise (images owned
 * here; membership inside the batch transaction) → group commit → publish → answer. Persist
 * before you publish: a message is acknowledged only after its transaction committed.
 */
import type { Kysely } from "kysely";
import { CHAT_LIMITS, GLOBAL_CHAT_ID, toPreview, withReactions, type ChangesInput, type ChangesPage, type ChatMessage, type ChatPerson, type HistoryInput, type HistoryPage, type MessageReaction, type SendMessageInput } from "../../../shared/chats.ts";
import type { MediaInfo } from "../../../shared/media.ts";
import { isDatabaseUnavailable } from "../../db/db-errors.ts";
import type { Database } from "../../db/schema.ts";
import { trimOldest } from "../../lib/bounded.ts";
import type { Clock } from "../../lib/clock.ts";
import { DomainError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import { chatErrors } from "./chats.errors.ts";
import type { ChatsMedia } from "./chats.media.ts";
import { groupReactions, toMessage, toPerson, type MessageRow, type PersonRow } from "./chats.mappers.ts";
import * as chatsRepo from "./chats.repository.ts";
import { createGroupCommit, SEND_BATCH_MAX } from "./group-commit.ts";
import * as repo from "./messages.repository.ts";
import { createVersionedCache, readVersions } from "./send-path-cache.ts";
import { closedPersonalSends } from "../friends/social-policy.ts";
import { attachReferences, resolveReferences, type Resolved } from "./replies.ts";
import type { ReferencedRow } from "./replies.repository.ts";
import { findMentions, mentionsOf, storeMentions } from "../mentions/mentions.service.ts";
import { createSearchIndexer } from "../message-search/search-index.ts";

export interface MessagesDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  hub: Hub;
  media: ChatsMedia;
  /** Group commit tuning (tests and benchmarks may change it). */
  batch?: { maxBatch?: number };
}

interface Draft extends SendMessageInput {
  authorId: string;
}
/** A draft's outcome: the stored row, whether this batch inserted it, and (after commit) the message. */
interface Stored {
  row: MessageRow;
  fresh: boolean;
  /** Its author as of the batch's transaction (from memory while unchanged: send-path-cache.ts). */
  author?: ChatPerson;
  message?: ChatMessage;
  /** Everyone in its (private) chat as the batch's transaction saw them: who gets activity frames. */
  members?: readonly string[];
  /** Issue 13: whom it mentions, found and stored by the batch (absent: read them when hydrating). */
  mentions?: readonly string[];
  /** Issue 13: the message it replies to, as the batch's transaction read it (absent: read it when hydrating). */
  original?: ReferencedRow;
}
const keyOf = (a: string, b: string) => `${a}\u0000${b}`;
const unique = <T>(xs: T[]) => [...new Set(xs)];
const isNotFound = (e: unknown) => e instanceof DomainError && e.code === "NOT_FOUND";

/** How many chats' members and how many authors the send path keeps in memory (send-path-cache.ts). */
const CACHED_KEYS = 10_000;

/** Message ids an instance remembers having published (a retry of one of them publishes nothing again). */
const PUBLISHED_KEPT = 100_000;

export function createMessagesService(deps: MessagesDeps) {
  const { db, clock, hub, media } = deps;
  const membersCache = createVersionedCache<readonly string[]>(CACHED_KEYS);
  const authorsCache = createVersionedCache<PersonRow>(CACHED_KEYS);
  // SQLite's search index takes new messages in batches after commit, not in the send path (ADR 0028).
  const searchIndex = createSearchIndexer(db, deps.log);

  /** Images of many messages, grouped by message id: one query and one media lookup. */
  async function imagesByMessage(rows: MessageRow[]): Promise<Map<number, MediaInfo[]>> {
    const images = await repo.imagesOf(db, rows.filter((r) => r.image_count > 0).map((r) => Number(r.id)));
    const out = new Map<number, MediaInfo[]>();
    if (!images.length) return out;
    const info = await media.infoMany(unique(images.map((i) => i.media_id)));
    for (const img of images) {
      const m = info.get(img.media_id);
      if (!m) continue;
      const id = Number(img.message_id);
      out.set(id, [...(out.get(id) ?? []), m]);
    }
    return out;
  }

  /**
   * Reactions of many stored messages: ONE query for all of them (none for a page of tombstones
   * and system lines, which never carry any). Not for the send path: new messages have none.
   */
  async function reactionsByMessage(rows: MessageRow[]): Promise<Map<number, MessageReaction[]>> {
    const ids = rows.filter((r) => r.deleted_at == null && r.kind !== "system").map((r) => Number(r.id));
    return groupReactions(await repo.reactionsOf(db, ids, CHAT_LIMITS.reactorsListed));
  }

  /** Rows read with their authors' columns (a history or changes page) as messages: images and reactions in two queries. */
  async function pageMessages(page: Array<MessageRow & Omit<PersonRow, "id"> & { mention_ids?: string | null }>): Promise<ChatMessage[]> {
    const [images, reactions] = await Promise.all([imagesByMessage(page), reactionsByMessage(page)]);
    // Issue 13: mentions come with the page (messages.repository pageRowsOf); a tombstone shows none.
    const mentions = new Map(page.flatMap((r) => (r.deleted_at == null && r.mention_ids ? [[Number(r.id), r.mention_ids.split(",")] as const] : [])));
    // Issue 13: replies' quotes and forwards' authors (attachReferences).
    return attachReferences(db, page, page.map((r) =>
      withMentions(withReactions(toMessage(r, toPerson({ ...r, id: r.author_id }), images.get(Number(r.id)) ?? []), reactions.get(Number(r.id))), mentions.get(Number(r.id))),
    ));
  }

  /** Issue 13: the mentions of stored live people's messages (one query; none for tombstones and system lines). */
  const mentionsByMessage = (rows: MessageRow[]) => mentionsOf(db, rows.filter((r) => r.deleted_at == null && r.kind !== "system").map((r) => Number(r.id)));

  /** Authors (unless the batch read them already), images and mentions (unless the batch found them) of many messages: a constant number of queries. */
  async function hydrate(stored: Array<Pick<Stored, "row" | "author" | "mentions" | "original">>): Promise<ChatMessage[]> {
    const rows = stored.map((s) => s.row);
    const missing = unique(stored.filter((s) => !s.author).map((s) => s.row.author_id));
    const [people, images, mentions] = await Promise.all([
      repo.peopleByIds(db, missing),
      imagesByMessage(rows),
      mentionsByMessage(stored.filter((s) => !s.mentions).map((s) => s.row)),
    ]);
    const byAuthor = new Map(people.map((p) => [p.id, toPerson(p)]));
    const originals = new Map(stored.flatMap((s) => (s.original ? [[Number(s.original.id), s.original] as const] : [])));
    return attachReferences(db, rows, stored.map((s) =>
      withMentions(toMessage(s.row, s.author ?? byAuthor.get(s.row.author_id)!, images.get(Number(s.row.id)) ?? []), s.mentions ?? mentions.get(Number(s.row.id))),
    ), originals);
  }

  /** Which chats among these are personal (a chat's kind never changes: cached for good). */
  const personalKnown = new Map<string, boolean>();
  async function personalAmong(trx: Kysely<Database>, chatIds: string[]): Promise<Set<string>> {
    const unknown = chatIds.filter((id) => !personalKnown.has(id));
    if (unknown.length) {
      const personal = await chatsRepo.personalAmong(trx, unknown);
      if (personalKnown.size > CACHED_KEYS) personalKnown.clear();
      for (const id of unknown) personalKnown.set(id, personal.has(id));
    }
    return new Set(chatIds.filter((id) => personalKnown.get(id)));
  }

  /** "chatId\0authorId" of the drafts whose personal chat is closed to their author (one query, none without personal chats). */
  async function closedSends(trx: Kysely<Database>, drafts: Draft[], membersOf: Map<string, readonly string[]>): Promise<Set<string>> {
    const personal = await personalAmong(trx, unique(drafts.map((d) => d.chatId).filter((id) => id !== GLOBAL_CHAT_ID)));
    if (!personal.size) return new Set();
    const sends = new Map<string, { chatId: string; authorId: string; otherId: string }>();
    for (const d of drafts) {
      if (!personal.has(d.chatId)) continue;
      const otherId = membersOf.get(d.chatId)?.find((m) => m !== d.authorId);
      if (otherId) sends.set(keyOf(d.chatId, d.authorId), { chatId: d.chatId, authorId: d.authorId, otherId });
    }
    return closedPersonalSends(trx, [...sends.values()]);
  }

  /** One transaction for the whole batch; per draft: its stored row, or an error. */
  async function writeBatch(drafts: Draft[]): Promise<Array<Stored | Error>> {
    const now = clock();
    return db.transaction().execute(async (trx) => {
      const chatIds = unique(drafts.map((d) => d.chatId));
      await repo.lockChats(trx, chatIds);
      const privateIds = chatIds.filter((id) => id !== GLOBAL_CHAT_ID);
      // Members and authors from memory when their tables have not changed since (SQLite;
      // send-path-cache.ts), read in this transaction otherwise.
      const versions = await readVersions(trx);
      // The batch's chats' members: they authorise the authors now and address the activity
      // frames after commit.
      const loadMembers = (ids: string[]): Promise<Map<string, readonly string[]>> => chatsRepo.memberIdsOf(trx, ids);
      const membersOf = versions ? await membersCache.getMany(versions.members, privateIds, loadMembers) : await loadMembers(privateIds);
      const member = (d: Draft) => d.chatId === GLOBAL_CHAT_ID || !!membersOf.get(d.chatId)?.includes(d.authorId);
      // Personal chats closed by a block or by the other person's "chat from friends only".
      const closed = await closedSends(trx, drafts.filter(member), membersOf);
      const allowed = (d: Draft) => member(d) && !closed.has(keyOf(d.chatId, d.authorId));
      // Issue 13: replies' originals and forwards' sources, checked in this transaction (replies.ts).
      const references = await resolveReferences(trx, drafts.filter(allowed));
      const referenceError = (d: Draft) => { const r = references.get(d); return r instanceof Error ? r : undefined; };
      const ref = (d: Draft) => references.get(d) as Resolved | undefined;
      const imageIdsOf = (d: Draft) => ref(d)?.imageIds ?? d.imageIds;
      // Retried clientIds need no pre-check: the insert skips them and the lookup below finds them.
      const stored = new Map<string, Stored>();
      // A refused reply or forward may still be a retry of one stored before: ack it as stored.
      const refused = drafts.filter((d) => allowed(d) && referenceError(d));
      if (refused.length) {
        for (const r of await repo.findByClientIds(trx, unique(refused.map((d) => d.authorId)), unique(refused.map((d) => d.clientId)))) stored.set(keyOf(r.author_id, r.client_id), { row: r, fresh: false });
      }

      const fresh = new Map<string, Draft>();
      for (const d of drafts) {
        const key = keyOf(d.authorId, d.clientId);
        if (allowed(d) && !referenceError(d) && !stored.has(key)) fresh.set(key, d);
      }
      if (fresh.size) {
        const rows = [...fresh.values()].map((d) => ({
          chat_id: d.chatId,
          author_id: d.authorId,
          client_id: d.clientId,
          body: ref(d)?.body ?? d.body,
          image_count: imageIdsOf(d).length,
          created_at: now,
          reply_to_id: ref(d)?.replyToId ?? null,
          forwarded_from_user_id: ref(d)?.forwardedFromUserId ?? null,
        }));
        const inserted = await repo.insertMessages(trx, rows);
        // Issue 13: whom each new message mentions (members of its chat), stored with it.
        const mentioned = await findMentions(trx, inserted.map((r) => ({ chatId: r.chat_id, authorId: r.author_id, body: r.body })), (id) => membersOf.get(id));
        await storeMentions(trx, inserted.map((r, i) => ({ messageId: Number(r.id), chatId: r.chat_id, userIds: mentioned[i]! })));
        inserted.forEach((r, i) => {
          const key = keyOf(r.author_id, r.client_id);
          stored.set(key, { row: r, fresh: true, members: membersOf.get(r.chat_id), mentions: mentioned[i], original: ref(fresh.get(key)!)?.original });
        });
        // Already stored (a retry, or a race with another instance for the same clientId): read it.
        const raced = [...fresh.values()].filter((d) => !stored.has(keyOf(d.authorId, d.clientId)));
        if (raced.length) {
          const winners = await repo.findByClientIds(trx, unique(raced.map((d) => d.authorId)), unique(raced.map((d) => d.clientId)));
          for (const r of winners) stored.set(keyOf(r.author_id, r.client_id), { row: r, fresh: false });
        }
        await repo.insertImages(
          trx,
          inserted.flatMap((r) =>
            imageIdsOf(fresh.get(keyOf(r.author_id, r.client_id))!).map((media_id, position) => ({ message_id: Number(r.id), position, media_id })),
          ),
        );
        if (inserted.length) {
          const lastIds = new Map<string, number>();
          for (const r of inserted) lastIds.set(r.chat_id, Math.max(lastIds.get(r.chat_id) ?? 0, Number(r.id)));
          await repo.bumpChats(trx, lastIds, now);
        }
        // The authors, in the same transaction: the hot path's statements run on its connection.
        const authorIds = unique([...stored.values()].map((x) => x.row.author_id));
        const loadAuthors = async (ids: string[]) => new Map((await repo.peopleByIds(trx, ids)).map((p) => [p.id, p]));
        const authors = versions ? await authorsCache.getMany(versions.people, authorIds, loadAuthors) : await loadAuthors(authorIds);
        for (const x of stored.values()) {
          const author = authors.get(x.row.author_id);
          x.author = author && toPerson(author);
        }
      }
      return drafts.map((d) => {
        if (!member(d)) return chatErrors.notFound();
        if (!allowed(d)) return chatErrors.personalClosed();
        return stored.get(keyOf(d.authorId, d.clientId)) ?? referenceError(d) ?? new Error("message neither stored nor found");
      });
    });
  }

  /**
   * Ids of the messages this instance published lately (insertion order, bounded). A retry that
   * finds its message stored by ANOTHER instance publishes it on the chat's topic: that instance
   * may have died between its commit and its publish (failover), and then nobody with the chat
   * open would ever hear it live. A retry of a message published here publishes nothing again.
   */
  const publishedHere = new Set<number>();
  const rememberPublished = (id: number) => {
    publishedHere.add(id);
    trimOldest(publishedHere, PUBLISHED_KEPT);
  };

  /** After commit: the batch's new messages, published (publishMessages). */
  async function publishBatch(_drafts: Draft[], outcomes: Array<Stored | Error>) {
    const all = unique(outcomes.filter((o): o is Stored => !(o instanceof Error)));
    if (!all.length) return;
    if (all.some((s) => s.fresh)) searchIndex.stored();
    const messages = await hydrate(all);
    all.forEach((s, i) => (s.message = messages[i]));
    const fresh = all.filter((s) => s.fresh);
    publishMessages(
      hub,
      fresh.map((s) => ({ message: s.message!, members: s.members ?? [] })),
    );
    for (const s of fresh) rememberPublished(s.message!.id);
    // Only the chat's topic (clients keep one copy per id); the list's activity and unread counts
    // are the database's, read by every list fetch.
    for (const s of all) {
      if (s.fresh || publishedHere.has(s.message!.id)) continue;
      rememberPublished(s.message!.id);
      hub.publish(topics.chat(s.message!.chatId), { type: "chat.message", message: s.message! });
    }
  }

  const writer = createGroupCommit<Draft, Stored>({
    write: writeBatch,
    committed: publishBatch,
    // No window: the first send commits at once, what arrives meanwhile is the next batch (group-commit.ts).
    maxBatch: deps.batch?.maxBatch ?? SEND_BATCH_MAX,
    onError: (error) => deps.log.error("message batch failed", { error }),
    // Postgres unreachable: the batch is not acknowledged (clients send again with the same clientId).
    failsAll: isDatabaseUnavailable,
  });

  return {
    /** Stores (or, for a retried clientId, finds) the message; resolves after commit and publish. */
    async send(authorId: string, input: SendMessageInput): Promise<ChatMessage> {
      if (input.imageIds.length) {
        const owned = await Promise.all(
          input.imageIds.map((id) =>
            media.getOwned(authorId, id, "chat_image").then(
              () => null,
              (e) => (isNotFound(e) ? id : Promise.reject(e)),
            ),
          ),
        );
        const missing = owned.filter((id): id is string => id !== null);
        if (missing.length) throw chatErrors.imageNotFound(missing);
      }
      const stored = await writer.submit({ ...input, authorId });
      return stored.message ?? (await hydrate([stored]))[0]!;
    },

    /** A keyset page, ascending by id. The caller has checked the viewer may read the chat. */
    async history(input: HistoryInput): Promise<HistoryPage> {
      const rows = await repo.historyPage(db, input.chatId, input);
      const hasMore = rows.length > input.limit;
      const page = rows.slice(0, input.limit);
      if (input.after === undefined) page.reverse();
      return { messages: await pageMessages(page), hasMore };
    },

    /** Messages changed since a time, oldest change first. The caller has checked the viewer may read the chat. */
    async changes(input: ChangesInput): Promise<ChangesPage> {
      const rows = await repo.changedSince(db, input.chatId, input, input.limit);
      const page = rows.slice(0, input.limit);
      const last = page[page.length - 1];
      const next = rows.length > input.limit && last ? { since: Number(last.changed_at), afterId: Number(last.id) } : null;
      return { messages: await pageMessages(page), next };
    },

    lastMessageId: (chatId: string) => repo.lastMessageId(db, chatId),

    /**
     * Stored rows as messages (authors, images, reactions), the same shape history gives (an
     * edit: its frame replaces the whole message, so it keeps the reactions it has).
     */
    async hydrate(rows: MessageRow[]): Promise<ChatMessage[]> {
      const [messages, reactions] = await Promise.all([hydrate(rows.map((row) => ({ row }))), reactionsByMessage(rows)]);
      return messages.map((m) => withReactions(m, reactions.get(m.id)));
    },

    /**
     * After commit: messages stored outside the send path (groups.service's system messages),
     * hydrated and published exactly like a batch's. `members`: the chat's members as the
     * storing transaction left them (who gets the list frames).
     */
    async publishStored(stored: Array<{ row: MessageRow; members: string[] }>): Promise<ChatMessage[]> {
      if (!stored.length) return [];
      const messages = await hydrate(stored);
      publishMessages(
        hub,
        messages.map((message, i) => ({ message, members: stored[i]!.members })),
      );
      return messages;
    },

    /** Waits for messages already submitted (graceful shutdown). */
    drain: async () => {
      await writer.drain();
      await searchIndex.flush();
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;

/**
 * After commit: every new message on its chat topic (in id order), then per private chat one
 * activity event for the chat lists of its members. The socket layer delivers that only to
 * members' sockets that have not opened the chat: the others just got the messages themselves.
 * `authorIds` are the authors whose messages count as unread for the others, so system messages
 * ("Olena added Taras") are left out of it: they move the chat up the list but are not unread.
 */
export function publishMessages(hub: Hub, fresh: Array<{ message: ChatMessage; members: readonly string[] }>): void {
  const published = fresh.map((f) => f.message).sort((a, b) => a.id - b.id);
  for (const message of published) hub.publish(topics.chat(message.chatId), { type: "chat.message", message });

  const byChat = new Map<string, { messages: ChatMessage[]; members: readonly string[] }>();
  for (const { message, members } of fresh) {
    if (message.chatId === GLOBAL_CHAT_ID) continue;
    const entry = byChat.get(message.chatId);
    if (entry) entry.messages.push(message);
    else byChat.set(message.chatId, { messages: [message], members });
  }
  for (const [chatId, { messages: inChat, members }] of byChat) {
    inChat.sort((a, b) => a.id - b.id);
    const authorIds: string[] = [];
    for (const m of inChat) if (m.kind !== "system") authorIds.push(m.author.id);
    // Issue 13: the members these messages mention (their activity frames say so).
    const mentionIds = unique(inChat.flatMap((m) => m.mentions ?? []));
    hub.control({ kind: "chat.activity", chatId, members, authorIds, message: toPreview(inChat[inChat.length - 1]!), ...(mentionIds.length && { mentionIds }) });
  }
}

/** Issue 13: the message with its mentions (the field only when there is at least one, so other frames stay as they were). */
function withMentions(m: ChatMessage, mentions: readonly string[] | undefined): ChatMessage {
  return mentions?.length ? { ...m, mentions: [...mentions].sort() } : m;
}
