/** Every error of the social graph, with its i18n `reason` key (web/src/features/friends/i18n.ts). */
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "../../lib/errors.ts";

export const friendErrors = {
  self: () => new BadRequestError("friends.self"),
  userNotFound: () => new NotFoundError("friends.userNotFound"),
  /** A block stands between the two (either way): no request, chat or comment. */
  blocked: () => new ForbiddenError("friends.blocked"),
  alreadyFriends: () => new ConflictError("friends.alreadyFriends"),
  alreadyRequested: () => new ConflictError("friends.alreadyRequested"),
  /** My request was declined: I follow them; only they can make us friends now. */
  alreadyFollowing: () => new ConflictError("friends.alreadyFollowing"),
  noRequest: () => new NotFoundError("friends.noRequest"),
  notFriends: () => new NotFoundError("friends.notFriends"),
  notBlocked: () => new NotFoundError("friends.notBlocked"),
  friendsListHidden: () => new ForbiddenError("friends.listHidden"),
  badCursor: () => new BadRequestError("friends.badCursor"),
  reportTargetNotFound: () => new NotFoundError("reports.targetNotFound"),
  alreadyReported: () => new ConflictError("reports.already"),
};
