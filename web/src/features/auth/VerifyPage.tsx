/**
 * /verify?email=…: enter the 6-digit code from the email. Submits by itself once all boxes are
 * filled; a wrong code clears the boxes. "Send a new code" counts down the server's cooldown.
 */
import { useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { AUTH_LIMITS } from "../../../../shared/auth-rules.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { CodeField, createCodeEntry } from "../../components/CodeField.tsx";
import { EmailField } from "../../components/Field.tsx";
import { Page } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { setSignedIn } from "../../lib/session.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { createForm, loadSchema } from "../../lib/form.ts";
import { createResendCountdown } from "./resend-timer.ts";
import "./auth.css";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/auth.ts");


export default function VerifyPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ email?: string }>();
  const fromLink = typeof params.email === "string" && params.email.length > 0;
  const form = createForm({ email: fromLink ? String(params.email) : "", code: "" });
  const code = createCodeEntry(form.set("code"));
  const [resending, setResending] = createSignal(false);
  const [resendError, setResendError] = createSignal<AppError | null>(null);
  const [resentTo, setResentTo] = createSignal<string | null>(null);
  const countdown = createResendCountdown(() => form.values.email.trim().toLowerCase());

  const codeErrors = () => form.errors("code");

  const verify = async () => {
    const input = await form.validate(schemas().then((m) => m.verifyEmailInput));
    if (!input) {
      const emailErrors = form.errors("email");
      // The address came in the link, so there is no field to show its error under.
      if (fromLink && emailErrors?.[0]) form.fail({ reason: emailErrors[0] });
      if (!emailErrors) code.focus();
      return;
    }
    setResentTo(null);
    void form
      .run(async () => {
        const { user } = await trpc.auth.verifyEmail.mutate(input);
        setSignedIn(user);
        navigate("/", { replace: true });
      })
      .then((ok) => ok || code.clear());
  };

  const resend = async () => {
    const emailOnlyInput = await loadSchema(schemas().then((m) => m.emailOnlyInput));
    if (!emailOnlyInput) return setResendError({ reason: "errors.network" });
    const parsed = emailOnlyInput.safeParse({ email: form.values.email });
    if (!parsed.success) {
      await form.validate(emailOnlyInput);
      return;
    }
    setResending(true);
    setResendError(null);
    setResentTo(null);
    form.clearFailure();
    try {
      const sent = await trpc.auth.resendCode.mutate(parsed.data);
      countdown.restart(sent.resendAfterSeconds);
      setResentTo(sent.email);
      code.clear();
    } catch (error) {
      const failure = readError(error);
      if (failure.retryAfterSeconds) countdown.restart(failure.retryAfterSeconds);
      setResendError(failure);
    } finally {
      setResending(false);
    }
  };

  const resendLabel = () => {
    if (resending()) return t("verify.resending");
    const left = countdown.secondsLeft();
    return left > 0 ? t("verify.resendIn", { seconds: left }) : t("verify.resend");
  };

  return (
    <Page
      title={t("verify.title")}
      class="auth-page"
      lead={
        <p class="lead">
          {fromLink
            ? t("verify.sentTo", { email: form.values.email, minutes: AUTH_LIMITS.codeTtlMinutes })
            : t("verify.askEmail")}
        </p>
      }
    >
      <section class="card">
        <ErrorAlert message={form.alert() ?? (resendError() ? errorText(resendError()!) : null)} />
        <StatusMessage message={resentTo() ? t("verify.resent", { email: resentTo()! }) : null} />
        <form
          class="form"
          ref={form.ref}
          novalidate
          onSubmit={(e) => {
            e.preventDefault();
            verify();
          }}
        >
          <Show when={!fromLink}>
            <EmailField {...form.bind("email")} />
          </Show>
          <CodeField
            label={t("verify.codeLabel")}
            hint={t("verify.codeHint")}
            {...code.field}
            onComplete={verify}
            errors={codeErrors()}
            invalid={form.failure()?.reason?.startsWith("auth.code") === true}
            disabled={form.pending()}
          />
          <button type="submit" class="btn btn-primary btn-block" disabled={form.pending()}>
            {form.pending() ? t("verify.submitting") : t("verify.submit")}
          </button>
        </form>
        <div class="resend">
          <button
            type="button"
            class="btn"
            disabled={resending() || countdown.secondsLeft() > 0}
            onClick={() => void resend()}
          >
            {resendLabel()}
          </button>
          <p class="muted">{t("verify.resendHint")}</p>
          <p class="muted">
            {t("verify.wrongEmail")} <a href="/register">{t("verify.registerAgain")}</a>
          </p>
        </div>
        <Show when={import.meta.env.DEV}>
          <p class="dev-note">
            {t("verify.devOutbox")} <a href="/dev/outbox">/dev/outbox</a>
          </p>
        </Show>
      </section>
    </Page>
  );
}
