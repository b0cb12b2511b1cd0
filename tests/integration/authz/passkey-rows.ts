/**
 * The matrix rows of #17 for passkeys.*; merged into procedureRows in procedures.ts. A passkey is
 * the member's own: another person naming its id (renaming, removing) gets NOT_FOUND, exactly as
 * for an id that exists nowhere (passkeys.test.ts checks the missing one). Adding one is a
 * ceremony of a new account (its own password budget); signing in with one is a guest's.
 * The ceremony a row needs travels in Target.secret as JSON.
 */
import { createClient, defaultPassword } from "../../helpers/client.ts";
import { SoftAuthenticator } from "../../helpers/soft-authenticator.ts";
import { freshAccount, memberAsNewAccount, type Cast } from "./cast.ts";
import { guestsOnly, ownAccount, ownerOnly, type Role } from "./matrix.ts";
import type { Fresh, ProcedureRow } from "./procedures.ts";

const PASSKEY_404 = "NOT_FOUND passkeys.notFound";
let made = 0;

const originOf = (cast: Cast) => new URL(cast.srv.deps.env.PUBLIC_URL).origin;

/** A passkey row of the member's, straight in the database (rename/remove never check its key). */
async function memberPasskey(cast: Cast): Promise<Fresh> {
  const id = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  await cast.srv.deps.db.db
    .insertInto("passkeys")
    .values({ id, user_id: cast.actors.member.user!.id, name: `Ключ ${++made}`, public_key: "AA", created_at: Date.now(), last_used_at: null })
    .execute();
  return { t: { secret: id } };
}

/** A new account (as the member) with a registration ceremony answered by a software authenticator. */
async function registrationCeremony(cast: Cast, role: Role): Promise<Fresh> {
  const account = await freshAccount(cast.srv);
  const { challengeId, options } = await account.client.trpc.passkeys.registerOptions.mutate({ password: defaultPassword });
  const response = await new SoftAuthenticator(originOf(cast)).create(options);
  return { as: role === "member" ? account.client : undefined, t: { secret: JSON.stringify({ challengeId, response }) } };
}

/** Someone's passkey, and a guest's passwordless ceremony answered with it. */
async function signInCeremony(cast: Cast): Promise<Fresh> {
  const account = await freshAccount(cast.srv);
  const authenticator = new SoftAuthenticator(originOf(cast));
  const reg = await account.client.trpc.passkeys.registerOptions.mutate({ password: defaultPassword });
  await account.client.trpc.passkeys.register.mutate({ challengeId: reg.challengeId, name: "Ключ", response: await authenticator.create(reg.options) });
  const guest = createClient(cast.srv);
  const { challengeId, options } = await guest.trpc.passkeys.signInOptions.mutate({});
  return { as: guest, t: { secret: JSON.stringify({ challengeId, response: await authenticator.get(options) }) } };
}

export const passkeyRows: Record<string, ProcedureRow> = {
  "passkeys.list": {
    expect: ownAccount,
    call: (api) => api.passkeys.list.query(),
  },
  "passkeys.registerOptions": {
    expect: ownAccount,
    fresh: memberAsNewAccount,
    call: (api) => api.passkeys.registerOptions.mutate({ password: defaultPassword }),
  },
  "passkeys.register": {
    expect: ownAccount,
    fresh: registrationCeremony,
    call: (api, t) => api.passkeys.register.mutate({ ...JSON.parse(t.secret), name: "Ключ матриці" }),
  },
  "passkeys.rename": {
    expect: ownerOnly(PASSKEY_404),
    fresh: memberPasskey,
    call: (api, t) => api.passkeys.rename.mutate({ id: t.secret, name: "Нова назва" }),
  },
  "passkeys.remove": {
    expect: ownerOnly(PASSKEY_404),
    fresh: memberPasskey,
    call: (api, t) => api.passkeys.remove.mutate({ id: t.secret }),
  },
  "passkeys.signInOptions": {
    expect: guestsOnly,
    call: (api) => api.passkeys.signInOptions.mutate({}),
  },
  "passkeys.signIn": {
    expect: guestsOnly,
    fresh: signInCeremony,
    call: (api, t) => api.passkeys.signIn.mutate(JSON.parse(t.secret)),
  },
};
