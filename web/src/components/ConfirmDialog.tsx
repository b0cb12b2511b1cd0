/**
 * "Are you sure?" for destructive actions. Cancel has the initial focus; confirming runs the
 * action with a pending state, closes on success and shows the error inside the dialog otherwise.
 */
import { createSignal, createUniqueId } from "solid-js";
import { t } from "../i18n/index.ts";
import { errorText } from "../lib/error-text.ts";
import { readError, type AppError } from "../lib/trpc.ts";
import { ErrorAlert } from "./Alert.tsx";
import { Dialog } from "./Dialog.tsx";

export interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const id = `confirm-${createUniqueId()}`;
  const [pending, setPending] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);

  const close = () => {
    if (pending()) return;
    setFailure(null);
    props.onClose();
  };

  const confirm = async () => {
    setPending(true);
    setFailure(null);
    try {
      await props.onConfirm();
      setPending(false);
      props.onClose();
    } catch (error) {
      setPending(false);
      setFailure(readError(error));
    }
  };

  return (
    <Dialog open={props.open} onClose={close} labelledBy={`${id}-title`} class="dialog-confirm">
      <h2 id={`${id}-title`} class="dialog-title">
        {props.title}
      </h2>
      <p id={`${id}-text`}>{props.message}</p>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <div class="dialog-actions">
        <button type="button" class="btn" autofocus onClick={close} disabled={pending()}>
          {t("common.cancel")}
        </button>
        <button type="button" class="btn btn-danger-solid" onClick={() => void confirm()} disabled={pending()}>
          {pending() ? t("common.working") : props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
