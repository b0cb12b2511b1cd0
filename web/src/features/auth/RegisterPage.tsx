/** /register: create an account; the server mails a code and we continue at /verify. */
import { useNavigate } from "@solidjs/router";
import { ErrorAlert } from "../../components/Alert.tsx";
import { EmailField, Field } from "../../components/Field.tsx";
import { Page } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";
import { trpc } from "../../lib/trpc.ts";
import { createForm } from "../../lib/form.ts";
import { rememberResendAfter } from "./resend-timer.ts";
import "./auth.css";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/auth.ts");

export default function RegisterPage() {
  const navigate = useNavigate();
  const form = createForm({ email: "", username: "", firstName: "", lastName: "", password: "" });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.registerInput));
    if (!input) return;
    void form.run(async () => {
      const sent = await trpc.auth.register.mutate(input);
      rememberResendAfter(sent.email, sent.resendAfterSeconds);
      navigate(`/verify?email=${encodeURIComponent(sent.email)}`);
    });
  };

  return (
    <Page title={t("register.title")} class="auth-page" lead={<p class="lead">{t("register.subtitle")}</p>}>
      <section class="card">
        <ErrorAlert message={form.alert()} />
        <form class="form" ref={form.ref} onSubmit={submit} novalidate>
          <EmailField {...form.bind("email")} />
          <Field
            {...form.bind("username")}
            label={t("field.username")}
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            hint={t("field.usernameHint")}
          />
          <div class="form-row">
            <Field
              {...form.bind("firstName")}
              label={t("field.firstName")}
              autocomplete="given-name"
              required
            />
            <Field
              {...form.bind("lastName")}
              label={t("field.lastName")}
              autocomplete="family-name"
              required
            />
          </div>
          <Field
            {...form.bind("password")}
            type="password"
            label={t("field.password")}
            autocomplete="new-password"
            required
            hint={t("field.passwordHint")}
          />
          <button type="submit" class="btn btn-primary btn-block" disabled={form.pending()}>
            {form.pending() ? t("register.submitting") : t("register.submit")}
          </button>
        </form>
        <p class="form-links">
          <span>
            {t("register.haveAccount")} <a href="/login">{t("register.signInLink")}</a>
          </span>
        </p>
      </section>
    </Page>
  );
}
