/** "New group": a name and people chosen by username; I become the admin and the group opens. */
import { useNavigate } from "@solidjs/router";
import { createSignal } from "solid-js";
import { CHAT_LIMITS } from "../../../../shared/chat-rules.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { Dialog } from "../../components/Dialog.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { createForm } from "../../lib/form.ts";
import { trpc } from "../../lib/trpc.ts";
import { upsertChat } from "./chat-list.ts";
import { PeoplePicker, type Picked } from "./PeoplePicker.tsx";
import "../../components/field.css";
import "../../styles/groups.css";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/chats.ts");

export function NewGroupDialog(props: { open: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const form = createForm({ name: "" });
  const [people, setPeople] = createSignal<Picked[]>([]);

  const close = () => {
    form.reset();
    setPeople([]);
    props.onClose();
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.createGroupInput), { name: form.values.name, memberIds: people().map((p) => p.id), avatarId: null });
    if (!input) return;
    void form.run(async () => {
      const chat = await trpc.chats.createGroup.mutate(input);
      upsertChat(chat);
      close();
      navigate(`/chats/${chat.id}`);
    });
  };

  return (
    <Dialog open={props.open} onClose={close} labelledBy="new-group-title" class="dialog-form">
      <h2 id="new-group-title" class="dialog-title">
        {t("groups.newTitle")}
      </h2>
      <form ref={form.ref} class="form" onSubmit={submit} novalidate>
        <ErrorAlert message={form.alert()} />
        <Field {...form.bind("name")} label={t("groups.name")} maxLength={CHAT_LIMITS.nameMax * 2} autocomplete="off" required />
        <fieldset class="plain-fieldset">
          <legend class="field-label">{t("groups.members")}</legend>
          <PeoplePicker people={people()} onChange={setPeople} />
          {people().length === 0 ? <p class="field-hint">{t("groups.nobodyYet")}</p> : null}
        </fieldset>
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={close}>
            {t("common.cancel")}
          </button>
          <button type="submit" class="btn btn-primary" disabled={form.pending()}>
            {form.pending() ? t("groups.creating") : t("groups.create")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
