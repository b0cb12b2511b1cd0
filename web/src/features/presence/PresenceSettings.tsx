/**
 * Settings → "Presence and read receipts" (issue 13): whether others see my online status and
 * last-seen time, and whether they get my read receipts — both ways, as in Telegram. Read with
 * `presence.settings`, saved with `presence.updateSettings`.
 */
import { createSignal, createUniqueId } from "solid-js";
import type { PresenceSettings } from "../../../../shared/presence.ts";
import { t } from "../../i18n/index.ts";
import { trpc } from "../../lib/trpc.ts";
import { createSave, LoadedSettingsSection, SaveForm } from "../settings/SettingsForm.tsx";
import "../../components/field.css";

function Toggle(props: { label: string; hint: string; checked: boolean; onChange: (on: boolean) => void; name: string }) {
  const id = `presence-${createUniqueId()}`;
  return (
    <div class="field">
      <label class="choice">
        <input type="checkbox" name={props.name} checked={props.checked} aria-describedby={`${id}-hint`} onChange={(e) => props.onChange(e.currentTarget.checked)} />
        <span>{props.label}</span>
      </label>
      <p class="field-hint" id={`${id}-hint`}>
        {props.hint}
      </p>
    </div>
  );
}

function PresenceForm(props: { settings: PresenceSettings }) {
  const [lastSeen, setLastSeen] = createSignal(props.settings.lastSeenVisible);
  const [receipts, setReceipts] = createSignal(props.settings.readReceipts);
  const save = createSave(
    () => trpc.presence.updateSettings.mutate({ lastSeenVisible: lastSeen(), readReceipts: receipts() }),
    (next) => {
      setLastSeen(next.lastSeenVisible);
      setReceipts(next.readReceipts);
    },
  );
  const changed = (set: (on: boolean) => void) => (on: boolean) => {
    set(on);
    save.changed();
  };
  return (
    <SaveForm save={save} saved={t("presence.saved")} class="presence-form" label={t("presence.settingsTitle")}>
      <Toggle name="lastSeenVisible" label={t("presence.lastSeenVisible")} hint={t("presence.lastSeenVisibleHint")} checked={lastSeen()} onChange={changed(setLastSeen)} />
      <Toggle name="readReceipts" label={t("presence.readReceipts")} hint={t("presence.readReceiptsHint")} checked={receipts()} onChange={changed(setReceipts)} />
    </SaveForm>
  );
}

export function PresenceSettingsSection() {
  return (
    <LoadedSettingsSection
      id="settings-presence"
      title={t("presence.settingsTitle")}
      lead={t("presence.settingsLead")}
      read={() => trpc.presence.settings.query()}
    >
      {(value) => <PresenceForm settings={value} />}
    </LoadedSettingsSection>
  );
}
