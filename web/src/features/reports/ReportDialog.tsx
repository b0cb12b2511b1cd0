/**
 * "Report": a person, a post, a comment or a message (`target`), with a reason from the list and
 * optional details (up to FRIENDS_LIMITS.reportTextMax characters, with a counter). Mounting it
 * opens it (render it inside a <Show>); Escape, the backdrop and Cancel call onClose. Sent: a toast
 * "Report sent", then onDone and onClose. Reporting the same thing again (CONFLICT
 * `reports.already`) is said kindly, not as an error; other failures show translated in the dialog.
 */
import { createSignal, createUniqueId, For, Show } from "solid-js";
import type { ReportReason, ReportTarget } from "../../../../shared/friends.ts";
import { FRIENDS_LIMITS, REPORT_REASONS } from "../../../../shared/friends-rules.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { Dialog } from "../../components/Dialog.tsx";
import { TextAreaField } from "../../components/Field.tsx";
import { t, tKey, type MessageKey } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { me } from "../../lib/session.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { pushToast } from "../chats/live.ts";
import "../../components/field.css";
import "./safety.css";

const TITLES: Record<ReportTarget["kind"], MessageKey> = {
  user: "reports.titleUser",
  post: "reports.titlePost",
  comment: "reports.titleComment",
  message: "reports.titleMessage",
  chat: "reports.titleChat",
};

export const reasonLabel = (reason: ReportReason) => t(`reports.reason.${reason}`);

export function ReportDialog(props: { target: ReportTarget; onClose: () => void; onDone?: () => void }) {
  const id = `report-${createUniqueId()}`;
  const [reason, setReason] = createSignal<ReportReason | null>(null);
  const [text, setText] = createSignal("");
  const [pending, setPending] = createSignal(false);
  const [reasonMissing, setReasonMissing] = createSignal(false);
  const [textErrors, setTextErrors] = createSignal<string[]>([]);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [already, setAlready] = createSignal(false);
  let reasons: HTMLFieldSetElement | undefined;
  let cancel: HTMLButtonElement | undefined;

  const close = () => {
    if (!pending()) props.onClose();
  };

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending() || already()) return;
    setFailure(null);
    const chosen = reason();
    if (!chosen) {
      setReasonMissing(true);
      reasons?.querySelector<HTMLInputElement>("input")?.focus();
      return;
    }
    setPending(true);
    // The schema (and zod) arrive with the first report sent (web/src/lib/form.ts).
    const schema = await import("../../../../shared/friends.ts").then((m) => m.createReportInput, () => null);
    if (!schema) {
      setPending(false);
      return setFailure({ reason: "errors.network" });
    }
    const parsed = schema.safeParse({ target: props.target, reason: chosen, text: text() || undefined });
    if (!parsed.success) {
      setPending(false);
      setTextErrors(parsed.error.issues.map((i) => i.message));
      return;
    }
    try {
      await trpc.reports.create.mutate(parsed.data);
      const user = me();
      if (user) pushToast({ heading: t("reports.sent"), text: t("reports.sentText"), from: user, at: Date.now() });
      setPending(false);
      props.onDone?.();
      props.onClose();
    } catch (error) {
      setPending(false);
      const f = readError(error);
      if (f.code === "CONFLICT" && f.reason === "reports.already") {
        setAlready(true);
        cancel?.focus(); // Send is gone: Close is what is left to press.
      } else if (f.fieldErrors?.text?.length) setTextErrors(f.fieldErrors.text);
      else setFailure(f);
    }
  }

  return (
    <Dialog open onClose={close} labelledBy={`${id}-title`} class="report-dialog">
      <h2 id={`${id}-title`} class="dialog-title">
        {t(TITLES[props.target.kind])}
      </h2>
      <p class="muted">{t("reports.lead")}</p>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <StatusMessage tone="info" message={already() ? tKey("reports.already") : null} />
      <form class="form" onSubmit={(e) => void submit(e)} novalidate aria-labelledby={`${id}-title`}>
        <fieldset
          ref={reasons}
          class="choice-group report-reasons"
          aria-describedby={reasonMissing() ? `${id}-reason-error` : undefined}
          disabled={already()}
        >
          <legend>{t("reports.reasonLegend")}</legend>
          <For each={REPORT_REASONS}>
            {(value) => (
              <label class="choice">
                <input
                  type="radio"
                  name={`${id}-reason`}
                  value={value}
                  checked={reason() === value}
                  aria-invalid={reasonMissing() ? "true" : undefined}
                  onChange={() => {
                    setReason(value);
                    setReasonMissing(false);
                  }}
                />
                <span>{reasonLabel(value)}</span>
              </label>
            )}
          </For>
          <Show when={reasonMissing()}>
            <p class="field-error" id={`${id}-reason-error`}>
              {t("reports.pickReason")}
            </p>
          </Show>
        </fieldset>
        <Show when={!already()}>
          <TextAreaField
            name="report-text"
            label={t("reports.text")}
            hint={t("reports.textHint")}
            value={text()}
            onValue={(v) => {
              setText(v);
              setTextErrors([]);
            }}
            maxLength={FRIENDS_LIMITS.reportTextMax}
            rows={3}
            errors={textErrors()}
          />
        </Show>
        <div class="dialog-actions">
          <button ref={cancel} type="button" class="btn" onClick={close} disabled={pending()}>
            {already() ? t("common.close") : t("common.cancel")}
          </button>
          <Show when={!already()}>
            <button type="submit" class="btn btn-danger-solid" disabled={pending()}>
              {pending() ? t("reports.sending") : t("reports.send")}
            </button>
          </Show>
        </div>
      </form>
    </Dialog>
  );
}
