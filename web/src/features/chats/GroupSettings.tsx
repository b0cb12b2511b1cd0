/** The admin's part of a group's info: rename it, change or remove its picture (a chat_image upload). */
import { createSignal, Show } from "solid-js";
import type { ChatSummary } from "../../../../shared/chats.ts";
import { CHAT_LIMITS } from "../../../../shared/chat-rules.ts";
import { Field } from "../../components/Field.tsx";
import { ImagePicker } from "../../components/ImagePicker.tsx";
import { TrashIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createForm } from "../../lib/form.ts";
import { readError, trpc } from "../../lib/trpc.ts";
import { uploadMedia } from "../../lib/upload.ts";
import type { GroupAction } from "./GroupInfoDialog.tsx";
import "../../components/uploads.css";
import "../../components/field.css";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/chats.ts");

export function GroupSettings(props: { chat: ChatSummary; act: GroupAction }) {
  const form = createForm({ name: props.chat.name ?? "" });
  const [progress, setProgress] = createSignal<number | null>(null);
  const [uploadProblem, setUploadProblem] = createSignal<string | null>(null);

  const rename = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.updateGroupInput), { chatId: props.chat.id, name: form.values.name });
    if (!input) return;
    void form.run(async () => {
      await props.act(() => trpc.chats.updateGroup.mutate(input), () => t("groups.renamed"));
    });
  };

  async function changePicture(file: File) {
    setUploadProblem(null);
    setProgress(0);
    try {
      const media = await uploadMedia(file, "chat_image", setProgress).promise;
      await props.act(() => trpc.chats.updateGroup.mutate({ chatId: props.chat.id, avatarId: media.id }), () => t("groups.avatarUpdated"));
    } catch (error) {
      setUploadProblem(errorText(readError(error)));
    } finally {
      setProgress(null);
    }
  }

  return (
    <div class="group-settings">
      <form ref={form.ref} class="group-rename" onSubmit={rename} novalidate>
        <Field {...form.bind("name")} label={t("groups.name")} maxLength={CHAT_LIMITS.nameMax * 2} autocomplete="off" />
        <button type="submit" class="btn" disabled={form.pending() || form.values.name.trim() === (props.chat.name ?? "")}>
          {t("groups.rename")}
        </button>
      </form>
      <div class="group-picture">
        <span class="field-label">{t("groups.avatar")}</span>
        <div class="inline-actions">
          <ImagePicker label={t("groups.changeAvatar")} inputLabel={t("groups.avatarFile")} disabled={progress() !== null} onFiles={(files) => void changePicture(files[0]!)} />
          <Show when={props.chat.avatar}>
            <button
              type="button"
              class="btn btn-danger"
              disabled={progress() !== null}
              onClick={() => void props.act(() => trpc.chats.updateGroup.mutate({ chatId: props.chat.id, avatarId: null }), () => t("groups.avatarRemoved"))}
            >
              <TrashIcon />
              {t("groups.removeAvatar")}
            </button>
          </Show>
        </div>
        <Show when={progress() !== null}>
          <progress class="progress" max="100" value={Math.round((progress() ?? 0) * 100)} aria-label={t("groups.avatarFile")} />
        </Show>
        <Show when={uploadProblem()}>
          <p class="field-error" role="alert">
            {uploadProblem()}
          </p>
        </Show>
      </div>
    </div>
  );
}
