/**
 * The client side of "never lose a message", framework-free so the web client and the tests run
 * the same logic. It keeps, per chat, the messages ordered by id without duplicates, whatever
 * order frames and history pages arrive in, plus the messages still pending (optimistic send).
 *
 * Resume after a reconnect (resumeChats):
 *   1. re-open every chat first (chat.open → chat.opened): from then on new messages arrive live;
 *   2. then read the chat's latest page (history({ chatId, limit }), no cursor) and reconcile it
 *      (see below); when that page does not reach back to the resume anchor (more than a page was
 *      missed), first page history({ chatId, after: anchor }) forward until it meets the latest
 *      page (or hasMore is false), so nothing is skipped. The anchor is RESUME_OVERLAP messages
 *      before the newest held, not the newest itself: a message that arrived out of order (from
 *      another instance, a moment late) and was lost with the socket is read again too. A chat with nothing held just pages
 *      `after` from 0 as before (the web client turns that into its latest page);
 *   3. re-send every send that was pending when the resume began, with the same clientId (the
 *      server acks the original if it had been stored) — also one the history shows stored: the
 *      instance that stored it may have died before publishing it, and the resend is what makes
 *      the server publish it to the chat's other members (messages.service: a retry of a message
 *      this instance did not publish is published).
 * A message committed before the subscription is in the history; one committed after it arrives
 * as a frame; one that does both is dropped by id. Nothing falls in between.
 *
 * Reconciling the latest page (reconcile) catches up on what changed while disconnected in the
 * messages already held: each held message in it is replaced by the server's version (an edit, a
 * tombstone, its reactions now), new ones are added in order, pending sends stay pending. Frames
 * heard before the re-open are older than that page, so resumeChats forgets the chat's remembered
 * reaction frames first (resync); only frames that arrive after the re-open still win over it.
 * A held message older than that page (one the person scrolled back to) that was changed while
 * disconnected is caught up by the change feed: each open's chat.opened carries the server's time,
 * and the next resume asks for the chat's messages changed since the previous one (chats.changes,
 * less a minute for clocks of several servers that disagree) and applies them to the held
 * messages only, like the latest page; a message not held is read as it is when its page is.
 *
 * A deletion (chat.message.deleted) replaces the held message by its tombstone, keeping its
 * place. An edit (chat.message.edited) replaces the held message by its new version, keeping its
 * place; of two versions of a message (a frame and a page read before the edit, in either order)
 * the newer one stays (editedAt), and a tombstone beats any edit.
 * Reactions (chat.reactions) replace the held message's reactions in place. The rule for their
 * order is "a frame wins over a page": while the chat is open every change arrives as a frame in
 * commit order, each with the whole list, so the last frame for a message is its latest state,
 * and a page (or an edit's message) read before that frame could only be older. So the frame's
 * list is remembered per message and applied over any version that arrives later (also one not
 * held yet), until the chat is forgotten (closed: a later visit reads everything afresh) or
 * resumed (resync, above).
 */
import type { ChangesPage, ChatMessage, HistoryPage, MessageReaction } from "./chats.ts";
import { toTombstone, withReactions } from "./chat-rules.ts";
import type { ServerEvent } from "./events.ts";

export interface PendingMessage {
  chatId: string;
  clientId: string;
  body: string;
  imageIds: string[];
  /** Issue 13: the message this one replies to (sent again with it on every retry). */
  replyToId?: number;
  status: "sending" | "failed";
  /** The error frame's reason (an i18n key) when status is "failed". */
  reason?: string;
}

interface ChatLog {
  ids: number[];
  byId: Map<number, ChatMessage>;
  pending: Map<string, PendingMessage>;
  /** Deletions of messages not held yet (a history page read before the delete may still bring them). */
  deleted: Set<number>;
  /** Edits of messages not held yet (the same race): the newest version seen. */
  edited: Map<number, ChatMessage>;
  /** The last chat.reactions list per message: it wins over any version a page brings. */
  reactions: Map<number, MessageReaction[]>;
}

/** Whether `next` is a later state of the same message than `held` (deleted, or edited later). */
const supersedes = (next: ChatMessage, held: ChatMessage) => !held.deleted && (!!next.deleted || (next.editedAt ?? 0) > (held.editedAt ?? 0));

/** Whether two lists of reactions are the same (both in the server's order). */
function sameReactions(a: MessageReaction[] = [], b: MessageReaction[] = []): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => {
      const o = b[i]!;
      return r.emoji === o.emoji && r.count === o.count && r.userIds.length === o.userIds.length && r.userIds.every((id, j) => id === o.userIds[j]);
    })
  );
}

export function createChatSync() {
  const logs = new Map<string, ChatLog>();
  /** Per chat, the server's time of its last open (chat.opened `at`): where the next resume's changes start. */
  const openedAt = new Map<string, number>();
  const log = (chatId: string) => {
    let l = logs.get(chatId);
    if (!l) logs.set(chatId, (l = { ids: [], byId: new Map(), pending: new Map(), deleted: new Set(), edited: new Map(), reactions: new Map() }));
    return l;
  };

  /**
   * A message as the server has it now (a page read after a re-open): added, or replacing the
   * held version when later (add), or at least giving it its reactions now (unless a chat.reactions
   * frame heard since resync says otherwise). Returns whether anything changed.
   */
  function reconcileOne(m: ChatMessage): boolean {
    const held = logs.get(m.chatId)?.byId.get(m.id);
    if (add(m)) return true;
    if (!held || held.deleted) return false;
    const l = log(m.chatId);
    const reactions = l.reactions.get(m.id) ?? m.reactions ?? [];
    if (sameReactions(held.reactions, reactions)) return false;
    l.byId.set(m.id, withReactions(held, reactions));
    return true;
  }

  /** Adds a stored message; returns false if it was already there (and this is not a later state of it). */
  function add(message: ChatMessage): boolean {
    const l = log(message.chatId);
    l.pending.delete(message.clientId);
    const held = l.byId.get(message.id);
    const reactions = l.reactions.get(message.id);
    if (held) {
      if (!supersedes(message, held)) return false;
      l.byId.set(message.id, reactions ? withReactions(message, reactions) : message);
      return true;
    }
    const edit = l.edited.get(message.id);
    l.edited.delete(message.id);
    if (l.deleted.has(message.id)) message = toTombstone(message);
    else if (edit && supersedes(edit, message)) message = edit;
    if (reactions) message = withReactions(message, reactions);
    l.byId.set(message.id, message);
    const ids = l.ids;
    if (!ids.length || ids[ids.length - 1]! < message.id) ids.push(message.id);
    else {
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ids[mid]! < message.id) lo = mid + 1;
        else hi = mid;
      }
      ids.splice(lo, 0, message.id);
    }
    return true;
  }

  return {
    add,

    /** Applies a server frame; returns true when a chat's messages or pending list changed. */
    apply(event: ServerEvent): boolean {
      switch (event.type) {
        case "chat.message":
        case "chat.ack":
          return add(event.message) || event.type === "chat.ack";
        case "error": {
          const p = event.clientId && event.chatId ? logs.get(event.chatId)?.pending.get(event.clientId) : undefined;
          if (!p) return false;
          p.status = "failed";
          p.reason = event.reason;
          return true;
        }
        case "chat.message.deleted": {
          // In place, as its tombstone. Of a chat not held: nothing to do. Not held yet in a
          // held chat: remembered, in case a page read before the delete brings it afterwards.
          const l = logs.get(event.chatId);
          const m = l?.byId.get(event.messageId);
          if (!m) {
            l?.deleted.add(event.messageId);
            return false;
          }
          if (m.deleted) return false;
          l!.byId.set(m.id, toTombstone(m));
          return true;
        }
        case "chat.message.edited": {
          // In place, if newer than what is held. Not held yet in a held chat: remembered (as
          // for deletions) until a page brings the message, unless a newer edit is remembered.
          const l = logs.get(event.chatId);
          const m = event.message;
          const held = l?.byId.get(m.id);
          if (!held) {
            const known = l?.edited.get(m.id);
            if (l && (!known || supersedes(m, known))) l.edited.set(m.id, m);
            return false;
          }
          return add(m);
        }
        case "chat.reactions": {
          // The whole new list: it replaces what the held message has, and is remembered so a
          // version read earlier (a page, an edit) cannot bring the old list back. Of a chat not held: nothing.
          const l = logs.get(event.chatId);
          if (!l) return false;
          l.reactions.set(event.messageId, event.reactions);
          const held = l.byId.get(event.messageId);
          if (!held || held.deleted) return false;
          l.byId.set(held.id, withReactions(held, event.reactions));
          return true;
        }
        case "chat.removed":
          return logs.delete(event.chatId);
        default:
          return false;
      }
    },

    /** Adds a history page (any direction); returns how many messages were new. */
    addPage(messages: ChatMessage[]): number {
      let added = 0;
      for (const m of messages) if (add(m)) added++;
      return added;
    },

    /**
     * Adds the latest page read after the chat was (re)opened as the server's current state:
     * besides what addPage does, a held message keeps no stale reactions (the page's list replaces
     * them unless a chat.reactions frame heard since resync says otherwise). Edits and tombstones
     * replace held versions already (add). Pending sends not in the page stay pending. Returns how
     * many messages were added or changed.
     */
    reconcile(messages: ChatMessage[]): number {
      let changed = 0;
      for (const m of messages) if (reconcileOne(m)) changed++;
      return changed;
    },

    /**
     * Applies messages as they are now (a chats.changes page) to the ones held, like reconcile;
     * one not held is left out (its page, when read, brings it as it is then). Returns how many
     * held messages changed.
     */
    applyChanges(messages: ChatMessage[]): number {
      let changed = 0;
      for (const m of messages) if (logs.get(m.chatId)?.byId.has(m.id) && reconcileOne(m)) changed++;
      return changed;
    },

    /** The server's time of the chat's last open on this socket (chat.opened), if any. */
    openedAt: (chatId: string): number | undefined => openedAt.get(chatId),
    setOpenedAt(chatId: string, at: number): void {
      openedAt.set(chatId, at);
    },

    /**
     * Before a chat is re-opened: the reaction frames remembered so far are older than any page
     * read after the re-open, so they must not override it (see reconcile).
     */
    resync(chatId: string): void {
      logs.get(chatId)?.reactions.clear();
    },

    /** Remembers an optimistic send until its ack (or its message) arrives. */
    addPending(p: Omit<PendingMessage, "status" | "reason">): PendingMessage {
      const pending: PendingMessage = { ...p, imageIds: [...p.imageIds], status: "sending" };
      log(p.chatId).pending.set(p.clientId, pending);
      return pending;
    },

    /**
     * Whether a message of this chat held here has this clientId: a send saved on the device that
     * landed before its ack was lost, read back with the history — not to be shown as pending again.
     */
    isStored(chatId: string, clientId: string): boolean {
      const l = logs.get(chatId);
      if (l) for (const m of l.byId.values()) if (m.clientId === clientId) return true;
      return false;
    },

    /** Marks a failed send as sending again (the caller re-sends it with the same clientId). */
    retry(chatId: string, clientId: string): PendingMessage | undefined {
      const p = logs.get(chatId)?.pending.get(clientId);
      if (p) {
        p.status = "sending";
        delete p.reason;
      }
      return p;
    },

    /** Stored messages of a chat, ascending by id. */
    messages(chatId: string): ChatMessage[] {
      const l = logs.get(chatId);
      return l ? l.ids.map((id) => l.byId.get(id)!) : [];
    },

    /** Sends not acknowledged yet, oldest first (show them after the stored ones). */
    pending(chatId: string): PendingMessage[] {
      return [...(logs.get(chatId)?.pending.values() ?? [])];
    },

    /** The largest id held for the chat (0: none) — the `after` cursor of a resume. */
    lastId(chatId: string): number {
      const ids = logs.get(chatId)?.ids;
      return ids?.length ? ids[ids.length - 1]! : 0;
    },

    /**
     * Where a resume re-reads from: the id `back` messages before the newest held (the oldest held
     * when there are fewer). With several instances a message can arrive a moment after a newer
     * one (it crossed instances through Redis); a socket lost in that moment holds the newer
     * one without the older, and reading from the newest held would skip it for good.
     */
    resumeAnchor(chatId: string, back: number): number {
      const ids = logs.get(chatId)?.ids;
      return ids?.length ? ids[Math.max(0, ids.length - 1 - back)]! : 0;
    },

    /** The smallest id held (the `before` cursor when scrolling up), or null. */
    firstId(chatId: string): number | null {
      return logs.get(chatId)?.ids[0] ?? null;
    },

    chats: () => [...logs.keys()],
    forget(chatId: string): void {
      logs.delete(chatId);
      openedAt.delete(chatId);
    },
  };
}
export type ChatSync = ReturnType<typeof createChatSync>;

export interface ResumeTransport {
  /** Sends chat.open and resolves on chat.opened, with its `at` (rejects on its error frame). */
  open(chatId: string): Promise<{ at?: number } | void>;
  /** chats.changes: without it, a resume catches up the latest page only. */
  changes?(input: { chatId: string; since: number; afterId: number; limit: number }): Promise<ChangesPage>;
  /** A history page: `after` pages forward from that id; without it, the chat's latest page. */
  history(input: { chatId: string; after?: number; limit: number }): Promise<HistoryPage>;
  /** Sends chat.send again for a pending message (same clientId). */
  resend(p: PendingMessage): void;
}

/** How far the clocks of several servers may disagree: a resume asks for changes from this much earlier. */
const CLOCK_SKEW_MS = 60_000;

/**
 * After a (re)connect: re-open the chats FIRST, then catch up on each (the latest page,
 * reconciled, plus the messages between the last id held and that page), then re-send pending
 * messages. One request per chat when less than a page was missed; otherwise one more than paging
 * forward alone. Returns the chats that could not be re-opened (no longer a member).
 */
/** How many of the newest held messages a resume reads again (resumeAnchor): far more than can arrive out of order. */
export const RESUME_OVERLAP = 20;

export async function resumeChats(sync: ChatSync, chatIds: string[], transport: ResumeTransport, limit = 100, overlap = RESUME_OVERLAP): Promise<string[]> {
  const lost: string[] = [];
  for (const chatId of chatIds) sync.resync(chatId);
  const opened = await Promise.all(
    chatIds.map((chatId) =>
      transport.open(chatId).then(
        (answer) => ({ chatId, at: answer?.at }),
        () => {
          lost.push(chatId);
          return null;
        },
      ),
    ),
  );
  /** Applies the chat's changes since `since` to what is held, page by page. */
  async function changesSince(chatId: string, since: number): Promise<void> {
    let cursor = { since, afterId: 0 };
    for (;;) {
      const page = await transport.changes!({ chatId, ...cursor, limit });
      sync.applyChanges(page.messages);
      if (!page.next) return;
      cursor = page.next;
    }
  }
  /** Pages forward from `after` until hasMore is false or a page reaches `until`. */
  async function forward(chatId: string, after: number, until = Infinity): Promise<void> {
    for (;;) {
      const page = await transport.history({ chatId, after, limit });
      sync.addPage(page.messages);
      const last = page.messages[page.messages.length - 1];
      if (!page.hasMore || !last || last.id >= until) return;
      after = last.id;
    }
  }
  await Promise.all(
    opened.map(async (o) => {
      if (!o) return;
      const { chatId } = o;
      const anchor = sync.resumeAnchor(chatId, overlap);
      const previousOpen = sync.openedAt(chatId);
      // Before the history: reading a stored one takes it off the pending list (3, above).
      const sending = sync.pending(chatId).filter((p) => p.status === "sending");
      if (anchor === 0) await forward(chatId, 0);
      else {
        const latest = await transport.history({ chatId, limit });
        const first = latest.messages[0];
        // Messages may lie between the anchor and the latest page: fetch them too.
        if (latest.hasMore && first && first.id > anchor + 1) await forward(chatId, anchor, first.id);
        sync.reconcile(latest.messages);
        // Held messages older than that page may have changed too while this socket was away.
        if (transport.changes && previousOpen !== undefined) await changesSince(chatId, Math.max(0, previousOpen - CLOCK_SKEW_MS));
      }
      if (o.at !== undefined) sync.setOpenedAt(chatId, o.at);
      for (const p of sending) transport.resend(p);
    }),
  );
  return lost;
}
