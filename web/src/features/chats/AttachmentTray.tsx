/**
 * The composer's attached images (Composer.tsx): the upload code and the tray of thumbnails with
 * their progress and remove buttons, a chunk of its own fetched with the first attached image
 * (attachments-lazy.ts), with its words.
 */
import { For, Show } from "solid-js";
import { CloseIcon, ImageIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import type { Attachment } from "./attachments.ts";
import "../../components/uploads.css";

export { createAttachments } from "./attachments.ts";

function AttachmentTile(props: { item: Attachment }) {
  const a = props.item;
  const percent = () => Math.round(a.progress() * 100);
  return (
    <li class="attach-item" data-status={a.status()} title={a.error() ? `${a.name}: ${errorText(a.error()!)}` : a.name}>
      <Show when={a.preview} fallback={<ImageIcon class="attach-thumb attach-thumb-none" />}>
        <img class="attach-thumb" src={a.preview} alt="" />
      </Show>
      <Show when={a.status() === "uploading"}>
        <progress class="progress attach-progress" max="100" value={percent()} aria-label={t("upload.progressOf", { name: a.name })} />
      </Show>
      <button type="button" class="attach-remove" aria-label={t("chats.removeAttachment", { name: a.name })} onClick={() => a.remove()}>
        <CloseIcon />
      </button>
    </li>
  );
}

export function AttachmentTray(props: { items: readonly Attachment[] }) {
  return (
    <ul class="attach-tray" aria-label={t("chats.attachments")}>
      <For each={props.items}>{(item) => <AttachmentTile item={item} />}</For>
    </ul>
  );
}
