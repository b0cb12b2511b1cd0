/**
 * The matrix rows of the social graph (merged into procedureRows in procedures.ts): friends.*,
 * people.*, blocks.*, reports.create and privacy.*. In the cast (cast.ts) the admin is the member's
 * friend and the member shows their friends list to friends only.
 *
 * A transition names the other person of a pair, and the caller is always the pair's other side:
 * "someone else's request" is a request between two other people, which the caller cannot name at
 * all. So the rows that act on a request, a friendship or a block set one up between the member
 * and a new person for each call (`fresh`), and every other role calling on that person is told
 * there is nothing between them. People are public (no IDOR); a chat's messages are not, so
 * reporting one takes the chat rows' IDOR check.
 */
import type { PeoplePage } from "../../../shared/friends.ts";
import { freshAccount, type Cast } from "./cast.ts";
import { OK, ownAccount, SIGN_IN, signedIn, type Expect, type Outcome, type Role } from "./matrix.ts";
import type { Fresh, ProcedureRow } from "./procedures.ts";

const NO_REQUEST = "NOT_FOUND friends.noRequest";
const LIST_HIDDEN = "FORBIDDEN friends.listHidden";
const REPORT_404 = "NOT_FOUND reports.targetNotFound";

/** Only the member (one side of what `fresh` set up) may; every other role is told `refusal`. */
const memberOnly = (refusal: Outcome): Expect => ({ guest: SIGN_IN, stranger: refusal, member: OK, removed: refusal, admin: refusal, moderator: refusal, siteAdmin: refusal });
/** The member's friends list (shown to friends only): the member and their friend, the admin. */
const membersFriendsOnly = (guest: Outcome): Expect => ({ guest, stranger: LIST_HIDDEN, member: OK, removed: LIST_HIDDEN, admin: OK, moderator: LIST_HIDDEN, siteAdmin: LIST_HIDDEN });

/** A new person, and what the member has with them (set up through the API) before the call. */
const withNewPerson =
  (setUp: (cast: Cast, other: Awaited<ReturnType<typeof freshAccount>>) => Promise<unknown> = async () => {}) =>
  async (cast: Cast): Promise<Fresh> => {
    const other = await freshAccount(cast.srv);
    await setUp(cast, other);
    return { t: { personId: other.id } };
  };
const member = (cast: Cast) => cast.actors.member.client.trpc;
const selfOf = (cast: Cast, role: Role) => cast.actors[role].user?.id;

export const friendRows: Record<string, ProcedureRow> = {
  // Asking the member: the member is asking themselves, and the admin is already their friend.
  "friends.request": {
    expect: { guest: SIGN_IN, stranger: OK, member: "BAD_REQUEST friends.self", removed: OK, admin: "CONFLICT friends.alreadyFriends", moderator: OK, siteAdmin: OK },
    call: (api, t) => api.friends.request.mutate({ userId: t.memberId }),
  },
  "friends.cancel": {
    expect: memberOnly(NO_REQUEST),
    fresh: withNewPerson((cast, other) => member(cast).friends.request.mutate({ userId: other.id })),
    call: (api, t) => api.friends.cancel.mutate({ userId: t.personId }),
  },
  "friends.accept": {
    expect: memberOnly(NO_REQUEST),
    fresh: withNewPerson((cast, other) => other.client.trpc.friends.request.mutate({ userId: cast.actors.member.user!.id })),
    call: (api, t) => api.friends.accept.mutate({ userId: t.personId }),
  },
  "friends.decline": {
    expect: memberOnly(NO_REQUEST),
    fresh: withNewPerson((cast, other) => other.client.trpc.friends.request.mutate({ userId: cast.actors.member.user!.id })),
    call: (api, t) => api.friends.decline.mutate({ userId: t.personId }),
  },
  "friends.remove": {
    expect: memberOnly("NOT_FOUND friends.notFriends"),
    fresh: withNewPerson(async (cast, other) => {
      await other.client.trpc.friends.request.mutate({ userId: cast.actors.member.user!.id });
      await member(cast).friends.accept.mutate({ userId: other.id });
    }),
    call: (api, t) => api.friends.remove.mutate({ userId: t.personId }),
  },
  "friends.dismiss": { expect: signedIn, fresh: withNewPerson(), call: (api, t) => api.friends.dismiss.mutate({ userId: t.personId }) },
  "friends.status": { expect: signedIn, call: (api, t) => api.friends.status.query({ userId: t.memberId }) },
  "friends.list": {
    expect: membersFriendsOnly(LIST_HIDDEN),
    call: (api, t) => api.friends.list.query({ userId: t.memberId }),
    leaks(result, _role, cast) {
      return (result as PeoplePage).items.some((i) => i.id === cast.actors.admin.user!.id) ? null : "the member's friends list lacks their friend";
    },
  },
  "friends.followers": { expect: membersFriendsOnly(SIGN_IN), call: (api, t) => api.friends.followers.query({ userId: t.memberId }) },
  "friends.requests": { expect: ownAccount, call: (api) => api.friends.requests.query({ direction: "in" }) },
  "friends.recommendations": {
    expect: signedIn,
    call: (api) => api.friends.recommendations.query({ limit: 50 }),
    leaks(result, role, cast) {
      const ids = (result as PeoplePage).items.map((i) => i.id);
      if (ids.includes(selfOf(cast, role)!)) return "recommends the caller to themselves";
      const friendOf: Partial<Record<Role, Role>> = { member: "admin", admin: "member" };
      const friend = friendOf[role];
      return friend && ids.includes(selfOf(cast, friend)!) ? "recommends a friend" : null;
    },
  },
  "friends.counts": { expect: ownAccount, call: (api) => api.friends.counts.query() },
  "people.search": {
    expect: signedIn,
    call: (api, t) => api.people.search.query({ query: t.username }),
    leaks(result, role, cast) {
      const found = (result as PeoplePage).items.some((i) => i.id === cast.actors.member.user!.id);
      if (role === "member") return found ? "finds the searcher themselves" : null;
      return found ? null : "does not find the member by username";
    },
  },
  "people.relation": { expect: signedIn, call: (api, t) => api.people.relation.query({ userId: t.memberId }) },
  "blocks.add": { expect: signedIn, fresh: withNewPerson(), call: (api, t) => api.blocks.add.mutate({ userId: t.personId }) },
  "blocks.remove": {
    expect: memberOnly("NOT_FOUND friends.notBlocked"),
    fresh: withNewPerson((cast, other) => member(cast).blocks.add.mutate({ userId: other.id })),
    call: (api, t) => api.blocks.remove.mutate({ userId: t.personId }),
  },
  "blocks.list": { expect: ownAccount, call: (api) => api.blocks.list.query() },
  // The member's message in the group: the admin (a member of it) may report it; the member may not
  // report their own words; nobody outside the chat may name it.
  "reports.create": {
    expect: { guest: SIGN_IN, stranger: REPORT_404, member: REPORT_404, removed: REPORT_404, admin: OK, moderator: REPORT_404, siteAdmin: REPORT_404 },
    call: (api, t) => api.reports.create.mutate({ target: { kind: "message", chatId: t.chatId, id: t.messageId }, reason: "spam" }),
    idor: { chatId: REPORT_404, messageId: REPORT_404 },
  },
  "privacy.get": { expect: ownAccount, call: (api) => api.privacy.get.query() },
  // The member's own settings as the cast has them: the call changes nothing the other rows rely on.
  "privacy.update": { expect: ownAccount, call: (api) => api.privacy.update.mutate({ chatFrom: "everyone", friendsListVisibleTo: "friends" }) },
};
