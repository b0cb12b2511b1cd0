/**
 * Settings → "Сповіщення на пристрої" (issue 15): turn this device's system notifications on
 * (the browser asks for permission, then subscribes with the server's VAPID key) or off, and
 * choose whether they show message text. A browser that cannot (no service worker or Push API,
 * or notifications blocked for the site) is told so, and offered nothing it cannot do.
 */
import { createSignal, Match, Show, Switch } from "solid-js";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { readError, TRPCClientError } from "../../lib/trpc.ts";
import { SettingsSection } from "../settings/SettingsSection.tsx";
import type { DeviceState } from "./device-push.ts";

/** The device side (service worker, Push API): fetched with the first look at this device's state, which is asynchronous anyway. */
const device = () => import("./device-push.ts");

export function PushSection() {
  const [state, setState] = createSignal<DeviceState | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [status, setStatus] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const failureText = (e: unknown) => (e instanceof TRPCClientError ? errorText(readError(e)) : t("push.failed"));

  device().then((d) => d.readDeviceState()).then(setState, () => setState({ kind: "ready", subscribed: false, showText: false }));

  const run = async (work: () => Promise<DeviceState>, done: (s: DeviceState) => string | null) => {
    setBusy(true);
    setStatus(null);
    setError(null);
    try {
      const next = await work();
      setState(next);
      setStatus(done(next));
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(false);
    }
  };
  const ready = () => {
    const s = state();
    return s?.kind === "ready" ? s : null;
  };

  return (
    <SettingsSection id="settings-push" title={t("push.title")} lead={t("push.lead")}>
      <div class="push-settings" aria-busy={busy() || state() === null}>
        <Switch>
          <Match when={state()?.kind === "unsupported"}>
            <p class="muted push-unsupported">{t("push.unsupported")}</p>
          </Match>
          <Match when={state()?.kind === "denied"}>
            <p class="push-denied">{t("push.denied")}</p>
          </Match>
          <Match when={ready()}>
            {(s) => (
              <>
                <p class="push-state">{s().subscribed ? t("push.on") : t("push.off")}</p>
                <Show
                  when={s().subscribed}
                  fallback={
                    <button
                      type="button"
                      class="btn btn-primary push-enable"
                      disabled={busy()}
                      onClick={() => run(() => device().then((d) => d.enablePush(s().showText)), (n) => (n.kind === "ready" && n.subscribed ? t("push.enabled") : n.kind === "ready" ? t("push.notAllowed") : null))}
                    >
                      {busy() ? t("push.working") : t("push.enable")}
                    </button>
                  }
                >
                  <label class="push-show-text">
                    <input
                      type="checkbox"
                      name="push-show-text"
                      checked={s().showText}
                      disabled={busy()}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        void run(() => device().then((d) => d.setShowText(on)), () => t("push.saved"));
                      }}
                    />
                    <span>{t("push.showText")}</span>
                  </label>
                  <p class="muted push-hint">{t("push.showTextHint")}</p>
                  <button type="button" class="btn push-disable" disabled={busy()} onClick={() => run(() => device().then((d) => d.disablePush()), () => t("push.disabled"))}>
                    {busy() ? t("push.working") : t("push.disable")}
                  </button>
                </Show>
              </>
            )}
          </Match>
        </Switch>
        <ErrorAlert message={error()} />
        <StatusMessage message={status()} />
      </div>
    </SettingsSection>
  );
}
