import { messageSearchInput } from "../../../shared/message-search.ts";
import { authedProcedure, router } from "../../trpc/init.ts";

export const messageSearchRouter = router({
  /** Messages of my chats (or of one) matching every word as a prefix, newest first, with the matched words as ranges. */
  search: authedProcedure.input(messageSearchInput).query(({ ctx, input }) => ctx.deps.services.messageSearch.search(ctx.auth.user.id, input)),
});
