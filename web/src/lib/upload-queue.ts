/**
 * A queue of image uploads shown to the person while they run: each file gets a preview (an
 * object URL of the local file), its own progress and status, and can be cancelled. A few
 * upload at once. `add(files)` resolves, once the whole batch has settled, with the uploaded
 * media of the successful files in the order they were given. Must run inside a component.
 */
import { createSignal, onCleanup, type Accessor } from "solid-js";
import type { MediaInfo, MediaPurpose } from "../../../shared/media.ts";
import { readError, type AppError } from "./trpc.ts";
import { uploadMedia, type Upload } from "./upload.ts";

export type UploadStatus = "queued" | "uploading" | "done" | "failed" | "cancelled";

export interface UploadItem {
  key: number;
  name: string;
  /** Object URL of the local file, or "" when it is not an image the browser could show. */
  preview: string;
  progress: Accessor<number>;
  status: Accessor<UploadStatus>;
  error: Accessor<AppError | null>;
  cancel(): void;
}

interface Entry extends UploadItem {
  file: File;
  start(): void;
  settled: Promise<MediaInfo | null>;
}

let nextKey = 1;

export function createUploadQueue(purpose: MediaPurpose, options: { concurrency?: number } = {}) {
  const concurrency = options.concurrency ?? 3;
  const [items, setItems] = createSignal<Entry[]>([]);
  let running = 0;
  const waiting: Entry[] = [];

  const pump = () => {
    while (running < concurrency && waiting.length > 0) {
      const entry = waiting.shift()!;
      if (entry.status() !== "queued") continue;
      running++;
      entry.start();
      void entry.settled.finally(() => {
        running--;
        pump();
      });
    }
  };

  function makeEntry(file: File): Entry {
    const [progress, setProgress] = createSignal(0);
    const [status, setStatus] = createSignal<UploadStatus>("queued");
    const [error, setError] = createSignal<AppError | null>(null);
    let upload: Upload | null = null;
    let finish: (media: MediaInfo | null) => void = () => {};
    const settled = new Promise<MediaInfo | null>((resolve) => (finish = resolve));
    return {
      key: nextKey++,
      name: file.name,
      file,
      preview: file.type.startsWith("image/") ? URL.createObjectURL(file) : "",
      progress,
      status,
      error,
      settled,
      start() {
        setStatus("uploading");
        upload = uploadMedia(file, purpose, setProgress);
        upload.promise.then(
          (media) => {
            setStatus("done");
            finish(media);
          },
          (failure: unknown) => {
            const problem = readError(failure);
            setStatus(problem.code === "ABORTED" ? "cancelled" : "failed");
            if (problem.code !== "ABORTED") setError(problem);
            finish(null);
          },
        );
      },
      cancel() {
        if (status() === "uploading") upload?.abort();
        else if (status() === "queued") {
          setStatus("cancelled");
          finish(null);
        }
      },
    };
  }

  const release = (entry: Entry) => entry.preview && URL.revokeObjectURL(entry.preview);
  onCleanup(() => {
    for (const entry of items()) {
      entry.cancel();
      release(entry);
    }
  });

  return {
    items: items as Accessor<readonly UploadItem[]>,
    /** True while anything is queued or uploading. */
    busy: () => items().some((e) => e.status() === "queued" || e.status() === "uploading"),
    async add(files: Iterable<File>): Promise<MediaInfo[]> {
      const batch = [...files].map(makeEntry);
      if (batch.length === 0) return [];
      setItems((list) => [...list, ...batch]);
      waiting.push(...batch);
      pump();
      const results = await Promise.all(batch.map((e) => e.settled));
      return results.filter((m): m is MediaInfo => m !== null);
    },
    /** Drops an item from the list (cancelling it if it still runs). */
    dismiss(item: UploadItem) {
      const entry = items().find((e) => e.key === item.key);
      if (!entry) return;
      entry.cancel();
      release(entry);
      setItems((list) => list.filter((e) => e !== entry));
    },
    /** Drops the finished ones (done or cancelled), keeping failures visible. */
    clearFinished() {
      const gone = items().filter((e) => e.status() === "done" || e.status() === "cancelled");
      gone.forEach(release);
      setItems((list) => list.filter((e) => !gone.includes(e)));
    },
  };
}

export type UploadQueue = ReturnType<typeof createUploadQueue>;
