/** Tags: the popular ones of the last days (the feed's side panel) and suggestions while typing. */
import type { Kysely } from "kysely";
import { POST_LIMITS, type TagCount } from "../../../shared/posts.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import * as repo from "./posts.repository.ts";

const DAY = 86_400_000;
const toCounts = (rows: Array<{ tag: string; n: number | string | bigint }>): TagCount[] =>
  rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));

export function createTagsService(deps: { db: Kysely<Database>; clock: Clock }) {
  return {
    popular: async () =>
      toCounts(await repo.popularTags(deps.db, deps.clock() - POST_LIMITS.popularDays * DAY, POST_LIMITS.popularMax)),
    suggest: async (prefix: string) =>
      prefix ? toCounts(await repo.tagsStartingWith(deps.db, prefix, POST_LIMITS.suggestMax)) : [],
  };
}

export type TagsService = ReturnType<typeof createTagsService>;
