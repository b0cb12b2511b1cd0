/** Settings → Password: the current one, a new one, and whether to sign out everywhere else. */
import { createSignal } from "solid-js";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { CheckboxField, CurrentPasswordField, Field } from "../../components/Field.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { t } from "../../i18n/index.ts";
import { createForm } from "../../lib/form.ts";
import { trpc } from "../../lib/trpc.ts";
import { SettingsSection } from "./SettingsSection.tsx";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/profiles.ts");

export function PasswordSection() {
  const form = createForm({ currentPassword: "", newPassword: "" });
  const [signOutOthers, setSignOutOthers] = createSignal(true);
  const [done, setDone] = createSignal<string | null>(null);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setDone(null);
    const input = await form.validate(schemas().then((m) => m.changePasswordInput), { ...form.values, signOutOtherSessions: signOutOthers() });
    if (!input) return;
    void form.run(async () => {
      await trpc.settings.changePassword.mutate(input);
      form.reset();
      setDone(input.signOutOtherSessions ? t("password.changedOthersOut") : t("password.changed"));
    });
  };

  return (
    <SettingsSection id="settings-password" title={t("settings.password")}>
      <ErrorAlert message={form.alert()} />
      <StatusMessage message={done()} />
      <form class="form" ref={form.ref} onSubmit={submit} novalidate>
        <CurrentPasswordField {...form.bind("currentPassword")} label={t("field.currentPassword")} />
        <Field
          {...form.bind("newPassword")}
          type="password"
          label={t("field.newPassword")}
          autocomplete="new-password"
          required
          hint={t("field.passwordHint")}
        />
        <CheckboxField
          name="signOutOtherSessions"
          label={t("password.signOutOthers")}
          checked={signOutOthers()}
          onChecked={setSignOutOthers}
        />
        <FormActions pending={form.pending()} label={t("password.submit")} pendingLabel={t("common.saving")} />
      </form>
    </SettingsSection>
  );
}
