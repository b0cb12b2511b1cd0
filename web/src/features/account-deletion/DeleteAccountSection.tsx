/**
 * Settings → Delete account (#17): what happens and when, the password (and a second-factor code
 * when two-factor is on), an "are you sure?", then the person is signed out and sent to
 * /account-deleted, which says the date and that signing in before it cancels the deletion.
 */
import { useNavigate } from "@solidjs/router";
import { createResource, createSignal, Show } from "solid-js";
import { ErrorAlert } from "../../components/Alert.tsx";
import { ConfirmDialog } from "../../components/lazy-parts.tsx";
import { CurrentPasswordField, OneTimeCodeField } from "../../components/Field.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { t } from "../../i18n/index.ts";
import { createForm } from "../../lib/form.ts";
import { resumeSocket, suspendSocket } from "../../lib/socket.ts";
import { trpc } from "../../lib/trpc.ts";
import { SettingsSection } from "../settings/SettingsSection.tsx";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/account-deletion.ts");

export function DeleteAccountSection() {
  const navigate = useNavigate();
  const form = createForm({ password: "", code: "" });
  const [confirming, setConfirming] = createSignal<{ password: string; code?: string | undefined } | null>(null);
  // Whether a code is needed; if the status cannot be read, the field is shown (it is optional).
  const [security] = createResource(() => trpc.security.status.query().catch(() => null));
  const needsCode = () => security()?.totpEnabled ?? security.state !== "pending";

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.requestAccountDeletionInput), { password: form.values.password, code: form.values.code.trim() || undefined });
    if (input) setConfirming(input);
  };

  const remove = async () => {
    const input = confirming();
    if (!input) return;
    let dueAt = 0;
    // The server closes this tab's socket too: paused, so that close is not taken for a
    // revocation from elsewhere (which would send the person to the sign-in page).
    suspendSocket();
    try {
      const ok = await form.run(async () => {
        ({ dueAt } = await trpc.accountDeletion.request.mutate(input));
      });
      if (!ok) return;
      // The page there marks this tab signed out once it is shown: done here, this signed-in-only
      // page would send the signed-out person to /login before the navigation lands.
      navigate(`/account-deleted?due=${dueAt}`, { replace: true, state: { signedOut: true } });
    } finally {
      resumeSocket();
    }
  };

  return (
    <SettingsSection id="settings-delete" title={t("accountDeletion.title")} lead={t("accountDeletion.lead")}>
      <p class="muted">{t("accountDeletion.chats")}</p>
      <ErrorAlert message={form.alert()} />
      <form class="form" ref={form.ref} onSubmit={submit} novalidate>
        <CurrentPasswordField {...form.bind("password")} />
        <Show when={needsCode()}>
          <OneTimeCodeField
            {...form.bind("code")}
            label={t("accountDeletion.codeLabel")}
            hint={t("accountDeletion.codeHint")}
            inputmode="text"
            required={security()?.totpEnabled === true}
          />
        </Show>
        <FormActions pending={form.pending()} label={t("accountDeletion.submit")} submitClass="btn btn-danger-solid" />
      </form>
      <Show when={confirming() !== null}>
        <ConfirmDialog
          open={confirming() !== null}
          onClose={() => setConfirming(null)}
          title={t("accountDeletion.confirmTitle")}
          message={t("accountDeletion.confirmText")}
          confirmLabel={t("accountDeletion.confirm")}
          onConfirm={remove}
        />
      </Show>
    </SettingsSection>
  );
}
