/**
 * New accounts (#16, "limits that protect without a moderator"): in an account's first 24 hours
 * posts, comments, friend requests and "notify everyone" meet a second, lower limit in addition to
 * the usual one (TOO_MANY_REQUESTS "errors.newAccountLimit" with a time to wait); on the test clock
 * past the first day it lifts, while the usual limits stay.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CHAT_LIMITS } from "../../shared/chats.ts";
import { testBackends } from "../helpers/backends.ts";
import { rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { newAccountFriendsLimits } from "../../server/features/friends/friends.limits.ts";
import { newAccountPostLimits, postLimits } from "../../server/features/posts/posts.limits.ts";
import { NEW_ACCOUNT_MS } from "../../server/features/moderation/new-accounts.ts";
import { named, people, postOf, refused, type Named } from "./friends-kit.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The refusal's reason and its time to wait. */
async function limited(call: Promise<unknown>) {
  const e = await rejection(call);
  const data = e.data as { code?: string; reason?: string; retryAfterSeconds?: number };
  return { refusal: `${data.code} ${data.reason}`, wait: data.retryAfterSeconds ?? 0 };
}

for (const backend of testBackends()) {
  describe(`lower limits for new accounts (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    /** Moves the shared test clock past the first day of an account made now. */
    const pastFirstDay = () => srv.clock.advance(NEW_ACCOUNT_MS + 1);
    /** Moves the shared test clock to just past the first day of an account registered by `bornBy` (a time after its registration). */
    const pastFirstDayOf = (bornBy: number) => srv.clock.advance(bornBy + NEW_ACCOUNT_MS + 1 - srv.clock.now());

    test("posts: a new account's day cap holds after the hourly limit starts over, and lifts after its first 24 hours", async () => {
      const p = await named(srv, "Нова", "Авторка");
      const bornBy = srv.clock.now();
      // Its first post an hour after it was made: the cap's window then outlasts the account's first day.
      srv.clock.advance(HOUR);
      const cap = newAccountPostLimits.create.max;
      // The usual limit allows as many an hour: it refuses first, with its own reason.
      expect(postLimits.create.max).toBeGreaterThanOrEqual(cap);
      for (let i = 0; i < cap; i++) await postOf(p, { title: `Пост ${i}` });
      expect((await limited(postOf(p))).refusal).toBe(
        postLimits.create.max > cap ? "TOO_MANY_REQUESTS errors.newAccountLimit" : "TOO_MANY_REQUESTS errors.rateLimited",
      );
      // An hour on, the usual window has started over; the new account's has not.
      srv.clock.advance(HOUR + 1);
      const day = await limited(postOf(p));
      expect(day.refusal).toBe("TOO_MANY_REQUESTS errors.newAccountLimit");
      expect(day.wait).toBeGreaterThan(HOUR / 1000);
      expect(day.wait).toBeLessThanOrEqual(NEW_ACCOUNT_MS / 1000);
      // A day after the account was made (the cap's own window still runs): not new, not capped.
      pastFirstDayOf(bornBy);
      await postOf(p, { title: "На другу добу" });
    });

    test("comments: a new account gets 60 an hour on top of 20 a minute; an older account only the usual limit", async () => {
      const [author, p] = await people(srv, 2);
      const post = await postOf(author!);
      const comment = (who: Named, i: number) => who.client.trpc.comments.create.mutate({ postId: post.id, body: `Коментар ${i}` });
      const perMinute = postLimits.comment.max;
      let n = 0;
      while (n < newAccountPostLimits.comment.max) {
        for (let i = 0; i < perMinute && n < newAccountPostLimits.comment.max; i++) await comment(p!, n++);
        srv.clock.advance(MIN + 1);
      }
      const over = await limited(comment(p!, n));
      expect(over.refusal).toBe("TOO_MANY_REQUESTS errors.newAccountLimit");
      expect(over.wait).toBeGreaterThan(0);
      // The usual per-minute limit is unchanged for everyone (the author is new too: both apply).
      const burst = async () => {
        for (let i = 0; i <= perMinute; i++) await comment(author!, 1000 + i);
      };
      expect((await limited(burst())).refusal).toBe("TOO_MANY_REQUESTS errors.rateLimited");

      pastFirstDay();
      // A day on, the account is not new: more than the new-account cap within the hour is fine.
      for (let round = 0; round * perMinute <= newAccountPostLimits.comment.max; round++) {
        for (let i = 0; i < perMinute; i++) await comment(p!, 10_000 + round * perMinute + i);
        srv.clock.advance(MIN + 1);
      }
    });

    test("friend requests: 20 in a new account's first day, then the usual limit", async () => {
      const p = await named(srv, "Нова", "Знайома");
      const bornBy = srv.clock.now();
      const cap = newAccountFriendsLimits.request.max;
      const others = await people(srv, cap + 1);
      srv.clock.advance(HOUR);
      for (let i = 0; i < cap; i++) await p.client.trpc.friends.request.mutate({ userId: others[i]!.user.id });
      const last = others[cap]!;
      const over = await limited(p.client.trpc.friends.request.mutate({ userId: last.user.id }));
      expect(over.refusal).toBe("TOO_MANY_REQUESTS errors.newAccountLimit");
      expect(await p.client.trpc.friends.status.query({ userId: last.user.id })).toBe("none");
      pastFirstDayOf(bornBy);
      expect(await p.client.trpc.friends.request.mutate({ userId: last.user.id })).toMatchObject({ status: "requested" });
    });

    test("notify everyone: a new account twice an hour on top of once per 30 s; a day later only the 30 s", async () => {
      const p = await named(srv, "Нова", "Гучна");
      const notify = (text: string) => p.client.trpc.chats.notifyEveryone.mutate({ text });
      const every = CHAT_LIMITS.noticeEverySeconds * 1000 + 1;
      await notify("Перше");
      // The usual limit first, with its own reason.
      expect(await refused(notify("Поспіхом"))).toBe("TOO_MANY_REQUESTS errors.rateLimited");
      srv.clock.advance(every);
      await notify("Друге");
      srv.clock.advance(every);
      const over = await limited(notify("Третє"));
      expect(over.refusal).toBe("TOO_MANY_REQUESTS errors.newAccountLimit");
      expect(over.wait).toBeGreaterThan(CHAT_LIMITS.noticeEverySeconds);
      pastFirstDay();
      for (let i = 0; i < CHAT_LIMITS.newAccountNotices + 1; i++) {
        await notify(`Через добу ${i}`);
        srv.clock.advance(every);
      }
    });
  });
}
