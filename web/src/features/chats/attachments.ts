/**
 * The images attached to the message being written: each uploads at once (purpose chat_image)
 * with its own progress, can be removed (cancelling its upload), and at most
 * CHAT_LIMITS.imagesMax are kept. Must run inside a component (object URLs are released on cleanup).
 */
import { createSignal, onCleanup, type Accessor } from "solid-js";
import { CHAT_LIMITS } from "../../../../shared/chat-rules.ts";
import type { MediaInfo } from "../../../../shared/media.ts";
import { AppFailure } from "../../lib/app-error.ts";
import { readError, type AppError } from "../../lib/trpc.ts";

export interface Attachment {
  key: number;
  name: string;
  preview: string;
  progress: Accessor<number>;
  status: Accessor<"uploading" | "done" | "failed">;
  error: Accessor<AppError | null>;
  media: Accessor<MediaInfo | null>;
  remove(): void;
}

let nextKey = 1;

export function createAttachments() {
  const [items, setItems] = createSignal<Attachment[]>([]);
  const aborts = new Map<number, () => void>();

  function release(a: Attachment) {
    aborts.get(a.key)?.();
    aborts.delete(a.key);
    if (a.preview) URL.revokeObjectURL(a.preview);
  }

  function start(file: File): Attachment {
    const [progress, setProgress] = createSignal(0);
    const [status, setStatus] = createSignal<"uploading" | "done" | "failed">("uploading");
    const [error, setError] = createSignal<AppError | null>(null);
    const [media, setMedia] = createSignal<MediaInfo | null>(null);
    // The upload code is fetched with the first image (lib/upload.ts, a chunk of its own).
    let abort: () => void = () => {};
    let removed = false;
    const uploaded = import("../../lib/upload.ts").then((m) => {
      if (removed) throw new AppFailure({ code: "ABORTED", reason: "errors.network" });
      const upload = m.uploadMedia(file, "chat_image", setProgress);
      abort = upload.abort;
      return upload.promise;
    });
    const item: Attachment = {
      key: nextKey++,
      name: file.name,
      preview: file.type.startsWith("image/") ? URL.createObjectURL(file) : "",
      progress,
      status,
      error,
      media,
      remove: () => {
        release(item);
        setItems((list) => list.filter((a) => a !== item));
      },
    };
    aborts.set(item.key, () => {
      removed = true;
      abort();
    });
    uploaded.then(
      (m) => {
        aborts.delete(item.key);
        setMedia(m);
        setStatus("done");
      },
      (e: unknown) => {
        aborts.delete(item.key);
        const failure = readError(e);
        if (failure.code === "ABORTED") return;
        setError(failure);
        setStatus("failed");
      },
    );
    return item;
  }

  onCleanup(() => items().forEach(release));

  return {
    items,
    /** Starts uploading; returns false when that would go over the limit (nothing is added then). */
    add(files: File[]): boolean {
      const room = CHAT_LIMITS.imagesMax - items().length;
      const taken = files.slice(0, Math.max(0, room));
      if (taken.length) setItems((list) => [...list, ...taken.map(start)]);
      return taken.length === files.length;
    },
    busy: () => items().some((a) => a.status() === "uploading"),
    /** Uploaded images, in the order they were added. */
    ready: () => items().flatMap((a) => (a.status() === "done" && a.media() ? [a.media()!] : [])),
    /** Forgets everything (after sending: the uploaded images now belong to the message). */
    clear() {
      items().forEach(release);
      setItems([]);
    },
  };
}

export type Attachments = ReturnType<typeof createAttachments>;
