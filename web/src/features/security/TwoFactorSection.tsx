/**
 * Settings → Two-factor sign-in (#17): whether it is on and how many recovery codes are left.
 * Turning it on: the password → a QR code (and the key as text) for an authenticator app → a code
 * from the app → ten recovery codes, shown once (copy, download). Turning it off and making new
 * recovery codes each take the password and a current code (or a recovery code).
 */
import { createSignal, Match, Show, Switch } from "solid-js";
import type { TotpSetup } from "../../../../shared/security.ts";
import { RetryAlert, StatusMessage } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { createLoader } from "../../lib/load.ts";
import { lazyPart } from "../../components/lazy-parts.tsx";
import { trpc } from "../../lib/trpc.ts";
import { SettingsSection } from "../settings/SettingsSection.tsx";
import "./two-factor.css";

/** Each step: fetched (one chunk, TwoFactorSteps.tsx) when a person starts a change. */
const steps = () => import("./TwoFactorSteps.tsx");
const BeginForm = lazyPart(() => steps().then((m) => m.BeginForm));
const SetupView = lazyPart(() => steps().then((m) => m.SetupView));
const CodesView = lazyPart(() => steps().then((m) => m.CodesView));
const ConfirmForm = lazyPart(() => steps().then((m) => m.ConfirmForm));

type View =
  | { kind: "idle" }
  | { kind: "password" }
  | { kind: "setup"; setup: TotpSetup }
  | { kind: "codes"; codes: string[] }
  | { kind: "confirm"; action: "off" | "renew" };

export function TwoFactorSection() {
  const [status, { refetch }] = createLoader(() => true, () => trpc.security.status.query());
  const [view, setView] = createSignal<View>({ kind: "idle" });
  const [done, setDone] = createSignal<string | null>(null);
  const go = (next: View) => {
    setDone(null);
    setView(next);
  };
  const state = () => status()?.value;
  /** After a change: the status again, and `message` above what comes next. */
  const changed = (next: View, message: string) => {
    void refetch();
    setView(next);
    setDone(message);
  };
  const viewOf = <K extends View["kind"]>(kind: K) => {
    const v = view();
    return v.kind === kind ? (v as Extract<View, { kind: K }>) : null;
  };

  return (
    <SettingsSection id="settings-two-factor" title={t("twoFactor.title")} lead={t("twoFactor.lead")}>
      <StatusMessage message={done()} />
      <Show when={status()?.failure}>{(failure) => <RetryAlert failure={failure()} onRetry={() => void refetch()} />}</Show>
      <Show when={state()}>
        {(s) => (
          <Switch>
            <Match when={view().kind === "idle"}>
              <p class="two-factor-state">
                <span class="visually-hidden">{t("twoFactor.statusLabel")}: </span>
                <span class={s().totpEnabled ? "two-factor-badge is-on" : "two-factor-badge"} data-testid="two-factor-state">
                  {s().totpEnabled ? t("twoFactor.on") : t("twoFactor.off")}
                </span>
                <Show when={s().totpEnabled}>
                  <span class="muted">{t("twoFactor.codesLeft", { n: s().recoveryCodesLeft })}</span>
                </Show>
              </p>
              <Show when={s().totpEnabled && s().recoveryCodesLeft <= 3}>
                <p class="muted">{t("twoFactor.codesLow")}</p>
              </Show>
              <div class="two-factor-actions">
                <Show
                  when={s().totpEnabled}
                  fallback={
                    <button type="button" class="btn btn-primary" onClick={() => go({ kind: "password" })}>
                      {t("twoFactor.turnOn")}
                    </button>
                  }
                >
                  <button type="button" class="btn" onClick={() => go({ kind: "confirm", action: "renew" })}>
                    {t("twoFactor.renew")}
                  </button>
                  <button type="button" class="btn btn-danger" onClick={() => go({ kind: "confirm", action: "off" })}>
                    {t("twoFactor.turnOff")}
                  </button>
                </Show>
              </div>
            </Match>
            <Match when={view().kind === "password"}>
              <BeginForm onSetup={(setup) => go({ kind: "setup", setup })} onCancel={() => go({ kind: "idle" })} />
            </Match>
            <Match when={viewOf("setup")}>
              {(v) => (
                <SetupView
                  setup={v().setup}
                  onEnabled={(codes) => changed({ kind: "codes", codes }, t("twoFactor.enabled"))}
                  onCancel={() => go({ kind: "idle" })}
                />
              )}
            </Match>
            <Match when={viewOf("codes")}>
              {(v) => <CodesView codes={v().codes} onDone={() => go({ kind: "idle" })} />}
            </Match>
            <Match when={viewOf("confirm")}>
              {(v) => (
                <ConfirmForm
                  action={v().action}
                  onDone={(codes) =>
                    codes ? changed({ kind: "codes", codes }, t("twoFactor.renewed")) : changed({ kind: "idle" }, t("twoFactor.disabled"))
                  }
                  onCancel={() => go({ kind: "idle" })}
                />
              )}
            </Match>
          </Switch>
        )}
      </Show>
    </SettingsSection>
  );
}
