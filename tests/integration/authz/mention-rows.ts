/** The matrix rows of issue 13: mentions, mute, tab notifications; merged into procedureRows in procedures.ts. */
import { CHAT_404, groupMembers } from "./matrix.ts";
import type { ProcedureRow } from "./procedures.ts";

export const mentionRows: Record<string, ProcedureRow> = {
  // Muting is my own setting on a chat I am in: a member's only (the answer names nobody else's chat).
  "chats.mute": {
    expect: groupMembers,
    call: (api, t) => api.chats.mute.mutate({ chatId: t.chatId, duration: "1h" }),
    idor: { chatId: CHAT_404 },
  },
};
