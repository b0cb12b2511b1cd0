/**
 * The matrix rows of #17 for dataExport.*; merged into procedureRows in procedures.ts. Both act
 * on the caller's own account only (no id to name: the download route's owner-only rule is in
 * data-export.test.ts). `latest` must show no one an export that is not theirs.
 */
import type { ExportInfo } from "../../../shared/data-export.ts";
import { ownAccount, signedIn } from "./matrix.ts";
import type { ProcedureRow } from "./procedures.ts";

export const exportRows: Record<string, ProcedureRow> = {
  "dataExport.start": { expect: ownAccount, call: (api) => api.dataExport.start.mutate() },
  "dataExport.latest": {
    expect: signedIn,
    call: (api) => api.dataExport.latest.query(),
    leaks(result, role) {
      // Only the member ever starts one (dataExport.start above); everyone else has none.
      const info = result as ExportInfo | null;
      return role !== "member" && info !== null ? `${role} sees an export: ${JSON.stringify(info)}` : null;
    },
  },
};
