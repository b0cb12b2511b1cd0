/**
 * Replies and forwards on the send path and the read paths (issue 13). Both are ordinary messages
 * stored by the send batch (messages.service.ts writeBatch), in its transaction:
 * - a reply names a message of the same chat (`reply_to_id`); its quote is read from the original
 *   whenever the reply is read (send ack and frame, history, changes), so an original deleted
 *   later shows as deleted everywhere;
 * - a forward copies the text and images of a message of a chat its author can read, and keeps
 *   who wrote it (`forwarded_from_user_id`; a forward of a forward keeps the first author). Its
 *   images get message_images rows in the target chat, so that chat's members may see them.
 */
import { GLOBAL_CHAT_ID, previewText, type ChatMessage, type ReplyPreview } from "../../../shared/chats.ts";
import { ForbiddenError } from "../../lib/errors.ts";
import type { Q } from "./chats.repository.ts";
import { chatErrors } from "./chats.errors.ts";
import * as messagesRepo from "./messages.repository.ts";
import * as repo from "./replies.repository.ts";

export const repliesErrors = {
  /** A system line ("Olena added Taras") is the group's record: not replied to, forwarded or pinned. */
  systemMessage: () => new ForbiddenError("replies.systemMessage"),
  /** Only moderators pin in the public chat. */
  moderatorsPin: () => new ForbiddenError("replies.moderatorsPin"),
};

const fullName = (r: { first_name: string; last_name: string }) => `${r.first_name} ${r.last_name}`.trim();

/** What a quote (or the pinned bar) shows of a message: its first line, or that it was deleted. */
export function toQuote(r: repo.ReferencedRow | undefined, id: number): ReplyPreview {
  if (!r || r.deleted_at != null) return { id, authorId: r?.author_id ?? "", authorName: r ? fullName(r) : "", text: "", imageCount: 0, deleted: true };
  return { id, authorId: r.author_id, authorName: fullName(r), text: previewText(r.body.split("\n", 1)[0] ?? ""), imageCount: Number(r.image_count) };
}

interface Referring {
  chatId: string;
  authorId: string;
  replyToId?: number;
  forward?: { chatId: string; messageId: number };
}
/** What a draft stores besides its own fields: a forward's copied content, a reply's original. */
export interface Resolved {
  body?: string;
  imageIds?: string[];
  replyToId: number | null;
  forwardedFromUserId: string | null;
  /** A reply's original as this transaction read it: its quote when the new message is hydrated (attachReferences `known`). */
  original?: repo.ReferencedRow;
}

/**
 * Inside the send batch's transaction: checks each draft's reply and forward and returns what it
 * stores, or its error. A constant number of queries for the whole batch (none without replies
 * or forwards): the messages referred to, the forwards' images, the forwarders' memberships.
 */
export async function resolveReferences<D extends Referring>(trx: Q, drafts: D[]): Promise<Map<D, Resolved | Error>> {
  const out = new Map<D, Resolved | Error>();
  const referring = drafts.filter((d) => d.replyToId !== undefined || d.forward);
  if (!referring.length) return out;
  const ids = [...new Set(referring.flatMap((d) => [d.replyToId, d.forward?.messageId].filter((id): id is number => id !== undefined)))];
  const forwards = referring.filter((d) => d.forward);
  const sourceChats = [...new Set(forwards.map((d) => d.forward!.chatId).filter((id) => id !== GLOBAL_CHAT_ID))];
  const [rows, images, memberships] = await Promise.all([
    repo.referencedMessages(trx, ids),
    messagesRepo.imagesOf(trx, [...new Set(forwards.map((d) => d.forward!.messageId))]),
    repo.membershipsAmong(trx, sourceChats, [...new Set(forwards.map((d) => d.authorId))]),
  ]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const imagesOf = (messageId: number) => images.filter((i) => Number(i.message_id) === messageId).map((i) => i.media_id);

  for (const d of referring) {
    const resolved: Resolved = { replyToId: null, forwardedFromUserId: null };
    let error: Error | null = null;
    if (d.replyToId !== undefined) {
      const original = byId.get(d.replyToId);
      if (!original || original.chat_id !== d.chatId) error = chatErrors.messageNotFound();
      else if (original.kind === "system") error = repliesErrors.systemMessage();
      else if (original.deleted_at != null) error = chatErrors.messageDeleted();
      else Object.assign(resolved, { replyToId: d.replyToId, original });
    }
    if (!error && d.forward) {
      const { chatId, messageId } = d.forward;
      const source = byId.get(messageId);
      if (chatId !== GLOBAL_CHAT_ID && !memberships.has(`${chatId}\u0000${d.authorId}`)) error = chatErrors.notFound();
      else if (!source || source.chat_id !== chatId) error = chatErrors.messageNotFound();
      else if (source.kind === "system") error = repliesErrors.systemMessage();
      else if (source.deleted_at != null) error = chatErrors.messageDeleted();
      else Object.assign(resolved, { body: source.body, imageIds: imagesOf(messageId), forwardedFromUserId: source.forwarded_from_user_id ?? source.author_id });
    }
    out.set(d, error ?? resolved);
  }
  return out;
}

interface RowRefs {
  id: number | string | bigint;
  reply_to_id?: number | string | bigint | null;
  forwarded_from_user_id?: string | null;
}

/**
 * After reading stored messages (any path): their quotes and forwarded-from names, in at most
 * two queries (none when no row is a reply or a forward). `known`: originals read already, by id
 * (the send batch's, from resolveReferences in its transaction), not read again. Mutates and
 * returns `messages` (the same order as `rows`).
 */
export async function attachReferences(db: Q, rows: RowRefs[], messages: ChatMessage[], known: ReadonlyMap<number, repo.ReferencedRow> = new Map()): Promise<ChatMessage[]> {
  const replyIds = [...new Set(rows.flatMap((r) => (r.reply_to_id != null && !known.has(Number(r.reply_to_id)) ? [Number(r.reply_to_id)] : [])))];
  const fromIds = [...new Set(rows.flatMap((r) => (r.forwarded_from_user_id ? [r.forwarded_from_user_id] : [])))];
  if (!fromIds.length && !rows.some((r) => r.reply_to_id != null)) return messages;
  const [originals, names] = await Promise.all([repo.referencedMessages(db, replyIds), repo.namesOf(db, fromIds)]);
  const originalOf = new Map([...known, ...originals.map((o) => [Number(o.id), o] as const)]);
  const nameOf = new Map(names.map((n) => [n.id, fullName(n)]));
  rows.forEach((r, i) => {
    const m = messages[i];
    if (!m || m.kind === "system") return;
    // A tombstone shows nothing of its content: no quote, no "forwarded from".
    if (m.deleted) return;
    if (r.reply_to_id != null) m.replyTo = toQuote(originalOf.get(Number(r.reply_to_id)), Number(r.reply_to_id));
    if (r.forwarded_from_user_id) m.forwardedFrom = { userId: r.forwarded_from_user_id, name: nameOf.get(r.forwarded_from_user_id) ?? "" };
  });
  return messages;
}
