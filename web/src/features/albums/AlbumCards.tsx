/** A grid of album covers linking to the albums: cover (or a placeholder), title, year, count. */
import { For, Show } from "solid-js";
import type { AlbumSummary } from "../../../../shared/albums.ts";
import { ImageIcon } from "../../components/icons.tsx";
import { tPlural } from "../../i18n/index.ts";
import { VisibilityBadge } from "./VisibilityBadge.tsx";
import "./albums.css";

export function AlbumCards(props: { albums: readonly AlbumSummary[]; showVisibility: boolean; label: string }) {
  return (
    <ul class="album-grid" aria-label={props.label}>
      <For each={props.albums}>
        {(album) => (
          <li class="album-card">
            <a href={`/albums/${album.id}`} class="album-link">
              <span class="album-cover">
                <Show when={album.cover} fallback={<ImageIcon class="album-cover-empty" />}>
                  {(cover) => <img src={cover().urls.thumb ?? cover().urls.full} alt="" loading="lazy" decoding="async" />}
                </Show>
              </span>
              <span class="album-title">{album.title}</span>
            </a>
            <p class="album-meta">
              <Show when={album.year !== null}>
                <span>{album.year}</span>
              </Show>
              <span>{tPlural("albums.photoCount", album.photoCount)}</span>
              <Show when={props.showVisibility && album.visibility !== "everyone"}>
                <VisibilityBadge visibility={album.visibility} />
              </Show>
            </p>
          </li>
        )}
      </For>
    </ul>
  );
}
