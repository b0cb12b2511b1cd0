/**
 * The images of the post being written: each file uploads at once (purpose post_image) with its
 * own progress, can be removed (cancelling its upload) and moved (the order is the post's order);
 * at most POST_LIMITS.imagesMax. Images already uploaded (a post being edited, a restored draft)
 * start as done. Must run inside a component (object URLs are released on cleanup).
 */
import { createSignal, onCleanup, type Accessor } from "solid-js";
import type { MediaInfo } from "../../../../shared/media.ts";
import { POST_LIMITS } from "../../../../shared/post-rules.ts";
import { readError, type AppError } from "../../lib/trpc.ts";
import { uploadMedia } from "../../lib/upload.ts";

export type ImageStatus = "uploading" | "done" | "failed";

export interface PostImage {
  key: number;
  name: string;
  /** An object URL of the local file, or the uploaded thumbnail. */
  preview: string;
  progress: Accessor<number>;
  status: Accessor<ImageStatus>;
  error: Accessor<AppError | null>;
  media: Accessor<MediaInfo | null>;
}

interface Entry extends PostImage {
  release(): void;
}

let nextKey = 1;

function uploaded(media: MediaInfo): Entry {
  const [m] = createSignal<MediaInfo | null>(media);
  return {
    key: nextKey++,
    name: media.id,
    preview: media.urls.thumb ?? media.urls.full ?? "",
    progress: () => 1,
    status: () => "done",
    error: () => null,
    media: m,
    release: () => {},
  };
}

function uploading(file: File, onChange: () => void): Entry {
  const [progress, setProgress] = createSignal(0);
  const [status, setStatus] = createSignal<ImageStatus>("uploading");
  const [error, setError] = createSignal<AppError | null>(null);
  const [media, setMedia] = createSignal<MediaInfo | null>(null);
  const upload = uploadMedia(file, "post_image", setProgress);
  const preview = file.type.startsWith("image/") ? URL.createObjectURL(file) : "";
  let running = true;
  upload.promise.then(
    (m) => {
      running = false;
      setMedia(m);
      setStatus("done");
      onChange();
    },
    (e: unknown) => {
      running = false;
      const failure = readError(e);
      if (failure.code === "ABORTED") return;
      setError(failure);
      setStatus("failed");
    },
  );
  return {
    key: nextKey++,
    name: file.name,
    preview,
    progress,
    status,
    error,
    media,
    release() {
      if (running) upload.abort();
      if (preview) URL.revokeObjectURL(preview);
    },
  };
}

/** `onChange` runs when the list of uploaded images changes (to save a draft). */
export function createPostImages(onChange: () => void = () => {}) {
  const [items, setItems] = createSignal<Entry[]>([]);
  onCleanup(() => items().forEach((e) => e.release()));
  const changed = () => queueMicrotask(onChange);

  return {
    items: items as Accessor<readonly PostImage[]>,
    /** Starts uploading; false when that would go over the limit (only what fits is added). */
    add(files: File[]): boolean {
      const room = POST_LIMITS.imagesMax - items().length;
      const taken = files.slice(0, Math.max(0, room));
      if (taken.length) setItems((list) => [...list, ...taken.map((f) => uploading(f, changed))]);
      return taken.length === files.length;
    },
    remove(item: PostImage) {
      const entry = items().find((e) => e.key === item.key);
      entry?.release();
      setItems((list) => list.filter((e) => e.key !== item.key));
      changed();
    },
    /** Moves an image to another place (drag and drop, or ← → by one). */
    moveTo(item: PostImage, to: number) {
      const list = [...items()];
      const from = list.findIndex((e) => e.key === item.key);
      if (from < 0 || to < 0 || to >= list.length || to === from) return;
      const [entry] = list.splice(from, 1);
      list.splice(to, 0, entry!);
      setItems(list);
      changed();
    },
    busy: () => items().some((e) => e.status() === "uploading"),
    /** Uploaded images in their order. */
    ready: () => items().flatMap((e) => (e.status() === "done" && e.media() ? [e.media()!] : [])),
    /** Replaces the list by images already uploaded (a post to edit, a restored draft, or none). */
    reset(media: readonly MediaInfo[] = []) {
      items().forEach((e) => e.release());
      setItems(media.map(uploaded));
    },
  };
}

export type PostImages = ReturnType<typeof createPostImages>;
