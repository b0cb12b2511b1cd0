/**
 * "Sign in with a passkey" (#17): passkeys.signInOptions → the browser's ceremony
 * (@simplewebauthn/browser startAuthentication, loaded on first use) → passkeys.signIn. Without a
 * ticket it is a passwordless sign-in (the browser offers the passkeys it holds for this site);
 * with one (LoginPage's second-factor step) it finishes that password sign-in. Errors show under
 * the button. A browser without WebAuthn shows no button.
 */
import { createSignal, Show } from "solid-js";
import type { SignInResult } from "../../../../shared/auth.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { trpc, type AppError } from "../../lib/trpc.ts";
import { ceremonyFailure, loadWebAuthn, supportsPasskeys } from "./ceremony.ts";

export function PasskeySignInButton(props: { ticket?: string; onSignedIn: (result: Extract<SignInResult, { status: "signed_in" }>) => void }) {
  const [pending, setPending] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);

  async function signIn() {
    if (pending()) return;
    setPending(true);
    setFailure(null);
    try {
      const ticket = props.ticket;
      const [{ startAuthentication }, { challengeId, options }] = await Promise.all([
        loadWebAuthn(),
        trpc.passkeys.signInOptions.mutate({ ticket }),
      ]);
      const response = await startAuthentication({ optionsJSON: options });
      props.onSignedIn(await trpc.passkeys.signIn.mutate({ challengeId, response, ticket }));
    } catch (error) {
      setFailure(ceremonyFailure(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <Show when={supportsPasskeys()}>
      <div class="passkey-sign-in">
        <button type="button" class="btn passkey-sign-in-button" disabled={pending()} onClick={() => void signIn()}>
          {pending() ? t("passkeys.signingIn") : t("passkeys.signIn")}
        </button>
        <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      </div>
    </Show>
  );
}
