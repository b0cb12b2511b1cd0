/** The matrix rows of issue 13: replies, forwards, pins; merged into procedureRows in procedures.ts. */
import { newClientId } from "../../../shared/chats.ts";
import { CHAT_404, groupAdmin, groupMembers } from "./matrix.ts";
import type { ProcedureRow } from "./procedures.ts";

const MESSAGE_404 = "NOT_FOUND chats.messageNotFound";

export const replyRows: Record<string, ProcedureRow> = {
  // Forwarding the member's message within the group: both chats must be the caller's (a chat one
  // is not in looks missing, as for sending); someone else's message is not in this chat.
  "chats.forward": {
    expect: groupMembers,
    call: (api, t) => api.chats.forward.mutate({ chatId: t.chatId, clientId: newClientId(), from: { chatId: t.chatId, messageId: t.messageId } }),
    idor: { chatId: CHAT_404, messageId: MESSAGE_404 },
  },
  // In a group only its admin pins (a personal chat and the public one: tests/integration/chat-replies.test.ts).
  "chats.pin": {
    expect: groupAdmin,
    call: (api, t) => api.chats.pin.mutate({ chatId: t.chatId, messageId: t.messageId }),
    idor: { chatId: CHAT_404, messageId: MESSAGE_404 },
  },
  "chats.unpin": {
    expect: groupAdmin,
    call: (api, t) => api.chats.unpin.mutate({ chatId: t.chatId }),
    idor: { chatId: CHAT_404 },
  },
};
