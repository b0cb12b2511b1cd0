/** Every error the messenger throws, with its i18n `reason` key (the web client translates these). */
import { BadRequestError, ConflictError, DomainError, ForbiddenError, NotFoundError, UnauthorizedError } from "../../lib/errors.ts";

export const chatErrors = {
  /** The chat does not exist or the viewer is not a member: the two look the same. */
  notFound: () => new NotFoundError("chats.notFound"),
  /** A person to chat with or to add does not exist (or has not confirmed their email). */
  userNotFound: (userIds: string[]) => new DomainError("NOT_FOUND", "chats.userNotFound", { userIds }),
  /** An image that does not exist, is someone else's, or is not a chat_image. */
  imageNotFound: (mediaIds: string[]) => new DomainError("NOT_FOUND", "chats.imageNotFound", { mediaIds }),
  signInToWrite: () => new UnauthorizedError("chats.signInToWrite"),
  adminOnly: () => new ForbiddenError("chats.adminOnly"),
  notAGroup: () => new BadRequestError("chats.notAGroup"),
  chatWithSelf: () => new BadRequestError("chats.chatWithSelf"),
  /** The admin cannot remove themselves (leave instead) or hand the role to themselves. */
  notYourself: () => new BadRequestError("chats.notYourself"),
  /** The message is not in this chat (or does not exist): the same answer either way. */
  messageNotFound: () => new NotFoundError("chats.messageNotFound"),
  /** Only its author may delete or edit a message. */
  notYourMessage: () => new ForbiddenError("chats.notYourMessage"),
  /** A deleted message is gone for everyone: there is nothing left to edit or react to. */
  messageDeleted: () => new NotFoundError("chats.messageDeleted"),
  /** An edit left no text on a message without images (the send rule; the field is the body). */
  emptyMessage: () => new BadRequestError("chats.emptyMessage", { fieldErrors: { body: ["chats.emptyMessage"] } }),
  /** A system message ("Olena added Taras") stays: it is the group's record, nobody's words. */
  systemMessage: () => new ForbiddenError("chats.systemMessageStays"),
  /** Reactions are to people's words, not to the group's record of its changes. */
  systemMessageNoReactions: () => new ForbiddenError("chats.systemMessageNoReactions"),
  /** Issue 13: a message holds at most this many distinct emoji; one more is refused. */
  tooManyReactions: (max: number) => new ConflictError("emoji.tooManyReactions", { max }),
  notAMember: () => new DomainError("NOT_FOUND", "chats.notAMember"),
  /** A block stands between the two, or the other person takes personal messages from friends only. */
  personalClosed: () => new ForbiddenError("chats.personalClosed"),
  groupFull: (max: number) => new ConflictError("chats.groupFull", { max }),
};
