/** Settings → Profile: names, username, bio (with a counter), birth date and whether to show it. */
import { createSignal } from "solid-js";
import type { Settings } from "../../../../shared/profiles.ts";
import { PROFILE_LIMITS } from "../../../../shared/profile-rules.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { CheckboxField, Field, TextAreaField } from "../../components/Field.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { t } from "../../i18n/index.ts";
import { createForm } from "../../lib/form.ts";
import { refreshMe } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { SettingsSection } from "./SettingsSection.tsx";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/profiles.ts");

/** Today as YYYY-MM-DD in the person's own time zone (the latest possible birth date). */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

export function ProfileSection(props: { settings: Settings; onSaved: (next: Settings) => void }) {
  const s = props.settings;
  const form = createForm({
    firstName: s.firstName,
    lastName: s.lastName,
    username: s.username,
    bio: s.bio,
    birthDate: s.birthDate ?? "",
  });
  const [showBirthDate, setShowBirthDate] = createSignal(s.showBirthDate);
  const [saved, setSaved] = createSignal(false);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setSaved(false);
    const input = await form.validate(schemas().then((m) => m.updateProfileInput), {
      ...form.values,
      birthDate: form.values.birthDate || null,
      showBirthDate: showBirthDate(),
    });
    if (!input) return;
    void form.run(async () => {
      const next = await trpc.settings.update.mutate(input);
      props.onSaved(next);
      form.reset({
        firstName: next.firstName,
        lastName: next.lastName,
        username: next.username,
        bio: next.bio,
        birthDate: next.birthDate ?? "",
      });
      setShowBirthDate(next.showBirthDate);
      setSaved(true);
      void refreshMe();
    });
  };

  return (
    <SettingsSection id="settings-profile" title={t("settings.profile")}>
      <ErrorAlert message={form.alert()} />
      <StatusMessage message={saved() ? t("settings.profileSaved") : null} />
      <form class="form" ref={form.ref} onSubmit={submit} novalidate onInput={() => setSaved(false)}>
        <div class="form-row">
          <Field {...form.bind("firstName")} label={t("field.firstName")} autocomplete="given-name" required />
          <Field {...form.bind("lastName")} label={t("field.lastName")} autocomplete="family-name" required />
        </div>
        <Field
          {...form.bind("username")}
          label={t("field.username")}
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          required
          hint={t("field.usernameHint")}
        />
        <TextAreaField {...form.bind("bio")} label={t("field.bio")} maxLength={PROFILE_LIMITS.bioMax} rows={5} />
        <Field
          {...form.bind("birthDate")}
          type="date"
          label={t("field.birthDate")}
          min={`${PROFILE_LIMITS.minBirthYear}-01-01`}
          max={today()}
          autocomplete="bday"
        />
        <CheckboxField
          name="showBirthDate"
          label={t("field.showBirthDate")}
          hint={t("field.showBirthDateHint")}
          checked={showBirthDate()}
          onChecked={(v) => {
            setShowBirthDate(v);
            setSaved(false);
          }}
        />
        <FormActions pending={form.pending()} label={t("common.save")} pendingLabel={t("common.saving")} />
      </form>
    </SettingsSection>
  );
}
