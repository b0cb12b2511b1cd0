/**
 * Issue 13: searching the messages of my chats. validate (router, zod) → authorise (a chat named
 * must be one I can read, as history) → one page query + one for personal chats' names. Only chats
 * I am a member of now and the public one: a group I left is no longer searched.
 */
import type { Kysely } from "kysely";
import { GLOBAL_CHAT_ID } from "../../../shared/chats.ts";
import { queryWords, snippet, type MessageSearchHit, type MessageSearchInput, type MessageSearchPage } from "../../../shared/message-search.ts";
import type { DbKind } from "../../db/create-db.ts";
import type { Database } from "../../db/schema.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import { chatErrors } from "../chats/chats.errors.ts";
import { findMembership } from "../chats/chats.repository.ts";
import * as repo from "./message-search.repository.ts";
import { indexPending } from "./search-index.ts";

export interface MessageSearchDeps {
  db: Kysely<Database>;
  dbKind: DbKind;
  limiter: RateLimiter;
}

/** A search reads an index: generous for people, a bound for scripts. */
const SEARCH_LIMIT = { name: "chat:search", max: 120, windowMs: 60_000 };

export function createMessageSearchService(deps: MessageSearchDeps) {
  const { db, dbKind } = deps;
  return {
    async search(viewerId: string, input: MessageSearchInput): Promise<MessageSearchPage> {
      if (input.chatId && input.chatId !== GLOBAL_CHAT_ID && !(await findMembership(db, input.chatId, viewerId))) throw chatErrors.notFound();
      await enforce(deps.limiter, SEARCH_LIMIT, viewerId);
      const words = queryWords(input.query);
      if (!words.length) return { hits: [], nextCursor: null };
      // SQLite indexes new messages in batches (ADR 0028): what was stored before this search is indexed first.
      await indexPending(db);
      const rows = await repo.searchMessages(db, dbKind, words, { viewerId, chatId: input.chatId, before: input.cursor, limit: input.limit + 1 });
      const page = rows.slice(0, input.limit);
      const personal = [...new Set(page.filter((r) => r.chat_kind === "personal").map((r) => r.chat_id))];
      const others = await repo.otherMembersOf(db, personal, viewerId);
      const hits = page.map(
        (r): MessageSearchHit => ({
          messageId: Number(r.id),
          chatId: r.chat_id,
          chatKind: r.chat_kind,
          chatName: r.chat_kind === "personal" ? (others.get(r.chat_id) ?? null) : r.chat_kind === "public" ? null : r.chat_name,
          author: { id: r.author_id, username: r.username, firstName: r.first_name, lastName: r.last_name, avatarId: r.avatar_media_id },
          createdAt: Number(r.created_at),
          ...snippet(r.body, words),
        }),
      );
      const last = page[page.length - 1];
      return { hits, nextCursor: rows.length > input.limit && last ? Number(last.id) : null };
    },
  };
}

export type MessageSearchService = ReturnType<typeof createMessageSearchService>;
