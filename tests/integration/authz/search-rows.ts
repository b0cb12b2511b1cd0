/** The matrix rows of issue 13: message search; merged into procedureRows in procedures.ts. */
import { groupMembers } from "./matrix.ts";
import type { ProcedureRow } from "./procedures.ts";

export const searchRows: Record<string, ProcedureRow> = {
  // Searching one chat is reading it: members only; a chat one is not in looks missing (as history).
  // Searching all of one's chats is anyone's (signed in): tests/integration/chat-search.test.ts shows it never reaches a chat one is not in.
  "messageSearch.search": {
    expect: groupMembers,
    call: (api, t) => api.messageSearch.search.query({ chatId: t.chatId, query: "access" }),
    idor: { chatId: "NOT_FOUND chats.notFound" },
  },
};
