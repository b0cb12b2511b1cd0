/**
 * Settings → Notifications: one checkbox per kind (checked: shown at the bell), read with
 * `notifications.settings` and saved with `notifications.updateSettings({ hidden })`. A kind
 * switched off is neither listed nor counted (the bell's number follows at once).
 */
import { createSignal, For, Match, Switch } from "solid-js";
import { NOTIFICATION_KINDS, type NotificationKind } from "../../../../shared/notifications.ts";
import { ErrorAlert, StatusMessage, RetryAlert } from "../../components/Alert.tsx";
import { t, type MessageKey } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { SettingsSection } from "./SettingsSection.tsx";
import "../notifications/notifications.css";

function KindsForm(props: { hidden: readonly NotificationKind[] }) {
  const [hidden, setHidden] = createSignal<ReadonlySet<NotificationKind>>(new Set(props.hidden));
  const [pending, setPending] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);

  const toggle = (kind: NotificationKind, shown: boolean) => {
    const next = new Set(hidden());
    if (shown) next.delete(kind);
    else next.add(kind);
    setHidden(next);
    setSaved(false);
  };

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    setPending(true);
    setSaved(false);
    setFailure(null);
    try {
      const answer = await trpc.notifications.updateSettings.mutate({ hidden: NOTIFICATION_KINDS.filter((k) => hidden().has(k)) });
      setHidden(new Set(answer.hidden));
      setSaved(true);
    } catch (error) {
      setFailure(readError(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <StatusMessage message={saved() ? t("notifications.saved") : null} />
      <form class="form notification-settings" onSubmit={(e) => void submit(e)} novalidate aria-label={t("notifications.settingsTitle")}>
        <fieldset class="notification-kinds">
          <legend>{t("notifications.settingsLegend")}</legend>
          <For each={NOTIFICATION_KINDS}>
            {(kind) => (
              <label>
                <input type="checkbox" name={`show-${kind}`} checked={!hidden().has(kind)} onChange={(e) => toggle(kind, e.currentTarget.checked)} />
                <span>{t(`notifications.kind.${kind}` as MessageKey)}</span>
              </label>
            )}
          </For>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={pending()}>
            {pending() ? t("common.saving") : t("common.save")}
          </button>
        </div>
      </form>
    </>
  );
}

export function NotificationsSection() {
  const [settings, { refetch }] = createLoader(() => true, () => trpc.notifications.settings.query());
  return (
    <SettingsSection id="settings-notifications" title={t("notifications.settingsTitle")} lead={t("notifications.settingsLead")}>
      <Switch fallback={<p class="loading">{t("app.loading")}</p>}>
        <Match when={settings()?.failure}>
          {(failure) => (
            <RetryAlert failure={failure()} onRetry={() => void refetch()} />
          )}
        </Match>
        <Match when={settings()?.value}>{(value) => <KindsForm hidden={value().hidden} />}</Match>
      </Switch>
    </SettingsSection>
  );
}
