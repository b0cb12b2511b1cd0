/**
 * /settings (signed in only): profile, avatar, signature, password, email, privacy, notifications, blocked people,
 * storage and a link to the sessions page — one page of sections with a table of contents at the top.
 */
import { For, Match, Switch } from "solid-js";
import type { Settings } from "../../../../shared/profiles.ts";
import { LoadFailure } from "../../components/LoadFailure.tsx";
import { Page } from "../../components/Page.tsx";
import { t, type MessageKey } from "../../i18n/index.ts";
import { createLoader } from "../../lib/load.ts";
import { trpc } from "../../lib/trpc.ts";
import { AvatarSection } from "./AvatarSection.tsx";
import { BlockedSection } from "./BlockedSection.tsx";
import { EmailSection } from "./EmailSection.tsx";
import { NotificationsSection } from "./NotificationsSection.tsx";
import { PushSection } from "../push/PushSection.tsx";
import { PasswordSection } from "./PasswordSection.tsx";
import { PrivacySection } from "./PrivacySection.tsx";
import { PresenceSettingsSection } from "../presence/PresenceSettings.tsx";
import { ProfileSection } from "./ProfileSection.tsx";
import { SettingsSection } from "./SettingsSection.tsx";
import { SignatureSection } from "./SignatureSection.tsx";
import { StorageSection } from "./StorageSection.tsx";
import { TwoFactorSection } from "../security/TwoFactorSection.tsx";
import { PasskeysSection } from "../passkeys/PasskeysSection.tsx";
import { DataExportSection } from "../data-export/DataExportSection.tsx";
import { DeleteAccountSection } from "../account-deletion/DeleteAccountSection.tsx";
import "./settings.css";

const SECTIONS: [id: string, key: MessageKey][] = [
  ["settings-profile", "settings.profile"],
  ["settings-avatar", "settings.avatar"],
  ["settings-signature", "settings.signature"],
  ["settings-password", "settings.password"],
  ["settings-email", "settings.email"],
  ["settings-two-factor", "twoFactor.title"],
  ["settings-passkeys", "passkeys.title"],
  ["settings-privacy", "privacy.title"],
  ["settings-notifications", "notifications.settingsTitle"],
  ["settings-push", "push.title"],
  ["settings-blocked", "blocks.title"],
  ["settings-storage", "settings.storage"],
  ["settings-sessions", "settings.sessions"],
  ["settings-data", "dataExport.title"],
  ["settings-delete", "accountDeletion.title"],
];

function Contents() {
  return (
    <nav class="settings-toc" aria-label={t("settings.contents")}>
      <ul>
        <For each={SECTIONS}>
          {([id, key]) => (
            <li>
              <a href={`#${id}`}>{t(key)}</a>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}

function SettingsView(props: { settings: Settings; onSettings: (s: Settings) => void }) {
  const [usage, { refetch: refreshUsage }] = createLoader(() => true, () => trpc.media.usage.query());
  const storageChanged = () => void refreshUsage();
  return (
    <Page title={t("settings.title")} class="settings-page">
      <Contents />
      <div class="settings-sections">
        <ProfileSection settings={props.settings} onSaved={props.onSettings} />
        <AvatarSection settings={props.settings} onStorageChanged={storageChanged} />
        <SignatureSection settings={props.settings} onStorageChanged={storageChanged} />
        <PasswordSection />
        <EmailSection settings={props.settings} onSettings={props.onSettings} />
        <TwoFactorSection />
        <PasskeysSection />
        <PrivacySection />
        <PresenceSettingsSection />
        <NotificationsSection />
        <PushSection />
        <BlockedSection />
        <StorageSection usage={usage()?.value ?? props.settings.storage} />
        <SettingsSection id="settings-sessions" title={t("settings.sessions")} lead={t("settings.sessionsLead")}>
          <a href="/settings/sessions" class="btn">
            {t("settings.openSessions")}
          </a>
        </SettingsSection>
        <DataExportSection />
        <DeleteAccountSection />
      </div>
    </Page>
  );
}

export default function SettingsPage() {
  const [settings, { refetch, mutate }] = createLoader(() => true, () => trpc.settings.get.query());
  return (
    <Switch fallback={<p class="loading" role="status">{t("app.loading")}</p>}>
      <Match when={settings()?.failure}>
        {(failure) => (
          <LoadFailure
            failure={failure()}
            notFoundTitle={t("notFound.title")}
            notFoundText={t("notFound.text")}
            onRetry={() => void refetch()}
          />
        )}
      </Match>
      <Match when={settings()?.value}>
        {(value) => <SettingsView settings={value()} onSettings={(next) => mutate({ value: next })} />}
      </Match>
    </Switch>
  );
}
