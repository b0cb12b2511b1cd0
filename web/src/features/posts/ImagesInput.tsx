/**
 * Images of a post: the picker (several at once) or files dropped on the page; each tile shows the
 * preview, its upload progress and status, and has ← → buttons and drag and drop to reorder, and a
 * remove button. After a move, focus stays on the same button of the moved image.
 */
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { POST_LIMITS } from "../../../../shared/post-rules.ts";
import { IconButton } from "../../components/IconButton.tsx";
import { ArrowLeftIcon, ArrowRightIcon, CloseIcon, ImageIcon, UploadIcon } from "../../components/icons.tsx";
import { ImagePicker } from "../../components/ImagePicker.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createFileDrop } from "../../lib/file-drop.ts";
import type { PostImage, PostImages } from "./post-images.ts";
import "../../components/uploads.css";
import "../../components/field.css";
import "../../components/drop-overlay.css";

export function ImagesInput(props: { images: PostImages; errors?: readonly string[] }) {
  const [problem, setProblem] = createSignal<string | null>(null);
  const [dragged, setDragged] = createSignal<PostImage | null>(null);
  let list: HTMLUListElement | undefined;
  const full = () => props.images.items().length >= POST_LIMITS.imagesMax;
  const total = () => props.images.items().length;

  function addFiles(files: File[]) {
    setProblem(props.images.add(files) ? null : t("posts.tooManyImagesNow", { max: POST_LIMITS.imagesMax }));
  }
  const dragging = createFileDrop(addFiles);

  function move(item: PostImage, to: number, action: string) {
    props.images.moveTo(item, to);
    queueMicrotask(() => {
      const tile = list?.querySelector(`[data-key="${item.key}"]`);
      (tile?.querySelector<HTMLButtonElement>(`[data-action="${action}"]:not(:disabled)`) ?? tile?.querySelector<HTMLButtonElement>("button:not(:disabled)"))?.focus();
    });
  }

  return (
    <div class="post-images-input">
      <div class="inline-actions">
        <ImagePicker
          multiple
          label={t("posts.addImages")}
          inputLabel={t("posts.imageFiles")}
          disabled={full()}
          onFiles={addFiles}
        />
        <span class="muted">{t("posts.imagesHint", { n: total(), max: POST_LIMITS.imagesMax })}</span>
      </div>
      <Show when={problem()}>
        <p class="field-error" role="alert">
          {problem()}
        </p>
      </Show>
      <For each={props.errors}>{(key) => <p class="field-error">{errorText({ reason: key })}</p>}</For>
      <ul ref={list} class="image-tiles" aria-label={t("posts.imagesChosen")} hidden={total() === 0}>
        <For each={props.images.items()}>
          {(item, index) => {
            const percent = () => Math.round(item.progress() * 100);
            return (
              <li
                class="image-tile"
                data-key={item.key}
                data-status={item.status()}
                data-dragging={dragged() === item ? "" : undefined}
                draggable={true}
                onDragStart={(e) => {
                  setDragged(item);
                  e.dataTransfer?.setData("text/plain", String(item.key));
                  if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
                }}
                onDragEnd={() => setDragged(null)}
                onDragOver={(e) => {
                  if (!dragged()) return;
                  e.preventDefault();
                  e.stopPropagation();
                }}
                onDrop={(e) => {
                  const from = dragged();
                  if (!from) return;
                  e.preventDefault();
                  e.stopPropagation();
                  props.images.moveTo(from, index());
                  setDragged(null);
                }}
              >
                <Show when={item.preview} fallback={<ImageIcon class="image-tile-img image-tile-none" />}>
                  <img class="image-tile-img" src={item.preview} alt={t("posts.imageN", { n: index() + 1, total: total() })} draggable={false} />
                </Show>
                <div class="image-tile-status" role="status">
                  <Switch>
                    <Match when={item.status() === "uploading"}>
                      <progress class="progress" max="100" value={percent()} aria-label={t("upload.progressOf", { name: item.name })} />
                      <span class="visually-hidden">{t("upload.percent", { n: percent() })}</span>
                    </Match>
                    <Match when={item.status() === "failed"}>
                      <span class="field-error">{item.error() ? errorText(item.error()!) : t("errors.internal")}</span>
                    </Match>
                  </Switch>
                </div>
                <div class="image-tile-tools" role="group" aria-label={t("posts.imageTools", { n: index() + 1 })}>
                  <IconButton data-action="left" label={t("posts.moveImageLeft")} disabled={index() === 0} onClick={() => move(item, index() - 1, "left")}>
                    <ArrowLeftIcon />
                  </IconButton>
                  <IconButton data-action="right" label={t("posts.moveImageRight")} disabled={index() === total() - 1} onClick={() => move(item, index() + 1, "right")}>
                    <ArrowRightIcon />
                  </IconButton>
                  <IconButton data-action="remove" danger label={t("posts.removeImage", { n: index() + 1 })} onClick={() => props.images.remove(item)}>
                    <CloseIcon />
                  </IconButton>
                </div>
              </li>
            );
          }}
        </For>
      </ul>
      <Show when={dragging()}>
        <div class="drop-overlay" aria-hidden="true">
          <UploadIcon />
          <p>{t("posts.dropHere")}</p>
        </div>
      </Show>
    </div>
  );
}
