/**
 * The matrix rows of #17 for accountDeletion.*; merged into procedureRows in procedures.ts.
 * Asking for deletion acts on the caller's own account and signs it out everywhere: the member's
 * call runs on a new account of its own (`fresh`), so the cast's sessions live on.
 */
import { defaultPassword } from "../../helpers/client.ts";
import { memberAsNewAccount } from "./cast.ts";
import { ownAccount } from "./matrix.ts";
import type { ProcedureRow } from "./procedures.ts";

export const deletionRows: Record<string, ProcedureRow> = {
  "accountDeletion.request": {
    expect: ownAccount,
    fresh: memberAsNewAccount,
    call: (api) => api.accountDeletion.request.mutate({ password: defaultPassword }),
  },
};
