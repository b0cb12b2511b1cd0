/**
 * "A new version is available — Update": a small banner (role="status", so a screen reader
 * reads it once), bottom left on wide screens and at the top on phones (clear of the toasts).
 * Shown by web/src/lib/pwa.ts when a new service worker waits; "Update" hands over to it (the
 * page then reloads), "Later" hides the banner until the next page load.
 */
import { createSignal, Show } from "solid-js";
import { render } from "solid-js/web";
import { t } from "../../i18n/index.ts";
import "./update-prompt.css";

const [accept, setAccept] = createSignal<(() => void) | null>(null);
const [updating, setUpdating] = createSignal(false);
let mounted = false;

function UpdatePrompt() {
  return (
    <Show when={accept()}>
      {(run) => (
        <div class="update-prompt" role="status">
          <p class="update-prompt-text">{t("pwa.updateReady")}</p>
          <div class="update-prompt-actions">
            <button type="button" class="btn btn-small" disabled={updating()} onClick={() => setAccept(null)}>
              {t("pwa.later")}
            </button>
            <button
              type="button"
              class="btn btn-primary btn-small"
              disabled={updating()}
              onClick={() => {
                setUpdating(true);
                run()();
              }}
            >
              {updating() ? t("pwa.updating") : t("pwa.update")}
            </button>
          </div>
        </div>
      )}
    </Show>
  );
}

/** Shows the banner; `onAccept` runs when the person chooses to update. */
export function showUpdatePrompt(onAccept: () => void): void {
  if (!mounted) {
    mounted = true;
    const host = document.createElement("div");
    document.body.append(host);
    render(() => <UpdatePrompt />, host);
  }
  setUpdating(false);
  setAccept(() => onAccept);
}
