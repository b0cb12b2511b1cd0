/**
 * A post's images as a grid of thumbnails (one large, two side by side, more in a grid); each opens
 * the albums' full-screen viewer at that image (←/→, swipe, Escape).
 */
import { createMemo, createSignal, For, Show } from "solid-js";
import type { AlbumPhoto } from "../../../../shared/albums.ts";
import type { MediaInfo } from "../../../../shared/media.ts";
import { t } from "../../i18n/index.ts";
import { PhotoViewer } from "../../components/lazy-parts.tsx";

export function PostImages(props: { images: readonly MediaInfo[]; title: string }) {
  const [viewing, setViewing] = createSignal<number | null>(null);
  const photos = createMemo<AlbumPhoto[]>(() => props.images.map((media, position) => ({ id: media.id, caption: "", position, media })));
  const total = () => props.images.length;
  return (
    <>
      <ul class="post-images" data-count={Math.min(total(), 5)} aria-label={t("posts.images")}>
        <For each={props.images}>
          {(media, index) => (
            <li class="post-image">
              <button type="button" class="post-image-open" aria-label={t("viewer.open", { n: index() + 1, total: total() })} onClick={() => setViewing(index())}>
                <img
                  src={(total() === 1 ? media.urls.full : media.urls.thumb) ?? media.urls.full}
                  alt=""
                  loading="lazy"
                  decoding="async"
                  width={media.width}
                  height={media.height}
                />
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={viewing() !== null}>
        <PhotoViewer photos={photos()} index={viewing()} onIndex={setViewing} onClose={() => setViewing(null)} albumTitle={props.title} />
      </Show>
    </>
  );
}
