/**
 * Presence settings and read-receipt privacy (issue 13). The live part (who is online, watching,
 * last-seen writes) is realtime/presence.ts; this service holds the settings and "Seen by".
 * validate (router) → authorise → write → commit → publish (a `presence.recheck` control event,
 * so every instance re-evaluates what this person sees and who sees them).
 */
import type { Kysely } from "kysely";
import type { PresenceSettings, SeenBy, SeenByInput } from "../../../shared/presence.ts";
import { PRESENCE_LIMITS } from "../../../shared/presence.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Hub } from "../../realtime/hub.ts";
import { chatErrors } from "../chats/chats.errors.ts";
import { toPerson } from "../chats/chats.mappers.ts";
import { findMembership } from "../chats/chats.repository.ts";
import * as repo from "./presence.repository.ts";

export function createPresenceService(deps: { db: Kysely<Database>; clock: Clock; hub: Hub }) {
  const { db, clock, hub } = deps;

  return {
    async settings(me: string): Promise<PresenceSettings> {
      const row = await repo.settingsOf(db, me);
      return { lastSeenVisible: Number(row?.last_seen_visible ?? 1) === 1, readReceipts: Number(row?.read_receipts ?? 1) === 1 };
    },

    async updateSettings(me: string, input: PresenceSettings): Promise<PresenceSettings> {
      await repo.setSettings(db, me, { last_seen_visible: input.lastSeenVisible ? 1 : 0, read_receipts: input.readReceipts ? 1 : 0, updated_at: clock() });
      hub.control({ kind: "presence.recheck", userIds: [me] });
      return input;
    },

    /**
     * Who of the chat's other members has read up to this message (their read marker reached it),
     * among those who share receipts; nobody if I do not share mine. Members only: any other chat
     * or message looks the same as a missing one.
     */
    async seenBy(me: string, input: SeenByInput): Promise<SeenBy> {
      if (!(await findMembership(db, input.chatId, me))) throw chatErrors.notFound();
      const message = await repo.messageInMyChat(db, input.chatId, input.messageId, me);
      if (!message) throw chatErrors.messageNotFound();
      if (!(await repo.sharesReceipts(db, me))) return { count: 0, people: [], hidden: true };
      const { count, people } = await repo.seenBy(db, input.chatId, input.messageId, message.author_id, PRESENCE_LIMITS.seenByListed);
      return { count, people: people.map(toPerson), hidden: false };
    },
  };
}
export type PresenceService = ReturnType<typeof createPresenceService>;
