/** Every migration, in order. Add new files here; never edit a landed one. */
import type { Migration } from "kysely/migration";
import * as m20261121_0001_accounts from "./20261121_0001_accounts.ts";

export const migrations: Record<string, Migration> = {
  "20261121_0001_accounts": m20261121_0001_accounts,
};
