/**
 * An album's photos as a grid of thumbnails; each opens the viewer. The owner also gets, per
 * photo: move left/right (keyboard-friendly reordering), make it the cover, edit the caption and
 * remove it. After a move, focus stays on the same button of the moved photo.
 */
import { For, Show } from "solid-js";
import type { AlbumPhoto } from "../../../../shared/albums.ts";
import { IconButton } from "../../components/IconButton.tsx";
import { ArrowLeftIcon, ArrowRightIcon, PencilIcon, StarIcon, TrashIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";

export interface PhotoActions {
  move(photo: AlbumPhoto, delta: -1 | 1): void;
  setCover(photo: AlbumPhoto): void;
  editCaption(photo: AlbumPhoto): void;
  remove(photo: AlbumPhoto): void;
}

/** Puts focus on one tool of one photo (after the grid re-ordered its items). */
export function focusPhotoTool(photoId: string, action: string) {
  const item = document.querySelector(`[data-photo-id="${CSS.escape(photoId)}"]`);
  const button =
    item?.querySelector<HTMLButtonElement>(`[data-action="${action}"]:not(:disabled)`) ??
    item?.querySelector<HTMLButtonElement>("[data-action]:not(:disabled)");
  button?.focus();
}

export function PhotoGrid(props: {
  photos: readonly AlbumPhoto[];
  coverId: string | null;
  owner: boolean;
  label: string;
  onOpen: (index: number) => void;
  actions: PhotoActions;
}) {
  const total = () => props.photos.length;
  return (
    <ul class="photo-grid" aria-label={props.label}>
      <For each={props.photos}>
        {(photo, index) => {
          const isCover = () => props.coverId === photo.media.id;
          const openLabel = () => {
            const base = t("viewer.open", { n: index() + 1, total: total() });
            return photo.caption ? `${base}: ${photo.caption}` : base;
          };
          return (
            <li class="photo-item" data-photo-id={photo.id}>
              <button type="button" class="photo-open" aria-label={openLabel()} onClick={() => props.onOpen(index())}>
                <img
                  src={photo.media.urls.thumb ?? photo.media.urls.full}
                  alt=""
                  loading="lazy"
                  decoding="async"
                  width={photo.media.width}
                  height={photo.media.height}
                />
              </button>
              <Show when={isCover()}>
                <span class="badge photo-cover-badge">{t("albums.coverBadge")}</span>
              </Show>
              <Show when={photo.caption}>
                <p class="photo-caption">{photo.caption}</p>
              </Show>
              <Show when={props.owner}>
                <div class="photo-tools" role="group" aria-label={t("albums.photoTools", { n: index() + 1 })}>
                  <IconButton data-action="left" label={t("albums.moveLeft")} disabled={index() === 0} onClick={() => props.actions.move(photo, -1)}>
                    <ArrowLeftIcon />
                  </IconButton>
                  <IconButton data-action="right" label={t("albums.moveRight")} disabled={index() === total() - 1} onClick={() => props.actions.move(photo, 1)}>
                    <ArrowRightIcon />
                  </IconButton>
                  <IconButton
                    data-action="cover"
                    label={isCover() ? t("albums.isCover") : t("albums.makeCover")}
                    aria-pressed={isCover()}
                    disabled={isCover()}
                    onClick={() => props.actions.setCover(photo)}
                  >
                    <StarIcon />
                  </IconButton>
                  <IconButton data-action="caption" label={t("albums.editCaption")} onClick={() => props.actions.editCaption(photo)}>
                    <PencilIcon />
                  </IconButton>
                  <IconButton data-action="remove" label={t("albums.removePhoto")} danger onClick={() => props.actions.remove(photo)}>
                    <TrashIcon />
                  </IconButton>
                </div>
              </Show>
            </li>
          );
        }}
      </For>
    </ul>
  );
}
