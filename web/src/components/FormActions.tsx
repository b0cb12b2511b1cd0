/**
 * The buttons under a form: submit (its label while pending) and, with `onCancel`, a cancel button
 * beside it. `submitClass` replaces "btn btn-primary" (e.g. a danger button); `small` makes both small.
 */
import { Show } from "solid-js";
import { t } from "../i18n/index.ts";

export function FormActions(props: {
  pending: boolean;
  label: string;
  /** Shown while pending; "Working…" unless given. */
  pendingLabel?: string;
  submitClass?: string;
  small?: boolean;
  onCancel?: () => void;
  /** "Cancel" unless given. */
  cancelLabel?: string;
  cancelDisabled?: boolean;
}) {
  const small = () => (props.small ? " btn-small" : "");
  return (
    <div class="form-actions">
      <button type="submit" class={`${props.submitClass ?? "btn btn-primary"}${small()}`} disabled={props.pending}>
        {props.pending ? (props.pendingLabel ?? t("common.working")) : props.label}
      </button>
      <Show when={props.onCancel}>
        {(cancel) => (
          <button type="button" class={`btn${small()}`} disabled={props.cancelDisabled} onClick={() => cancel()()}>
            {props.cancelLabel ?? t("common.cancel")}
          </button>
        )}
      </Show>
    </div>
  );
}
