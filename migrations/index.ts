/** Every migration, in order. Add new files here; never edit a landed one. */
import type { Migration } from "kysely/migration";
import * as m20261121_0001_accounts from "./20261121_0001_accounts.ts";
import * as m20261121_0002_media from "./20261121_0002_media.ts";

export const migrations: Record<string, Migration> = {
  "20261121_0001_accounts": m20261121_0001_accounts,
  "20261121_0002_media": m20261121_0002_media,
};
