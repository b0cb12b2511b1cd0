/**
 * The uploads of a queue as a list: a preview of the local file, its name, a progress bar and
 * the status (or the reason it failed), with a button to cancel a running upload or dismiss a
 * finished one. A finished row (done, or cancelled) goes by itself after a few seconds — not while
 * the pointer or focus is on it; a failed one stays, with its reason, until dismissed. Status
 * changes are announced politely.
 */
import { createEffect, createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { t, tKey } from "../i18n/index.ts";
import { errorText } from "../lib/error-text.ts";
import type { UploadItem, UploadQueue } from "../lib/upload-queue.ts";
import { CloseIcon, ImageIcon } from "./icons.tsx";
import "./uploads.css";
import "./field.css";

/** The local file's preview, or an image icon when there is none or it does not decode. */
function Preview(props: { src: string }) {
  const [broken, setBroken] = createSignal(false);
  return (
    <Show when={props.src && !broken()} fallback={<ImageIcon class="upload-preview upload-preview-none" />}>
      <img class="upload-preview" src={props.src} alt="" onError={() => setBroken(true)} />
    </Show>
  );
}

/** How long a finished row stays (long enough to read "Done"). */
export const UPLOAD_ROW_CLEAR_MS = 4_000;

/**
 * Dismisses `item` from `queue` UPLOAD_ROW_CLEAR_MS after it finished (done or cancelled);
 * `hold()` true (pointer or focus on the row) puts it off until it is false again.
 */
function clearWhenFinished(queue: UploadQueue, item: UploadItem, hold: () => boolean) {
  createEffect(() => {
    const status = item.status();
    if ((status !== "done" && status !== "cancelled") || hold()) return;
    const timer = setTimeout(() => queue.dismiss(item), UPLOAD_ROW_CLEAR_MS);
    onCleanup(() => clearTimeout(timer));
  });
}

function UploadRow(props: { queue: UploadQueue; item: UploadItem }) {
  const item = props.item;
  const percent = () => Math.round(item.progress() * 100);
  const [pointer, setPointer] = createSignal(false);
  const [focused, setFocused] = createSignal(false);
  clearWhenFinished(props.queue, item, () => pointer() || focused());
  return (
    <li
      class="upload-item"
      data-status={item.status()}
      onPointerEnter={() => setPointer(true)}
      onPointerLeave={() => setPointer(false)}
      onFocusIn={() => setFocused(true)}
      onFocusOut={(e) => setFocused((e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null))}
    >
      <Preview src={item.preview} />
      <div class="upload-body">
        <span class="upload-name">{item.name}</span>
        <progress
          class="progress"
          max="100"
          value={percent()}
          aria-label={t("upload.progressOf", { name: item.name })}
          hidden={item.status() === "failed" || item.status() === "cancelled"}
        />
        <span class="upload-status" role="status">
          <Switch>
            <Match when={item.status() === "queued"}>{t("upload.queued")}</Match>
            <Match when={item.status() === "uploading"}>
              {item.progress() >= 1 ? t("upload.processing") : t("upload.percent", { n: percent() })}
            </Match>
            <Match when={item.status() === "done"}>{t("upload.done")}</Match>
            <Match when={item.status() === "cancelled"}>{t("upload.cancelled")}</Match>
            <Match when={item.status() === "failed"}>
              <span class="field-error">{item.error() ? errorText(item.error()!) : tKey("errors.internal")}</span>
            </Match>
          </Switch>
        </span>
      </div>
      <button
        type="button"
        class="icon-button"
        aria-label={
          item.status() === "uploading" || item.status() === "queued"
            ? t("upload.cancel", { name: item.name })
            : t("upload.dismiss", { name: item.name })
        }
        title={item.status() === "uploading" || item.status() === "queued" ? t("common.cancel") : t("common.close")}
        onClick={() => props.queue.dismiss(item)}
      >
        <CloseIcon />
      </button>
    </li>
  );
}

export function UploadList(props: { queue: UploadQueue; label: string }) {
  return (
    <ul class="upload-list" aria-label={props.label}>
      <For each={props.queue.items()}>{(item) => <UploadRow queue={props.queue} item={item} />}</For>
    </ul>
  );
}
