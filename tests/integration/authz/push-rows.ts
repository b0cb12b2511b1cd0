/**
 * The matrix rows of issue 15: web push; merged into procedureRows in procedures.ts. Every
 * procedure acts on the caller's own devices; an endpoint names a device, and naming someone
 * else's shows nothing of it (device) and removes nothing (unsubscribe). The member subscribes
 * "push.invalid" (a name that never resolves: any push to it fails at once, off every path).
 */
import type { PushDevice } from "../../../shared/push.ts";
import type { Cast } from "./cast.ts";
import { ownAccount, signedIn, type Role } from "./matrix.ts";
import type { ProcedureRow } from "./procedures.ts";

const MEMBER_DEVICE = "https://push.invalid/authz/member-device";
const keys = { p256dh: `B${"A".repeat(86)}`, auth: "A".repeat(22) };

export const pushRows: Record<string, ProcedureRow> = {
  "push.publicKey": { expect: signedIn, call: (api) => api.push.publicKey.query() },
  "push.subscribe": { expect: ownAccount, call: (api) => api.push.subscribe.mutate({ endpoint: MEMBER_DEVICE, keys, showText: false, lang: "uk" }) },
  // Someone else's device (or none): nothing is removed, and the answer says so.
  "push.unsubscribe": {
    expect: signedIn,
    call: (api) => api.push.unsubscribe.mutate({ endpoint: "https://push.invalid/authz/nobody" }),
    leaks: (result) => ((result as { removed: boolean }).removed ? "removed a device that is not the caller's" : null),
  },
  "push.device": {
    expect: signedIn,
    call: (api) => api.push.device.query({ endpoint: MEMBER_DEVICE }),
    leaks: (result: unknown, role: Role, _cast: Cast) =>
      role !== "member" && (result as PushDevice).subscribed ? `shows ${role} the member's device` : null,
  },
};
