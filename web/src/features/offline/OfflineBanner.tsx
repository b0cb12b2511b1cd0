/**
 * "No connection — showing what was saved" (issue 15): under the header while a signed-in person
 * uses the app offline (offline-session.ts `offlineMode`), with what still works then: messages
 * wait and are sent once the connection is back; photos need the network. A status region, so a
 * screen reader says it once when it appears.
 */
import { Show } from "solid-js";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { offlineMode } from "./offline-session.ts";
import "./offline.css";

export function OfflineBanner() {
  return (
    <div role="status" class="offline-status">
      <Show when={offlineMode() && me()}>
        <p class="offline-banner">
          <strong>{t("offline.banner")}</strong> <span class="offline-hint">{t("offline.bannerHint")}</span>
        </p>
      </Show>
    </div>
  );
}
