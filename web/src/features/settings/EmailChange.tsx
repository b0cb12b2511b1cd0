/**
 * Changing the email (Settings → Email, EmailSection.tsx): the request (password and the new
 * address) and, while a change waits, the 6-digit code sent to the new address. A chunk of its own,
 * fetched on "Change email" (or when the settings open with a change waiting for its code).
 */
import { createSignal } from "solid-js";
import type { Settings } from "../../../../shared/profiles.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { CodeField, createCodeEntry } from "../../components/CodeField.tsx";
import { CurrentPasswordField, Field } from "../../components/Field.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { t } from "../../i18n/index.ts";
import { createForm } from "../../lib/form.ts";
import { refreshMe } from "../../lib/session.ts";
import { readError, trpc } from "../../lib/trpc.ts";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/profiles.ts");

export function RequestForm(props: { onRequested: (pendingEmail: string) => void; onCancel: () => void }) {
  const form = createForm({ newEmail: "", password: "" });
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.requestEmailChangeInput));
    if (!input) return;
    void form.run(async () => {
      const sent = await trpc.settings.requestEmailChange.mutate(input);
      props.onRequested(sent.pendingEmail);
    });
  };
  return (
    <>
      <ErrorAlert message={form.alert()} />
      <form class="form" ref={form.ref} onSubmit={submit} novalidate>
        <Field
          {...form.bind("newEmail")}
          type="email"
          label={t("email.newAddress")}
          autocomplete="email"
          inputmode="email"
          required
        />
        <CurrentPasswordField {...form.bind("password")} hint={t("email.passwordHint")} />
        <FormActions
          pending={form.pending()}
          label={t("email.sendCode")}
          pendingLabel={t("email.sending")}
          onCancel={() => props.onCancel()}
        />
      </form>
    </>
  );
}

export function ConfirmForm(props: { pendingEmail: string; onSettings: (s: Settings) => void; onDone: () => void }) {
  const form = createForm({ code: "" });
  const code = createCodeEntry(form.set("code"));
  const [cancelling, setCancelling] = createSignal(false);

  const confirm = async () => {
    const input = await form.validate(schemas().then((m) => m.confirmEmailChangeInput));
    if (!input) {
      code.focus();
      return;
    }
    void form
      .run(async () => {
        props.onSettings(await trpc.settings.confirmEmailChange.mutate(input));
        props.onDone();
        void refreshMe();
      })
      .then((ok) => ok || code.clear());
  };

  const cancel = async () => {
    setCancelling(true);
    form.clearFailure();
    try {
      props.onSettings(await trpc.settings.cancelEmailChange.mutate());
    } catch (error) {
      form.fail(readError(error));
    } finally {
      setCancelling(false);
    }
  };

  return (
    <>
      <StatusMessage tone="info" message={t("email.pending", { email: props.pendingEmail })} />
      <ErrorAlert message={form.alert()} />
      <form
        class="form"
        ref={form.ref}
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          confirm();
        }}
      >
        <CodeField
          label={t("verify.codeLabel")}
          hint={t("email.codeHint")}
          {...code.field}
          onComplete={confirm}
          errors={form.errors("code")}
          invalid={form.failure()?.reason?.startsWith("auth.code") === true}
          disabled={form.pending()}
        />
        <FormActions
          pending={form.pending()}
          label={t("email.confirm")}
          pendingLabel={t("verify.submitting")}
          onCancel={() => void cancel()}
          cancelLabel={t("email.cancelChange")}
          cancelDisabled={cancelling()}
        />
      </form>
    </>
  );
}
