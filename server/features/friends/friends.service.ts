/**
 * The social graph: requests, friends, followers, blocks, privacy, lists. Every transition:
 * validated input (router) → rate limit → one transaction on the pair's single relation row (a
 * concurrent transition waits for it) → commit → `friend.status` frames to both people's
 * `user:<id>` topics, each from their own side.
 */
import type { Kysely } from "kysely";
import type { ChatPerson } from "../../../shared/chats.ts";
import type { BlockedPerson, FriendCounts, FriendStatus, PeoplePage, PersonCard, Privacy, Relation } from "../../../shared/friends.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { UnauthorizedError } from "../../lib/errors.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import type { Notify } from "../notifications/notifications.service.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import { toPerson, type PersonRow } from "../chats/chats.mappers.ts";
import { friendErrors } from "./friends.errors.ts";
import { enforceNewAccountLimit } from "../moderation/new-accounts.ts";
import { friendsLimits, newAccountFriendsLimits } from "./friends.limits.ts";
import { decodeSearchCursor, encodeSearchCursor, normalise, searchPeople } from "./people-search.ts";
import * as repo from "./relations.repository.ts";
import { between, canSeeFriendsList, relationOf, statusOf } from "./social-policy.ts";

type FrameEvent = "requested" | "cancelled" | "accepted" | "declined" | "removed" | "unfollowed" | "blocked" | "unblocked";
type Q = repo.Q;

export interface FriendsDeps {
  db: Kysely<Database>;
  clock: Clock;
  limiter: RateLimiter;
  hub: Hub;
  notify: Notify;
}

const BLOCKS_LISTED = 1_000;

export const encodeCursor = (at: number | string, id: string) => `${Number(at)}:${id}`;
export function decodeCursor(cursor: string | null | undefined): { at: number; id: string } | null {
  if (!cursor) return null;
  const m = /^(\d{1,16}):([0-9a-zA-Z_-]{1,64})$/.exec(cursor);
  if (!m) throw friendErrors.badCursor();
  return { at: Number(m[1]), id: m[2]! };
}
const queryOf = (q: string | undefined) => (q ? normalise(q) || null : null);

export function createFriendsService(deps: FriendsDeps) {
  const { db, clock, limiter, hub, notify } = deps;

  /** The bell, in the transition's transaction: a request arrives or goes, a request is accepted, a block forgets. */
  async function bell(trx: Q, me: string, otherId: string, event: FrameEvent): Promise<void> {
    const request = (to: string, from: string) => ({ userId: to, kind: "friend_request", subjectKey: "friends", actorId: from });
    if (event === "requested") await notify.record.add(trx, request(otherId, me));
    else if (event === "cancelled") await notify.record.remove(trx, request(otherId, me));
    else if (event === "declined") await notify.record.remove(trx, request(me, otherId));
    else if (event === "accepted") {
      await notify.record.remove(trx, request(me, otherId));
      await notify.record.add(trx, { userId: otherId, kind: "friend_accepted", subjectKey: "friends", actorId: me });
    } else if (event === "blocked") await notify.record.removeBetween(trx, me, otherId);
  }

  /** Cards for people already read: my status with each and our mutual friends, in three queries. */
  async function cards(me: string | null, rows: PersonRow[], extra?: Map<string, { sharedTags: number }>): Promise<PersonCard[]> {
    const ids = rows.map((r) => r.id);
    const [relations, blocks, mutual] = me
      ? await Promise.all([repo.relationsWith(db, me, ids), repo.blocksWith(db, me, ids), repo.mutualCounts(db, me, ids)])
      : [new Map(), new Map(), new Map()];
    return rows.map((r) => {
      const b = blocks.get(r.id);
      const status: FriendStatus = me === r.id ? "none" : statusOf(me ?? "", relations.get(r.id), !!(b?.byMe || b?.byThem));
      return { ...toPerson(r), status, mutualFriends: mutual.get(r.id) ?? 0, sharedTags: extra?.get(r.id)?.sharedTags ?? 0 };
    });
  }

  async function page(me: string | null, rows: repo.ListedPerson[], limit: number): Promise<PeoplePage> {
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    return { items: await cards(me, shown), nextCursor: rows.length > limit && last ? encodeCursor(last.updated_at, last.id) : null };
  }

  async function other(db: Q, me: string, otherId: string): Promise<PersonRow> {
    if (otherId === me) throw friendErrors.self();
    const [row] = await repo.peopleByIds(db, [otherId]);
    if (!row) throw friendErrors.userNotFound();
    return row;
  }

  /** A confirmed account, or NOT_FOUND friends.userNotFound. */
  async function existing(userId: string): Promise<void> {
    if (!(await repo.peopleByIds(db, [userId])).length) throw friendErrors.userNotFound();
  }

  /** After commit: each side learns its new status with the other, and its badge. */
  async function announce(me: string, otherId: string, event: FrameEvent): Promise<FriendStatus> {
    const [people, mine, myCounts, theirCounts] = await Promise.all([
      repo.peopleByIds(db, [me, otherId]),
      between(db, me, otherId),
      repo.countsOf(db, me),
      repo.countsOf(db, otherId),
    ]);
    // The same row and blocks, seen from the other side.
    const theirs = { row: mine.row, blockedByMe: mine.blockedByThem, blockedByThem: mine.blockedByMe };
    const byId = new Map(people.map((p) => [p.id, toPerson(p)]));
    const myStatus = statusOf(me, mine.row, mine.blockedByMe || mine.blockedByThem);
    const send = (to: string, about: ChatPerson | undefined, status: FriendStatus, incoming: number) => {
      if (about) hub.publish(topics.user(to), { type: "friend.status", person: about, status, incoming, event });
    };
    send(me, byId.get(otherId), myStatus, myCounts.incoming);
    send(otherId, byId.get(me), statusOf(otherId, theirs.row, theirs.blockedByMe || theirs.blockedByThem), theirCounts.incoming);
    return myStatus;
  }

  /**
   * One transition on the pair's row, in a transaction: `step` sees the row (locked on Postgres)
   * and returns the event, or throws and nothing changes.
   */
  async function transition(
    me: string,
    otherId: string,
    step: (trx: Q, row: repo.RelationRow | undefined, now: number) => Promise<FrameEvent>,
  ): Promise<{ status: FriendStatus }> {
    await enforce(limiter, friendsLimits.change, me);
    const event = await db.transaction().execute(async (trx) => {
      await other(trx, me, otherId);
      const done = await step(trx, await repo.findRelation(trx, me, otherId, true), clock());
      await bell(trx, me, otherId, done);
      return done;
    });
    notify.changed([me, otherId]);
    return { status: await announce(me, otherId, event) };
  }

  async function assertNoBlock(trx: Q, me: string, otherId: string) {
    const b = (await repo.blocksWith(trx, me, [otherId])).get(otherId);
    if (b?.byMe || b?.byThem) throw friendErrors.blocked();
  }

  /** A request's transition, in the caller's transaction (see `request`). */
  async function requestIn(trx: Q, me: string, otherId: string): Promise<FrameEvent> {
    await other(trx, me, otherId);
    await repo.lockPair(trx, me, otherId);
    await assertNoBlock(trx, me, otherId);
    const now = clock();
    // Two people asking each other at the same instant meet on this one primary key: the
    // second insert waits for the first to commit, then finds its row below.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await repo.insertRelationIfAbsent(trx, { x: me, y: otherId, status: "pending", requested_by: me, created_at: now, updated_at: now })) {
        return "requested";
      }
      const row = await repo.findRelation(trx, me, otherId, true);
      if (!row) continue; // deleted between the two statements: try the insert again
      if (row.status === "friends") throw friendErrors.alreadyFriends();
      if (row.requested_by === me) throw row.status === "pending" ? friendErrors.alreadyRequested() : friendErrors.alreadyFollowing();
      await repo.setRelation(trx, me, otherId, { status: "friends", requested_by: row.requested_by, updated_at: now });
      return "accepted";
    }
    throw friendErrors.alreadyRequested();
  }

  return {
    cards,

    /** Ask to be friends; if they asked me (or follow me), we are friends at once. */
    async request(me: string, otherId: string) {
      await enforce(limiter, friendsLimits.request, me);
      await enforceNewAccountLimit(deps, newAccountFriendsLimits.request, me);
      const event = await db.transaction().execute(async (trx) => {
        const done = await requestIn(trx, me, otherId);
        await bell(trx, me, otherId, done);
        return done;
      });
      notify.changed([me, otherId]);
      return { status: await announce(me, otherId, event) };
    },

    /** Take back my pending request, or stop following someone who declined me. */
    cancel: (me: string, otherId: string) =>
      transition(me, otherId, async (trx, row) => {
        if (!row || row.requested_by !== me || row.status === "friends") throw friendErrors.noRequest();
        await repo.deleteRelation(trx, me, otherId);
        return row.status === "pending" ? "cancelled" : "unfollowed";
      }),

    /** Accept a request addressed to me (or befriend someone who follows me). */
    accept: (me: string, otherId: string) =>
      transition(me, otherId, async (trx, row, now) => {
        if (!row || row.status === "friends" || row.requested_by === me) throw friendErrors.noRequest();
        await repo.setRelation(trx, me, otherId, { status: "friends", requested_by: row.requested_by, updated_at: now });
        return "accepted";
      }),

    /** Decline a request addressed to me: its sender stays as my follower. */
    decline: (me: string, otherId: string) =>
      transition(me, otherId, async (trx, row, now) => {
        if (!row || row.status !== "pending" || row.requested_by === me) throw friendErrors.noRequest();
        await repo.setRelation(trx, me, otherId, { status: "following", requested_by: otherId, updated_at: now });
        return "declined";
      }),

    /** End a friendship: the other person stays as my follower (they did not choose to stop). */
    remove: (me: string, otherId: string) =>
      transition(me, otherId, async (trx, row, now) => {
        if (row?.status !== "friends") throw friendErrors.notFriends();
        await repo.setRelation(trx, me, otherId, { status: "following", requested_by: otherId, updated_at: now });
        return "removed";
      }),

    /** Hide someone from my recommendations for good. */
    async dismiss(me: string, otherId: string) {
      await enforce(limiter, friendsLimits.change, me);
      await other(db, me, otherId);
      await repo.dismiss(db, me, otherId, clock());
    },

    async status(me: string, otherId: string): Promise<FriendStatus> {
      if (otherId === me) return "none";
      await existing(otherId);
      const b = await between(db, me, otherId);
      return statusOf(me, b.row, b.blockedByMe || b.blockedByThem);
    },

    /** What a profile shows between me and its owner. */
    async relation(me: string, otherId: string): Promise<Relation> {
      await existing(otherId);
      return relationOf(db, me, otherId);
    },

    async counts(me: string): Promise<FriendCounts> {
      const c = await repo.countsOf(db, me);
      return { incoming: c.incoming, outgoing: c.outgoing, friends: c.friends };
    },

    /** Friends and followers of a person, for the profile. */
    countsOf: (userId: string) => repo.countsOf(db, userId),

    /** A person's friends (mine by default), newest friendship first, optionally filtered by name. */
    async list(viewer: string | null, input: { userId?: string; query?: string; cursor?: string | null; limit: number }): Promise<PeoplePage> {
      const person = input.userId ?? viewer;
      if (!person) throw new UnauthorizedError();
      await existing(person);
      if (!(await canSeeFriendsList(db, viewer, person))) throw friendErrors.friendsListHidden();
      const rows = await repo.listRelated(db, {
        person,
        status: "friends",
        mine: null,
        nameQuery: queryOf(input.query),
        cursor: decodeCursor(input.cursor),
        limit: input.limit + 1,
      });
      return page(viewer, rows, input.limit);
    },

    /** Requests I received ("in") or sent ("out"), newest first. */
    async requests(me: string, input: { direction: "in" | "out"; query?: string; cursor?: string | null; limit: number }): Promise<PeoplePage> {
      const rows = await repo.listRelated(db, {
        person: me,
        status: "pending",
        mine: input.direction === "out",
        nameQuery: queryOf(input.query),
        cursor: decodeCursor(input.cursor),
        limit: input.limit + 1,
      });
      return page(me, rows, input.limit);
    },

    /** People who follow a person (declined requests, removed friends): mine by default. */
    async followers(viewer: string, input: { userId?: string; cursor?: string | null; limit: number }): Promise<PeoplePage> {
      const person = input.userId ?? viewer;
      await existing(person);
      if (!(await canSeeFriendsList(db, viewer, person))) throw friendErrors.friendsListHidden();
      const rows = await repo.listRelated(db, { person, status: "following", mine: false, nameQuery: null, cursor: decodeCursor(input.cursor), limit: input.limit + 1 });
      return page(viewer, rows, input.limit);
    },

    /** Anyone by name or username (prefix; case, accents and word order aside), best match first. */
    async search(me: string, input: { query: string; cursor?: string | null; limit: number }): Promise<PeoplePage> {
      await enforce(limiter, friendsLimits.search, me);
      const after = decodeSearchCursor(input.cursor);
      if (input.cursor && !after) throw friendErrors.badCursor();
      const q = normalise(input.query);
      if (!q) return { items: [], nextCursor: null };
      const rows = await searchPeople(db, me, q, after, input.limit + 1);
      const shown = rows.slice(0, input.limit);
      const last = shown.at(-1);
      return { items: await cards(me, shown), nextCursor: rows.length > input.limit && last ? encodeSearchCursor(last) : null };
    },

    // ── blocks ──────────────────────────────────────────────────────────────
    /** Block: ends friendship, following and requests between us in the same transaction. */
    async block(me: string, otherId: string) {
      await enforce(limiter, friendsLimits.block, me);
      await db.transaction().execute(async (trx) => {
        await other(trx, me, otherId);
        await repo.lockPair(trx, me, otherId);
        await repo.insertBlock(trx, me, otherId, clock());
        await repo.deleteRelation(trx, me, otherId);
        await bell(trx, me, otherId, "blocked");
      });
      notify.changed([me, otherId]);
      // Presence (issue 13): every instance re-checks what the two may see of each other.
      hub.control({ kind: "presence.recheck", userIds: [me, otherId] });
      return { status: await announce(me, otherId, "blocked") };
    },

    async unblock(me: string, otherId: string) {
      await enforce(limiter, friendsLimits.block, me);
      if (!(await repo.deleteBlock(db, me, otherId))) throw friendErrors.notBlocked();
      hub.control({ kind: "presence.recheck", userIds: [me, otherId] });
      return { status: await announce(me, otherId, "unblocked") };
    },

    async blocked(me: string): Promise<BlockedPerson[]> {
      const rows = await repo.blockedByMe(db, me, BLOCKS_LISTED);
      return rows.map((r) => ({ person: toPerson(r), blockedAt: Number(r.created_at) }));
    },

    // ── privacy ─────────────────────────────────────────────────────────────
    async privacy(me: string): Promise<Privacy> {
      const row = await repo.privacyOf(db, me);
      return { chatFrom: row?.chat_from === "friends" ? "friends" : "everyone", friendsListVisibleTo: row?.friends_list_visible_to === "friends" ? "friends" : "everyone" };
    },

    async setPrivacy(me: string, input: Privacy): Promise<Privacy> {
      await repo.setPrivacy(db, me, { chat_from: input.chatFrom, friends_list_visible_to: input.friendsListVisibleTo, updated_at: clock() });
      return input;
    },
  };
}

export type FriendsService = ReturnType<typeof createFriendsService>;
