/**
 * What a person can do about another, as one call each: the tRPC mutation, then the answer's
 * status noted in the live store (so every card and profile of that person on screen follows at
 * once, before the frame arrives), and "Message" (opens or creates the personal chat).
 */
import type { FriendStatus } from "../../../../shared/friends.ts";
import { trpc } from "../../lib/trpc.ts";
import { noteStatus } from "./friends-live.ts";

export type RelationAction = "request" | "cancel" | "accept" | "decline" | "remove" | "block" | "unblock";

const calls: Record<RelationAction, (userId: string) => Promise<{ status: FriendStatus }>> = {
  request: (userId) => trpc.friends.request.mutate({ userId }),
  cancel: (userId) => trpc.friends.cancel.mutate({ userId }),
  accept: (userId) => trpc.friends.accept.mutate({ userId }),
  decline: (userId) => trpc.friends.decline.mutate({ userId }),
  remove: (userId) => trpc.friends.remove.mutate({ userId }),
  block: (userId) => trpc.blocks.add.mutate({ userId }),
  unblock: (userId) => trpc.blocks.remove.mutate({ userId }),
};

/** Runs the action; throws what the call throws (the caller shows it with errorText). */
export async function act(action: RelationAction, userId: string): Promise<FriendStatus> {
  const { status } = await calls[action](userId);
  noteStatus(userId, status);
  return status;
}

/** Hides a recommendation for good. */
export async function dismiss(userId: string): Promise<void> {
  await trpc.friends.dismiss.mutate({ userId });
}

/** The personal chat with this person (created if needed), put into the chat list; its id. */
export async function openPersonalChat(userId: string): Promise<string> {
  const chat = await trpc.chats.openPersonal.mutate({ userId });
  // Here already when signed in (the signed-in frame has it); a profile's first load does without it.
  const { upsertChat } = await import("../chats/chat-list.ts");
  upsertChat(chat);
  return chat.id;
}
