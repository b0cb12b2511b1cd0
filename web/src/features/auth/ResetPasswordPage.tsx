/**
 * /reset-password#token=…: set a new password. The token travels in the URL fragment (never sent
 * to servers); we read it once and drop it from the address bar. Success signs out everywhere.
 */
import { createSignal, Show } from "solid-js";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { Field } from "../../components/Field.tsx";
import { Page } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";
import { setSignedOut } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { createForm } from "../../lib/form.ts";
import "./auth.css";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/auth.ts");

function takeTokenFromHash(): string {
  const token = new URLSearchParams(location.hash.replace(/^#/, "")).get("token") ?? "";
  if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
  return token;
}

export default function ResetPasswordPage() {
  const form = createForm({ token: takeTokenFromHash(), password: "" });
  const [done, setDone] = createSignal(false);
  const tokenProblem = () => form.errors("token")?.[0] ?? (form.values.token ? null : "auth.resetTokenInvalid");

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.resetPasswordInput));
    if (!input) return;
    void form.run(async () => {
      await trpc.auth.resetPassword.mutate(input);
      setSignedOut();
      setDone(true);
    });
  };

  return (
    <Page title={t("reset.title")} class="auth-page" lead={<p class="lead">{t("reset.text")}</p>}>
      <section class="card">
        <Show
          when={!done()}
          fallback={
            <>
              <StatusMessage message={t("reset.done")} />
              <a href="/login" class="btn btn-primary btn-block">
                {t("reset.goToLogin")}
              </a>
            </>
          }
        >
          <Show
            when={!tokenProblem() && form.failure()?.reason !== "auth.resetTokenInvalid"}
            fallback={
              <>
                <ErrorAlert message={t("auth.resetTokenInvalid")} />
                <a href="/forgot-password" class="btn btn-primary btn-block">
                  {t("reset.requestNew")}
                </a>
              </>
            }
          >
            <ErrorAlert message={form.alert()} />
            <form class="form" ref={form.ref} onSubmit={submit} novalidate>
              <Field
                {...form.bind("password")}
                type="password"
                label={t("field.newPassword")}
                autocomplete="new-password"
                required
                hint={t("field.passwordHint")}
              />
              <button type="submit" class="btn btn-primary btn-block" disabled={form.pending()}>
                {form.pending() ? t("reset.submitting") : t("reset.submit")}
              </button>
            </form>
          </Show>
        </Show>
      </section>
    </Page>
  );
}
