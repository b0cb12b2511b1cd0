/**
 * Settings → Two-factor sign-in (#17): whether it is on and how many recovery codes are left.
 * Turning it on: the password → a QR code (and the key as text) for an authenticator app → a code
 * from the app → ten recovery codes, shown once (copy, download). Turning it off and making new
 * recovery codes each take the password and a current code (or a recovery code).
 */
import { createSignal, Match, onMount, Show, Switch, For } from "solid-js";
import { totpBeginInput, totpConfirmInput, totpEnableInput, type TotpSetup } from "../../../../shared/security.ts";
import { ErrorAlert, RetryAlert, StatusMessage } from "../../components/Alert.tsx";
import { CurrentPasswordField, OneTimeCodeField } from "../../components/Field.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { t } from "../../i18n/index.ts";
import { createForm } from "../../lib/form.ts";
import { createLoader } from "../../lib/load.ts";
import { me } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { SettingsSection } from "../settings/SettingsSection.tsx";
import { qrPath, type QrPath } from "./qr.ts";
import "./two-factor.css";

type View =
  | { kind: "idle" }
  | { kind: "password" }
  | { kind: "setup"; setup: TotpSetup }
  | { kind: "codes"; codes: string[] }
  | { kind: "confirm"; action: "off" | "renew" };

/** The key in groups of four, for typing by hand. */
export const groupSecret = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

/** Focuses `el` once it is in the document (a view just replaced another). */
const focusSoon = (el: HTMLElement) => queueMicrotask(() => el.focus());

function BeginForm(props: { onSetup: (setup: TotpSetup) => void; onCancel: () => void }) {
  const form = createForm({ password: "" });
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const input = form.validate(totpBeginInput);
    if (!input) return;
    void form.run(async () => props.onSetup(await trpc.security.totpBegin.mutate(input)));
  };
  return (
    <>
      <ErrorAlert message={form.alert()} />
      <form class="form" ref={form.ref} onSubmit={submit} novalidate>
        <CurrentPasswordField {...form.bind("password")} hint={t("twoFactor.passwordLead")} ref={focusSoon} />
        <FormActions pending={form.pending()} label={t("twoFactor.continue")} onCancel={() => props.onCancel()} />
      </form>
    </>
  );
}

function QrCode(props: { uri: string }) {
  const [qr, setQr] = createSignal<QrPath | null>(null);
  onMount(() => void qrPath(props.uri).then(setQr));
  return (
    <div class="two-factor-qr">
      <Show when={qr()} fallback={<p class="muted">{t("twoFactor.qrLoading")}</p>}>
        {(q) => (
          <svg
            role="img"
            aria-label={t("twoFactor.qrLabel")}
            viewBox={`-2 -2 ${q().size + 4} ${q().size + 4}`}
            shape-rendering="crispEdges"
            xmlns="http://www.w3.org/2000/svg"
          >
            <rect x="-2" y="-2" width={q().size + 4} height={q().size + 4} fill="#fff" />
            <path d={q().d} fill="#000" />
          </svg>
        )}
      </Show>
    </div>
  );
}

function SetupView(props: { setup: TotpSetup; onEnabled: (codes: string[]) => void; onCancel: () => void }) {
  const form = createForm({ code: "" });
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const input = form.validate(totpEnableInput);
    if (!input) return;
    void form.run(async () => props.onEnabled((await trpc.security.totpEnable.mutate(input)).recoveryCodes));
  };
  return (
    <div class="two-factor-setup">
      <div>
        <h3 tabindex="-1" ref={focusSoon}>
          {t("twoFactor.scanTitle")}
        </h3>
        <p class="muted">{t("twoFactor.scanLead")}</p>
      </div>
      <QrCode uri={props.setup.uri} />
      <div>
        <p class="field-label" id="two-factor-secret-label">
          {t("twoFactor.secretLabel")}
        </p>
        <code class="two-factor-secret" aria-labelledby="two-factor-secret-label" data-secret={props.setup.secret}>
          {groupSecret(props.setup.secret)}
        </code>
      </div>
      <h3>{t("twoFactor.confirmTitle")}</h3>
      <ErrorAlert message={form.alert()} />
      <form class="form" ref={form.ref} onSubmit={submit} novalidate>
        <OneTimeCodeField {...form.bind("code")} digits label={t("twoFactor.codeLabel")} hint={t("twoFactor.codeHint")} />
        <FormActions
          pending={form.pending()}
          label={t("twoFactor.confirm")}
          pendingLabel={t("twoFactor.confirming")}
          onCancel={() => props.onCancel()}
        />
      </form>
    </div>
  );
}

function CodesView(props: { codes: string[]; onDone: () => void }) {
  const [copyNote, setCopyNote] = createSignal<string | null>(null);
  const text = () => `${t("twoFactor.fileHeader", { email: me()?.email ?? "" })}\n\n${props.codes.join("\n")}\n`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.codes.join("\n"));
      setCopyNote(t("twoFactor.copied"));
    } catch {
      setCopyNote(t("twoFactor.copyFailed"));
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text()], { type: "text/plain;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "world-it-recovery-codes.txt";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  return (
    <div class="two-factor-codes">
      <h3 tabindex="-1" ref={focusSoon}>
        {t("twoFactor.codesTitle")}
      </h3>
      <p class="muted">{t("twoFactor.codesLead")}</p>
      <ul class="two-factor-code-list" aria-label={t("twoFactor.codesListLabel")}>
        <For each={props.codes}>{(code) => <li>{code}</li>}</For>
      </ul>
      <StatusMessage tone="info" message={copyNote()} />
      <div class="two-factor-actions">
        <button type="button" class="btn" onClick={() => void copy()}>
          {t("twoFactor.copy")}
        </button>
        <button type="button" class="btn" onClick={download}>
          {t("twoFactor.download")}
        </button>
        <button type="button" class="btn btn-primary" onClick={() => props.onDone()}>
          {t("twoFactor.saved")}
        </button>
      </div>
    </div>
  );
}

function ConfirmForm(props: { action: "off" | "renew"; onDone: (codes: string[] | null) => void; onCancel: () => void }) {
  const form = createForm({ password: "", code: "" });
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const input = form.validate(totpConfirmInput);
    if (!input) return;
    void form.run(async () => {
      if (props.action === "off") {
        await trpc.security.totpDisable.mutate(input);
        props.onDone(null);
      } else {
        props.onDone((await trpc.security.recoveryCodesRenew.mutate(input)).recoveryCodes);
      }
    });
  };
  return (
    <>
      <p class="muted">{props.action === "off" ? t("twoFactor.disableLead") : t("twoFactor.renewLead")}</p>
      <ErrorAlert message={form.alert()} />
      <form class="form" ref={form.ref} onSubmit={submit} novalidate>
        <CurrentPasswordField {...form.bind("password")} ref={focusSoon} />
        <OneTimeCodeField {...form.bind("code")} label={t("twoFactor.anyCodeLabel")} hint={t("twoFactor.anyCodeHint")} />
        <FormActions
          pending={form.pending()}
          label={props.action === "off" ? t("twoFactor.turnOff") : t("twoFactor.renew")}
          submitClass={props.action === "off" ? "btn btn-danger" : "btn btn-primary"}
          onCancel={() => props.onCancel()}
        />
      </form>
    </>
  );
}

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
