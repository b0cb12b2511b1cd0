/**
 * The full-screen photo viewer: the `full` variant, its caption and "3 / 12". ←/→ keys, the
 * buttons and a horizontal swipe move between photos (wrapping around); Escape or the close
 * button closes it and focus returns to the thumbnail that opened it (Dialog does both).
 */
import { createEffect, createMemo, onCleanup, onMount, Show } from "solid-js";
import type { AlbumPhoto } from "../../../../shared/albums.ts";
import { Dialog } from "../../components/Dialog.tsx";
import { IconButton } from "../../components/IconButton.tsx";
import { ChevronLeftIcon, ChevronRightIcon, CloseIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import "./viewer.css";

const SWIPE_PX = 50;

export function PhotoViewer(props: {
  photos: readonly AlbumPhoto[];
  index: number | null;
  onIndex: (index: number) => void;
  onClose: () => void;
  albumTitle: string;
}) {
  return (
    <Dialog open={props.index !== null} onClose={props.onClose} labelledBy="viewer-title" class="dialog-viewer">
      <ViewerBody {...props} index={props.index ?? 0} />
    </Dialog>
  );
}

function ViewerBody(props: {
  photos: readonly AlbumPhoto[];
  index: number;
  onIndex: (index: number) => void;
  onClose: () => void;
  albumTitle: string;
}) {
  const count = () => props.photos.length;
  const photo = createMemo(() => props.photos[Math.min(props.index, count() - 1)]);
  const step = (delta: number) => {
    if (count() > 1) props.onIndex((props.index + delta + count()) % count());
  };
  const alt = () => photo()?.caption || t("viewer.photoN", { n: props.index + 1, total: count() });

  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "ArrowLeft") {
        e.preventDefault();
        step(-1);
      } else if (e.key === "ArrowRight") {
        e.preventDefault();
        step(1);
      }
    };
    document.addEventListener("keydown", onKey);
    onCleanup(() => document.removeEventListener("keydown", onKey));
  });

  // Warm the cache for the neighbours, so moving on shows the next photo at once.
  createEffect(() => {
    if (count() < 2) return;
    for (const delta of [1, -1]) {
      const next = props.photos[(props.index + delta + count()) % count()];
      if (next?.media.urls.full) new Image().src = next.media.urls.full;
    }
  });

  let start: { x: number; y: number } | null = null;
  const onPointerDown = (e: PointerEvent) => {
    if (e.isPrimary) start = { x: e.clientX, y: e.clientY };
  };
  const onPointerUp = (e: PointerEvent) => {
    if (!start || !e.isPrimary) return;
    const dx = e.clientX - start.x;
    const dy = e.clientY - start.y;
    start = null;
    if (Math.abs(dx) >= SWIPE_PX && Math.abs(dx) > Math.abs(dy) * 1.5) step(dx < 0 ? 1 : -1);
  };

  return (
    <div class="viewer">
      <div class="viewer-bar">
        <h2 id="viewer-title" class="viewer-title">
          {props.albumTitle}
        </h2>
        <p class="viewer-counter" aria-live="polite" aria-atomic="true">
          <span class="visually-hidden">{t("viewer.position")} </span>
          {t("viewer.counter", { n: props.index + 1, total: count() })}
        </p>
        <IconButton class="viewer-close" autofocus label={t("viewer.close")} onClick={() => props.onClose()}>
          <CloseIcon />
        </IconButton>
      </div>
      <Show when={photo()}>
        {(p) => (
          <figure
            class="viewer-stage"
            onPointerDown={onPointerDown}
            onPointerUp={onPointerUp}
            onPointerCancel={() => (start = null)}
          >
            <img class="viewer-image" src={p().media.urls.full} alt={alt()} draggable={false} />
            <Show when={p().caption}>
              <figcaption class="viewer-caption">{p().caption}</figcaption>
            </Show>
          </figure>
        )}
      </Show>
      <Show when={count() > 1}>
        <button type="button" class="viewer-nav viewer-prev" aria-label={t("viewer.previous")} title={t("viewer.previous")} onClick={() => step(-1)}>
          <ChevronLeftIcon />
        </button>
        <button type="button" class="viewer-nav viewer-next" aria-label={t("viewer.next")} title={t("viewer.next")} onClick={() => step(1)}>
          <ChevronRightIcon />
        </button>
      </Show>
    </div>
  );
}
