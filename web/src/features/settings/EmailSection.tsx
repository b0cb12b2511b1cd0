/**
 * Settings → Email: the current address; changing it takes the password and the new address,
 * then the 6-digit code sent to the new address. While a change waits for its code, that state
 * is shown (it survives a reload: Settings.pendingEmail) and can be cancelled. The forms are a
 * chunk of their own (EmailChange.tsx), fetched when wanted.
 */
import { createSignal, Show } from "solid-js";
import type { Settings } from "../../../../shared/profiles.ts";
import { StatusMessage } from "../../components/Alert.tsx";
import { lazyPart } from "../../components/lazy-parts.tsx";
import { t } from "../../i18n/index.ts";
import { SettingsSection } from "./SettingsSection.tsx";

const emailChange = () => import("./EmailChange.tsx");
const RequestForm = lazyPart(() => emailChange().then((m) => m.RequestForm));
const ConfirmForm = lazyPart(() => emailChange().then((m) => m.ConfirmForm));

export function EmailSection(props: { settings: Settings; onSettings: (s: Settings) => void }) {
  const [changing, setChanging] = createSignal(false);
  const [changed, setChanged] = createSignal(false);
  return (
    <SettingsSection id="settings-email" title={t("settings.email")}>
      <StatusMessage message={changed() ? t("email.changed") : null} />
      <p>
        <span class="muted">{t("email.current")}:</span> <strong>{props.settings.email}</strong>
      </p>
      <Show
        when={props.settings.pendingEmail}
        fallback={
          <Show
            when={changing()}
            fallback={
              <button type="button" class="btn" onClick={() => (setChanged(false), setChanging(true))}>
                {t("email.change")}
              </button>
            }
          >
            <RequestForm
              onCancel={() => setChanging(false)}
              onRequested={(pendingEmail) => {
                setChanging(false);
                props.onSettings({ ...props.settings, pendingEmail });
              }}
            />
          </Show>
        }
      >
        {(pending) => <ConfirmForm pendingEmail={pending()} onSettings={props.onSettings} onDone={() => setChanged(true)} />}
      </Show>
    </SettingsSection>
  );
}
