/**
 * Every moderation action asks "why" first: a dialog with the action's title and what it does, a
 * required reason (up to MODERATION_LIMITS.reasonMax characters, with a counter) and, for a
 * suspension, how long (1, 7 or 30 days, or for good). Mounting it opens it (render it inside a
 * <Show>); Escape, the backdrop and Cancel call onClose. Confirming runs `onConfirm` with a
 * pending state and closes on success; a failure is shown in the dialog (a reason the server
 * refused under the field).
 */
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { MODERATION_LIMITS } from "../../../../shared/moderation-rules.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { Dialog } from "../../components/Dialog.tsx";
import { TextAreaField } from "../../components/Field.tsx";
import { t, type MessageKey } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { readError, type AppError } from "../../lib/trpc.ts";
import "../../components/field.css";
import "./reason-dialog.css";

/** A suspension's choices: days, or null for good. */
const DURATIONS: Array<[days: number | null, key: MessageKey]> = [
  [1, "admin.duration.1"],
  [7, "admin.duration.7"],
  [30, "admin.duration.30"],
  [null, "admin.duration.forever"],
];

export interface ReasonDialogProps {
  title: string;
  text?: string;
  /** Under the reason field (who will see it). */
  hint?: string;
  confirmLabel: string;
  /** A red confirm button (hiding, suspending); a plain one otherwise. */
  danger?: boolean;
  /** Ask how long too (a suspension). */
  durations?: boolean;
  onConfirm: (reason: string, days: number | null) => Promise<void>;
  onClose: () => void;
}

export function ReasonDialog(props: ReasonDialogProps) {
  const id = `reason-${createUniqueId()}`;
  const [reason, setReason] = createSignal("");
  const [days, setDays] = createSignal<number | null>(7);
  const [errors, setErrors] = createSignal<string[]>([]);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [pending, setPending] = createSignal(false);
  let form: HTMLFormElement | undefined;

  const close = () => {
    if (!pending()) props.onClose();
  };

  const focusReason = () => queueMicrotask(() => form?.querySelector<HTMLTextAreaElement>("textarea")?.focus());

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    setFailure(null);
    const text = reason().trim();
    if (!text) {
      setErrors(["moderation.reasonRequired"]);
      return focusReason();
    }
    if ([...text].length > MODERATION_LIMITS.reasonMax) {
      setErrors(["moderation.reasonTooLong"]);
      return focusReason();
    }
    setPending(true);
    try {
      await props.onConfirm(text, days());
      setPending(false);
      props.onClose();
    } catch (error) {
      setPending(false);
      const f = readError(error);
      const field = f.fieldErrors?.reason;
      if (field?.length) {
        setErrors(field.slice(0, 1));
        focusReason();
      } else setFailure(f);
    }
  }

  return (
    <Dialog open onClose={close} labelledBy={`${id}-title`} class="reason-dialog">
      <h2 id={`${id}-title`} class="dialog-title">
        {props.title}
      </h2>
      <Show when={props.text}>
        <p class="muted">{props.text}</p>
      </Show>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <form ref={form} class="form" onSubmit={(e) => void submit(e)} novalidate aria-labelledby={`${id}-title`}>
        <Show when={props.durations}>
          <fieldset class="choice-group reason-durations">
            <legend>{t("admin.dialog.duration")}</legend>
            <For each={DURATIONS}>
              {([value, key]) => (
                <label class="choice">
                  <input type="radio" name={`${id}-days`} value={value ?? "forever"} checked={days() === value} onChange={() => setDays(value)} />
                  <span>{t(key)}</span>
                </label>
              )}
            </For>
          </fieldset>
        </Show>
        <TextAreaField
          name="moderation-reason"
          label={t("admin.dialog.reason")}
          hint={props.hint ?? t("admin.dialog.reasonHint")}
          value={reason()}
          onValue={(v) => {
            setReason(v);
            setErrors([]);
          }}
          maxLength={MODERATION_LIMITS.reasonMax}
          rows={3}
          errors={errors()}
        />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={close} disabled={pending()}>
            {t("common.cancel")}
          </button>
          <button type="submit" class={props.danger ? "btn btn-danger-solid" : "btn btn-primary"} disabled={pending()}>
            {pending() ? t("common.working") : props.confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
