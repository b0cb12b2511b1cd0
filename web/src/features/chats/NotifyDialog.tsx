/**
 * "Notify everyone": a short text (≤ 200 characters) that every connected person sees as a toast.
 * Once per 30 s per person; a refusal says how many seconds are left.
 */
import { createSignal } from "solid-js";
import { CHAT_LIMITS } from "../../../../shared/chat-rules.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { Dialog } from "../../components/Dialog.tsx";
import { TextAreaField } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { createForm } from "../../lib/form.ts";
import { readError, trpc } from "../../lib/trpc.ts";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/chats.ts");

export function NotifyDialog(props: { open: boolean; onClose: () => void }) {
  const form = createForm({ text: "" });
  const [wait, setWait] = createSignal<number | null>(null);

  const close = () => {
    form.reset();
    setWait(null);
    props.onClose();
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.noticeInput));
    if (!input) return;
    void form.run(async () => {
      setWait(null);
      try {
        await trpc.chats.notifyEveryone.mutate(input);
        close();
      } catch (error) {
        const failure = readError(error);
        if (failure.reason === "errors.rateLimited") setWait(Math.max(1, Math.ceil(failure.retryAfterSeconds ?? CHAT_LIMITS.noticeEverySeconds)));
        else form.fail(failure);
      }
    });
  };

  return (
    <Dialog open={props.open} onClose={close} labelledBy="notify-title" class="dialog-form">
      <h2 id="notify-title" class="dialog-title">
        {t("notice.title")}
      </h2>
      <p class="muted">{t("notice.lead")}</p>
      <form ref={form.ref} class="form" onSubmit={submit} novalidate>
        <ErrorAlert message={wait() !== null ? t("notice.rateLimited", { seconds: wait()! }) : form.alert()} />
        <TextAreaField {...form.bind("text")} label={t("notice.text")} maxLength={CHAT_LIMITS.noticeMax} rows={3} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={close}>
            {t("common.cancel")}
          </button>
          <button type="submit" class="btn btn-primary" disabled={form.pending()}>
            {form.pending() ? t("notice.sending") : t("notice.send")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
