/**
 * Adding photos to an album (owner only): a picker that takes several files at once, and
 * dropping files anywhere on the page. Each file shows its preview and progress while it
 * uploads; then the uploaded ones are added to the album in the order they were picked.
 */
import { Show } from "solid-js";
import { ALBUM_LIMITS } from "../../../../shared/album-rules.ts";
import type { MediaInfo } from "../../../../shared/media.ts";
import { ImagePicker } from "../../components/ImagePicker.tsx";
import { PlusIcon, UploadIcon } from "../../components/icons.tsx";
import { UploadList } from "../../components/UploadList.tsx";
import { t } from "../../i18n/index.ts";
import { createFileDrop } from "../../lib/file-drop.ts";
import { trpc } from "../../lib/trpc.ts";
import { createUploadQueue } from "../../lib/upload-queue.ts";
import "../../components/drop-overlay.css";

export function AlbumUploader(props: {
  albumId: string;
  /** Called after photos were added (with how many), or with the error of adding them. */
  onAdded: (count: number) => void | Promise<void>;
  onFailed: (error: unknown) => void;
}) {
  const queue = createUploadQueue("album_photo");

  async function attach(media: MediaInfo[]) {
    for (let i = 0; i < media.length; i += ALBUM_LIMITS.addAtOnce) {
      const chunk = media.slice(i, i + ALBUM_LIMITS.addAtOnce);
      await trpc.albums.addPhotos.mutate({ albumId: props.albumId, mediaIds: chunk.map((m) => m.id) });
    }
  }

  const addFiles = async (files: File[]) => {
    const media = await queue.add(files);
    if (media.length === 0) return;
    try {
      await attach(media);
      queue.clearFinished();
      await props.onAdded(media.length);
    } catch (error) {
      props.onFailed(error);
    }
  };

  const dragging = createFileDrop((files) => void addFiles(files));

  return (
    <div class="album-uploader">
      <div class="inline-actions">
        <ImagePicker
          primary
          multiple
          icon={<PlusIcon />}
          label={t("albums.addPhotos")}
          inputLabel={t("albums.photoFiles")}
          onFiles={(files) => void addFiles(files)}
        />
        <span class="muted drop-hint">{t("albums.dropHint")}</span>
      </div>
      <UploadList queue={queue} label={t("albums.uploads")} />
      <Show when={dragging()}>
        <div class="drop-overlay" aria-hidden="true">
          <UploadIcon />
          <p>{t("albums.dropHere")}</p>
        </div>
      </Show>
    </div>
  );
}
