/** Settings → Storage: how much of the media quota the person's images take. */
import { Show } from "solid-js";
import type { StorageUsage } from "../../../../shared/media.ts";
import { formatBytes, t } from "../../i18n/index.ts";
import { SettingsSection } from "./SettingsSection.tsx";
import "../../components/uploads.css";

export function StorageSection(props: { usage: StorageUsage | undefined }) {
  const share = () => {
    const u = props.usage;
    return u && u.quotaBytes > 0 ? Math.min(1, u.usedBytes / u.quotaBytes) : 0;
  };
  return (
    <SettingsSection id="settings-storage" title={t("settings.storage")} lead={t("storage.lead")}>
      <Show when={props.usage} fallback={<p class="muted">{t("app.loading")}</p>}>
        {(usage) => (
          <>
            <p id="storage-text">
              {t("storage.used", {
                used: formatBytes(usage().usedBytes),
                quota: formatBytes(usage().quotaBytes),
                percent: Math.round(share() * 100),
              })}
            </p>
            <div class="usage-bar" aria-hidden="true" data-full={share() >= 0.9 ? "" : undefined}>
              <span style={{ width: `${share() * 100}%` }} />
            </div>
          </>
        )}
      </Show>
    </SettingsSection>
  );
}
