/** /forgot-password: ask for a reset link. The answer never says whether the account exists. */
import { createSignal, Show } from "solid-js";
import { AUTH_LIMITS } from "../../../../shared/auth-rules.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { EmailField } from "../../components/Field.tsx";
import { Page } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";
import { trpc } from "../../lib/trpc.ts";
import { createForm } from "../../lib/form.ts";
import "./auth.css";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/auth.ts");

export default function ForgotPasswordPage() {
  const form = createForm({ email: "" });
  const [sentTo, setSentTo] = createSignal<string | null>(null);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.emailOnlyInput));
    if (!input) return;
    setSentTo(null);
    void form.run(async () => {
      await trpc.auth.requestPasswordReset.mutate(input);
      setSentTo(input.email);
    });
  };

  return (
    <Page title={t("forgot.title")} class="auth-page" lead={<p class="lead">{t("forgot.text")}</p>}>
      <section class="card">
        <ErrorAlert message={form.alert()} />
        <StatusMessage
          message={sentTo() ? t("forgot.sent", { email: sentTo()!, minutes: AUTH_LIMITS.resetTokenTtlMinutes }) : null}
        />
        <Show when={!sentTo()}>
          <form class="form" ref={form.ref} onSubmit={submit} novalidate>
            <EmailField {...form.bind("email")} />
            <button type="submit" class="btn btn-primary btn-block" disabled={form.pending()}>
              {form.pending() ? t("forgot.submitting") : t("forgot.submit")}
            </button>
          </form>
        </Show>
        <p class="form-links">
          <a href="/login">{t("forgot.backToLogin")}</a>
        </p>
      </section>
    </Page>
  );
}
