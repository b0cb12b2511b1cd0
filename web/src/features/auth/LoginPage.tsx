/**
 * /login: email + password. An unverified account continues at /verify with a fresh code. A
 * suspended account (FORBIDDEN "auth.suspended") is told until when, or that it is for good.
 * With two-factor sign-in on, a code step follows (a code from the app or a recovery code, or a
 * passkey); a passkey also signs in without a password. A sign-in that cancelled a pending
 * account deletion says so in a toast.
 */
import { useLocation, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import type { SecondFactorMethod, SignInResult } from "../../../../shared/auth.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { CurrentPasswordField, EmailField, OneTimeCodeField } from "../../components/Field.tsx";
import { Page } from "../../components/Page.tsx";
import { formatDateTime, isMessageKey, t } from "../../i18n/index.ts";
import { setSignedIn } from "../../lib/session.ts";
import { readError, trpc, TRPCClientError, type AppError } from "../../lib/trpc.ts";
import { createForm } from "../../lib/form.ts";
import { pushToast } from "../chats/live.ts";
import { PasskeySignInButton } from "../passkeys/PasskeySignIn.tsx";
import "./auth.css";
import "../security/two-factor.css";
import { rememberResendAfter } from "./resend-timer.ts";

const authSchemas = () => import("../../../../shared/auth.ts");
const securitySchemas = () => import("../../../../shared/security.ts");

/** Only same-site paths: "/x" but never "//host" or "/\\host". */
export function safeNext(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])/.test(value) ? value : "/";
}

/** A suspended account's end (ms, or null for good) from a refused sign-in; undefined otherwise. */
function suspendedUntilOf(error: unknown): number | null | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data = error.data as { reason?: unknown; suspendedUntil?: unknown } | undefined;
  if (data?.reason !== "auth.suspended") return undefined;
  return typeof data.suspendedUntil === "number" ? data.suspendedUntil : null;
}

type SignedIn = Extract<SignInResult, { status: "signed_in" }>;

/**
 * The second step of a two-factor sign-in: a code from the authenticator app (or, switched to, a
 * recovery code) for the ticket the password earned; a passkey where the account has one.
 */
function SecondFactorStep(props: {
  ticket: string;
  methods: SecondFactorMethod[];
  onSignedIn: (result: SignedIn) => void;
  /** Back to the password form; `error`: why (the ticket ran out). */
  onBack: (error?: AppError) => void;
}) {
  const form = createForm({ code: "" });
  const [recovery, setRecovery] = createSignal(false);
  let codeInput: HTMLInputElement | undefined;
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(securitySchemas().then((m) => m.secondFactorInput), { ticket: props.ticket, code: form.values.code });
    if (!input) return;
    void form.run(async () => {
      const result = await trpc.auth.secondFactor.mutate(input).catch((error: unknown) => {
        const failure = readError(error);
        // The ticket ran out (time, wrong codes): the password again.
        if (failure.reason === "auth.ticketInvalid") props.onBack(failure);
        throw error;
      });
      props.onSignedIn(result);
    });
  };
  const switchKind = () => {
    setRecovery(!recovery());
    form.reset();
    codeInput?.focus();
  };
  return (
    <>
      <h2 class="two-factor-step-title" tabindex="-1" ref={(el) => queueMicrotask(() => codeInput?.focus() ?? el.focus())}>
        {t("twoFactor.loginTitle")}
      </h2>
      <p class="muted">{recovery() ? t("twoFactor.loginRecoveryLead") : t("twoFactor.loginLead")}</p>
      <ErrorAlert message={form.alert()} />
      <form class="form" ref={form.ref} onSubmit={submit} novalidate>
        <OneTimeCodeField
          {...form.bind("code")}
          label={recovery() ? t("twoFactor.recoveryLabel") : t("twoFactor.codeLabel")}
          hint={recovery() ? t("twoFactor.recoveryHint") : t("twoFactor.loginHint")}
          inputmode={recovery() ? "text" : "numeric"}
          ref={(el: HTMLInputElement) => (codeInput = el)}
        />
        <button type="button" class="two-factor-switch" onClick={switchKind}>
          {recovery() ? t("twoFactor.useApp") : t("twoFactor.useRecovery")}
        </button>
        <button type="submit" class="btn btn-primary btn-block" disabled={form.pending()}>
          {form.pending() ? t("login.submitting") : t("twoFactor.loginSubmit")}
        </button>
      </form>
      <Show when={props.methods.includes("passkey")}>
        <PasskeySignInButton ticket={props.ticket} onSignedIn={props.onSignedIn} />
      </Show>
      <p class="form-links">
        <button type="button" class="two-factor-switch" onClick={() => props.onBack()}>
          {t("twoFactor.back")}
        </button>
      </p>
    </>
  );
}

export default function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation<{ notice?: string } | undefined>();
  const [params] = useSearchParams<{ next?: string }>();
  const form = createForm({ email: "", password: "" });
  /** Set while the password was right and a second factor is asked for. */
  const [step, setStep] = createSignal<{ ticket: string; methods: SecondFactorMethod[] } | null>(null);

  /** Every way a sign-in ends here (password, code, passkey). */
  const onSignedIn = (result: SignedIn) => {
    setSignedIn(result.user);
    if (result.deletionCancelled) {
      pushToast({
        heading: t("twoFactor.deletionCancelled"),
        text: t("twoFactor.deletionCancelledText"),
        from: result.user,
        at: Date.now(),
      });
    }
    navigate(safeNext(params.next), { replace: true });
  };
  /** Set while the last answer was "suspended": its end, or null for good. */
  const [suspended, setSuspended] = createSignal<{ until: number | null } | null>(null);
  const alert = () => {
    const s = suspended();
    if (!s || form.failure()?.reason !== "auth.suspended") return form.alert();
    return s.until === null ? t("suspended.forever") : t("suspended.until", { date: formatDateTime(s.until) });
  };
  const notice = () => {
    const key = location.state?.notice;
    return key && isMessageKey(key) && !form.failure() ? t(key) : null;
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(authSchemas().then((m) => m.signInInput));
    if (!input) return;
    void form
      .run(async () => {
        setSuspended(null);
        const result = await trpc.auth.signIn.mutate(input).catch((error: unknown) => {
          const until = suspendedUntilOf(error);
          if (until !== undefined) setSuspended({ until });
          throw error;
        });
        if (result.status === "signed_in") {
          onSignedIn(result);
        } else if (result.status === "second_factor") {
          setStep({ ticket: result.ticket, methods: result.methods });
          form.set("password")("");
        } else if (result.status === "verify_email") {
          rememberResendAfter(result.email, result.resendAfterSeconds);
          navigate(`/verify?email=${encodeURIComponent(result.email)}`);
        }
      })
      .then((ok) => ok || form.set("password")(""));
  };

  return (
    <Page title={t("login.title")} class="auth-page" lead={<p class="lead">{t("login.subtitle")}</p>}>
      <section class="card">
        <Show
          when={step()}
          fallback={
            <>
              <StatusMessage tone="info" message={notice()} />
              <ErrorAlert message={alert()} />
              <Show when={form.failure()?.reason === "errors.rateLimited"}>
                <p class="muted">
                  {t("login.lockedHint")} <a href="/forgot-password">{t("login.forgot")}</a>
                </p>
              </Show>
              <form class="form" ref={form.ref} onSubmit={submit} novalidate>
                <EmailField {...form.bind("email")} />
                <CurrentPasswordField {...form.bind("password")} />
                <button type="submit" class="btn btn-primary btn-block" disabled={form.pending()}>
                  {form.pending() ? t("login.submitting") : t("login.submit")}
                </button>
              </form>
              <PasskeySignInButton onSignedIn={onSignedIn} />
              <p class="form-links">
                <a href="/forgot-password">{t("login.forgot")}</a>
                <span>
                  {t("login.noAccount")} <a href="/register">{t("login.registerLink")}</a>
                </span>
              </p>
            </>
          }
        >
          {(current) => (
            <SecondFactorStep
              ticket={current().ticket}
              methods={current().methods}
              onSignedIn={onSignedIn}
              onBack={(error) => {
                setStep(null);
                form.set("password")("");
                if (error) form.fail(error);
              }}
            />
          )}
        </Show>
      </section>
    </Page>
  );
}
