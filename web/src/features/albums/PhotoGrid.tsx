/**
 * An album's photos as a grid of thumbnails; each opens the viewer. The owner also gets one "…"
 * menu per photo (over its top-right corner): move left/right (keyboard-friendly reordering),
 * make it the cover, edit the caption, remove it — only the actions that apply (the first photo
 * cannot move left, the cover is not offered as the cover again). After a move, focus is on the
 * moved photo's menu button.
 */
import { For, Show } from "solid-js";
import type { AlbumPhoto } from "../../../../shared/albums.ts";
import { MenuButton, type MenuAction } from "../../components/MenuButton.tsx";
import { ArrowLeftIcon, ArrowRightIcon, PencilIcon, StarIcon, TrashIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import "./albums.css";

export interface PhotoActions {
  move(photo: AlbumPhoto, delta: -1 | 1): void;
  setCover(photo: AlbumPhoto): void;
  editCaption(photo: AlbumPhoto): void;
  remove(photo: AlbumPhoto): void;
}

/** Puts focus on one photo's menu button (after the grid re-ordered its items). */
export function focusPhotoMenu(photoId: string) {
  document.querySelector<HTMLButtonElement>(`[data-photo-id="${CSS.escape(photoId)}"] .menu-button`)?.focus();
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
          const tools = (): MenuAction[] => [
            ...(index() > 0 ? [{ id: "left", label: t("albums.moveLeft"), icon: <ArrowLeftIcon />, onSelect: () => props.actions.move(photo, -1) }] : []),
            ...(index() < total() - 1 ? [{ id: "right", label: t("albums.moveRight"), icon: <ArrowRightIcon />, onSelect: () => props.actions.move(photo, 1) }] : []),
            ...(isCover() ? [] : [{ id: "cover", label: t("albums.makeCover"), icon: <StarIcon />, onSelect: () => props.actions.setCover(photo) }]),
            { id: "caption", label: t("albums.editCaption"), icon: <PencilIcon />, onSelect: () => props.actions.editCaption(photo) },
            { id: "remove", label: t("albums.removePhoto"), icon: <TrashIcon />, danger: true, onSelect: () => props.actions.remove(photo) },
          ];
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
                <MenuButton class="photo-menu" label={t("albums.photoTools", { n: index() + 1 })} items={tools()} />
              </Show>
            </li>
          );
        }}
      </For>
    </ul>
  );
}
