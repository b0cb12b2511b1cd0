import {
  addMembersInput,
  changesInput,
  chatIdInput,
  chatListInput,
  chatMemberInput,
  createGroupInput,
  deleteMessageInput,
  editMessageInput,
  historyInput,
  markReadInput,
  noticeInput,
  openPersonalInput,
  reactInput,
  updateGroupInput,
  forwardInput,
  pinInput,
} from "../../../shared/chats.ts";
import { muteInput } from "../../../shared/mentions.ts";
import { authedProcedure, publicProcedure, router } from "../../trpc/init.ts";

const ok = { ok: true as const };

export const chatsRouter = router({
  /** A page of my chats, most recent activity first, with unread counts and the total over all. */
  list: authedProcedure.input(chatListInput).query(({ ctx, input }) => ctx.deps.services.chats.list(ctx.auth.user.id, input)),

  /** One of my chats with all its members. */
  byId: authedProcedure.input(chatIdInput).query(({ ctx, input }) => ctx.deps.services.chats.byId(ctx.auth.user.id, input.chatId)),

  /** Messages changed since a time (a resume catching up); the public chat's for guests too. */
  changes: publicProcedure
    .input(changesInput)
    .query(({ ctx, input }) => ctx.deps.services.chats.changes(ctx.auth?.user.id ?? null, input)),

  /** Keyset page of messages, ascending; the public chat is readable by guests too. */
  history: publicProcedure
    .input(historyInput)
    .query(({ ctx, input }) => ctx.deps.services.chats.history(ctx.auth?.user.id ?? null, input)),

  markRead: authedProcedure
    .input(markReadInput)
    .mutation(({ ctx, input }) => ctx.deps.services.chats.markRead(ctx.auth.user.id, input.chatId, input.messageId)),

  /** Deletes my message for everyone (a tombstone stays in its place); idempotent. */
  deleteMessage: authedProcedure.input(deleteMessageInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.chats.deleteMessage(ctx.auth.user.id, input.chatId, input.messageId);
    return ok;
  }),

  /** Replaces the text of my message for everyone; returns it as stored (with editedAt). */
  editMessage: authedProcedure
    .input(editMessageInput)
    .mutation(({ ctx, input }) => ctx.deps.services.chats.editMessage(ctx.auth.user.id, input.chatId, input.messageId, input.body)),

  /** My reaction with one emoji on a message, on or off (idempotent); returns its reactions now. */
  react: authedProcedure.input(reactInput).mutation(async ({ ctx, input }) => ({
    reactions: await ctx.deps.services.chats.react(ctx.auth.user.id, input.chatId, input.messageId, input.emoji, input.on),
  })),

  openPersonal: authedProcedure
    .input(openPersonalInput)
    .mutation(({ ctx, input }) => ctx.deps.services.chats.openPersonal(ctx.auth.user.id, input.userId)),

  createGroup: authedProcedure
    .input(createGroupInput)
    .mutation(({ ctx, input }) => ctx.deps.services.chats.createGroup(ctx.auth.user.id, input)),

  updateGroup: authedProcedure
    .input(updateGroupInput)
    .mutation(({ ctx, input }) => ctx.deps.services.chats.updateGroup(ctx.auth.user.id, input)),

  addMembers: authedProcedure
    .input(addMembersInput)
    .mutation(({ ctx, input }) => ctx.deps.services.chats.addMembers(ctx.auth.user.id, input)),

  removeMember: authedProcedure
    .input(chatMemberInput)
    .mutation(({ ctx, input }) => ctx.deps.services.chats.removeMember(ctx.auth.user.id, input)),

  transferAdmin: authedProcedure
    .input(chatMemberInput)
    .mutation(({ ctx, input }) => ctx.deps.services.chats.transferAdmin(ctx.auth.user.id, input)),

  leave: authedProcedure.input(chatIdInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.chats.leave(ctx.auth.user.id, input.chatId);
    return ok;
  }),

  /** Issue 13: mutes one of my chats for me (1h, 8h, 1w, forever) or unmutes it ("off"); my tabs get chat.muted. */
  mute: authedProcedure.input(muteInput).mutation(({ ctx, input }) => ctx.deps.services.chats.mute(ctx.auth.user.id, input)),

  /**
   * Issue 13: forwards a message of a chat I can read to another chat of mine: the send path's
   * group commit (idempotent by clientId, answered after commit); returns the new message.
   */
  forward: authedProcedure.input(forwardInput).mutation(({ ctx, input }) =>
    ctx.deps.services.chats.send(ctx.auth.user.id, { chatId: input.chatId, clientId: input.clientId, body: "", imageIds: [], forward: input.from }),
  ),

  /** Issue 13: pins a message of the chat (group admin, either person of a personal chat, moderators in the public one). */
  pin: authedProcedure
    .input(pinInput)
    .mutation(async ({ ctx, input }) => ({ pinned: await ctx.deps.services.chats.pin(ctx.auth.user.id, input.chatId, input.messageId) })),

  /** Issue 13: unpins the chat's pinned message (the same people as pin). */
  unpin: authedProcedure.input(chatIdInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.chats.unpin(ctx.auth.user.id, input.chatId);
    return ok;
  }),

  /** "Notify everyone": a notice frame to every connected socket; once per 30 s per person. */
  notifyEveryone: authedProcedure.input(noticeInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.chats.notifyEveryone(ctx.auth.user, input.text);
    return ok;
  }),
});
