/**
 * Settings → Notifications: one checkbox per kind (checked: shown at the bell), read with
 * `notifications.settings` and saved with `notifications.updateSettings({ hidden })`. A kind
 * switched off is neither listed nor counted (the bell's number follows at once).
 */
import { createSignal, For } from "solid-js";
import type { NotificationKind } from "../../../../shared/notifications.ts";
import { NOTIFICATION_KINDS } from "../../../../shared/notification-rules.ts";
import { t, type MessageKey } from "../../i18n/index.ts";
import { trpc } from "../../lib/trpc.ts";
import { createSave, LoadedSettingsSection, SaveForm } from "./SettingsForm.tsx";
import "../notifications/notification-kinds.css";

function KindsForm(props: { hidden: readonly NotificationKind[] }) {
  const [hidden, setHidden] = createSignal<ReadonlySet<NotificationKind>>(new Set(props.hidden));
  const save = createSave(
    () => trpc.notifications.updateSettings.mutate({ hidden: NOTIFICATION_KINDS.filter((k) => hidden().has(k)) }),
    (answer) => setHidden(new Set(answer.hidden)),
  );

  const toggle = (kind: NotificationKind, shown: boolean) => {
    const next = new Set(hidden());
    if (shown) next.delete(kind);
    else next.add(kind);
    setHidden(next);
    save.changed();
  };

  return (
    <SaveForm save={save} saved={t("notifications.saved")} class="notification-settings" label={t("notifications.settingsTitle")}>
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
    </SaveForm>
  );
}

export function NotificationsSection() {
  return (
    <LoadedSettingsSection
      id="settings-notifications"
      title={t("notifications.settingsTitle")}
      lead={t("notifications.settingsLead")}
      read={() => trpc.notifications.settings.query()}
    >
      {(value) => <KindsForm hidden={value.hidden} />}
    </LoadedSettingsSection>
  );
}
