/**
 * The matrix rows of #17 for security.* and auth.secondFactor (two-factor sign-in); merged into
 * procedureRows in procedures.ts. Every security.* row acts on the caller's own account only; the
 * rows that change it run on a new account of the member's (with two-factor on where the call
 * needs it, confirmed with a recovery code). auth.secondFactor is a guest's, with a fresh ticket.
 */
import { createClient, defaultPassword } from "../../helpers/client.ts";
import { appCode, turnOnTwoFactor } from "../../helpers/totp.ts";
import { freshAccount, memberAsNewAccount, type Cast } from "./cast.ts";
import { guestsOnly, ownAccount, type Role } from "./matrix.ts";
import type { Fresh, ProcedureRow } from "./procedures.ts";

/** For the member: a new account with two-factor on; `secret` is one of its recovery codes. */
async function memberWithTwoFactor(cast: Cast, role: Role): Promise<Fresh> {
  if (role !== "member") return { t: { secret: "abcde-fghij" } };
  const { client } = await freshAccount(cast.srv);
  const { recoveryCodes } = await turnOnTwoFactor(cast.srv, client);
  return { as: client, t: { secret: recoveryCodes[0]! } };
}

export const securityRows: Record<string, ProcedureRow> = {
  "security.status": { expect: ownAccount, call: (api) => api.security.status.query() },
  "security.totpBegin": {
    expect: ownAccount,
    fresh: memberAsNewAccount,
    call: (api) => api.security.totpBegin.mutate({ password: defaultPassword }),
  },
  "security.totpEnable": {
    expect: ownAccount,
    async fresh(cast, role) {
      if (role !== "member") return { t: { secret: "123456" } };
      const { client } = await freshAccount(cast.srv);
      const { secret } = await client.trpc.security.totpBegin.mutate({ password: defaultPassword });
      return { as: client, t: { secret: appCode(cast.srv, secret) } };
    },
    call: (api, t) => api.security.totpEnable.mutate({ code: t.secret }),
  },
  "security.totpDisable": {
    expect: ownAccount,
    fresh: memberWithTwoFactor,
    call: (api, t) => api.security.totpDisable.mutate({ password: defaultPassword, code: t.secret }),
  },
  "security.recoveryCodesRenew": {
    expect: ownAccount,
    fresh: memberWithTwoFactor,
    call: (api, t) => api.security.recoveryCodesRenew.mutate({ password: defaultPassword, code: t.secret }),
  },
  // A new account with two-factor on, its password entered on a new guest client: `secret` is "ticket code".
  "auth.secondFactor": {
    expect: guestsOnly,
    async fresh(cast) {
      const { client, email } = await freshAccount(cast.srv);
      const { recoveryCodes } = await turnOnTwoFactor(cast.srv, client);
      const guest = createClient(cast.srv);
      const answer = await guest.trpc.auth.signIn.mutate({ email, password: defaultPassword });
      if (answer.status !== "second_factor") throw new Error(`expected second_factor, got ${answer.status}`);
      return { as: guest, t: { secret: `${answer.ticket} ${recoveryCodes[0]}` } };
    },
    call: (api, t) => {
      const [ticket, code] = t.secret.split(" ");
      return api.auth.secondFactor.mutate({ ticket: ticket!, code: code! });
    },
  },
};
