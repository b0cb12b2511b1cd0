/** Two-factor sign-in in tests (#17): turning it on through the API and making codes like an authenticator app. */
import { totpCode } from "../../server/features/security/totp.ts";
import { defaultPassword, type TestClient } from "./client.ts";
import type { TestServer } from "./test-server.ts";

/** The code an authenticator app shows now (the server's clock). */
export const appCode = (srv: TestServer, secret: string) => totpCode(secret, srv.clock.now());

/**
 * Moves the clock to the next 30-second step and returns its code: each step's code is good once,
 * so a second code in a test needs a new step.
 */
export function nextAppCode(srv: TestServer, secret: string) {
  srv.clock.advance(30_000);
  return appCode(srv, secret);
}

/** Turns two-factor on for the client's account; returns the secret and the recovery codes. */
export async function turnOnTwoFactor(srv: TestServer, client: TestClient, password = defaultPassword) {
  const { secret, uri } = await client.trpc.security.totpBegin.mutate({ password });
  const { recoveryCodes } = await client.trpc.security.totpEnable.mutate({ code: appCode(srv, secret) });
  return { secret, uri, recoveryCodes };
}
