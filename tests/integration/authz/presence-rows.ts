/** The matrix rows of issue 13: presence, last seen, read-receipt privacy; merged into procedureRows in procedures.ts. */
import { CHAT_404, groupMembers, ownAccount } from "./matrix.ts";
import type { ProcedureRow } from "./procedures.ts";

export const presenceRows: Record<string, ProcedureRow> = {
  "presence.settings": { expect: ownAccount, call: (api) => api.presence.settings.query() },
  // The defaults the cast has: the call changes nothing the other rows rely on.
  "presence.updateSettings": { expect: ownAccount, call: (api) => api.presence.updateSettings.mutate({ lastSeenVisible: true, readReceipts: true }) },
  // Members of the chat only; someone else's message is not in this chat.
  "presence.seenBy": {
    expect: groupMembers,
    call: (api, t) => api.presence.seenBy.query({ chatId: t.chatId, messageId: t.messageId }),
    idor: { chatId: CHAT_404, messageId: "NOT_FOUND chats.messageNotFound" },
  },
};
