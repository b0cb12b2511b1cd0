/**
 * /login: email + password. An unverified account continues at /verify with a fresh code. A
 * suspended account (FORBIDDEN "auth.suspended") is told until when, or that it is for good.
 */
import { A, useLocation, useNavigate, useSearchParams } from "@solidjs/router";
import { TRPCClientError } from "@trpc/client";
import { createSignal, Show } from "solid-js";
import { signInInput } from "../../../../shared/auth.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { EmailField, Field } from "../../components/Field.tsx";
import { Page } from "../../components/Page.tsx";
import { formatDateTime, isMessageKey, t } from "../../i18n/index.ts";
import { setSignedIn } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { createForm } from "../../lib/form.ts";
import { rememberResendAfter } from "./resend-timer.ts";

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

export default function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation<{ notice?: string } | undefined>();
  const [params] = useSearchParams<{ next?: string }>();
  const form = createForm({ email: "", password: "" });
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

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const input = form.validate(signInInput);
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
          setSignedIn(result.user);
          navigate(safeNext(params.next), { replace: true });
        } else {
          rememberResendAfter(result.email, result.resendAfterSeconds);
          navigate(`/verify?email=${encodeURIComponent(result.email)}`);
        }
      })
      .then((ok) => ok || form.set("password")(""));
  };

  return (
    <Page title={t("login.title")} class="auth-page" lead={<p class="lead">{t("login.subtitle")}</p>}>
      <section class="card">
        <StatusMessage tone="info" message={notice()} />
        <ErrorAlert message={alert()} />
        <Show when={form.failure()?.reason === "errors.rateLimited"}>
          <p class="muted">
            {t("login.lockedHint")} <A href="/forgot-password">{t("login.forgot")}</A>
          </p>
        </Show>
        <form class="form" ref={form.ref} onSubmit={submit} novalidate>
          <EmailField {...form.bind("email")} />
          <Field
            {...form.bind("password")}
            type="password"
            label={t("field.password")}
            autocomplete="current-password"
            required
          />
          <button type="submit" class="btn btn-primary btn-block" disabled={form.pending()}>
            {form.pending() ? t("login.submitting") : t("login.submit")}
          </button>
        </form>
        <p class="form-links">
          <A href="/forgot-password">{t("login.forgot")}</A>
          <span>
            {t("login.noAccount")} <A href="/register">{t("login.registerLink")}</A>
          </span>
        </p>
      </section>
    </Page>
  );
}
