/**
 * The steps of two-factor sign-in's settings (TwoFactorSection.tsx): the password to begin, the QR
 * code and the first code, the recovery codes, and the password and a code to turn it off or
 * renew the codes. A chunk of its own, fetched when a step opens (web/src/components/lazy-parts.tsx).
 */
import { createSignal, For, onMount, Show } from "solid-js";
import type { TotpSetup } from "../../../../shared/security.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { CurrentPasswordField, OneTimeCodeField } from "../../components/Field.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { t } from "../../i18n/index.ts";
import { createForm } from "../../lib/form.ts";
import { me } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { qrPath, type QrPath } from "./qr.ts";
import "../../components/field.css";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/security.ts");

/** The key in groups of four, for typing by hand. */
export const groupSecret = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

/** Focuses `el` once it is in the document (a view just replaced another). */
const focusSoon = (el: HTMLElement) => queueMicrotask(() => el.focus());

export function BeginForm(props: { onSetup: (setup: TotpSetup) => void; onCancel: () => void }) {
  const form = createForm({ password: "" });
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.totpBeginInput));
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

export function QrCode(props: { uri: string }) {
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

export function SetupView(props: { setup: TotpSetup; onEnabled: (codes: string[]) => void; onCancel: () => void }) {
  const form = createForm({ code: "" });
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.totpEnableInput));
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

export function CodesView(props: { codes: string[]; onDone: () => void }) {
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

export function ConfirmForm(props: { action: "off" | "renew"; onDone: (codes: string[] | null) => void; onCancel: () => void }) {
  const form = createForm({ password: "", code: "" });
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.totpConfirmInput));
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
