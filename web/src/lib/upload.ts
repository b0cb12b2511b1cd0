/**
 * Uploads one image to `POST /api/media?purpose=…` with XMLHttpRequest (fetch has no upload
 * progress). Same-origin, so the session cookie goes along. Failures reject with an AppFailure
 * whose AppError has the same shape as a tRPC error; abort() rejects with code "ABORTED".
 * Obviously wrong files (not an accepted image type, over the size cap) are refused before any
 * byte is sent, with the server's own reasons — the server still checks everything.
 */
import type { MediaInfo, MediaPurpose } from "../../../shared/media.ts";
import { MEDIA_LIMITS } from "../../../shared/media-rules.ts";
import { AppFailure, isRecord, readErrorData, type AppError } from "./app-error.ts";

export interface Upload {
  promise: Promise<MediaInfo>;
  abort(): void;
}

/** What the `accept` attribute of an image file input should say. */
export const ACCEPT_IMAGES = MEDIA_LIMITS.acceptedTypes.join(",");

/** The reason a file would be refused before uploading, or null when it is worth sending. */
export function precheckImage(file: Blob): string | null {
  // An empty type means the browser could not tell: let the server sniff the bytes.
  if (file.type && !(MEDIA_LIMITS.acceptedTypes as readonly string[]).includes(file.type)) return "media.unsupportedType";
  if (file.size > MEDIA_LIMITS.maxBytes) return "media.tooLarge";
  return null;
}

function errorFromResponse(xhr: XMLHttpRequest): AppError {
  let body: unknown = null;
  try {
    body = JSON.parse(xhr.responseText);
  } catch {
    // Not JSON (a proxy's error page): fall through to the status.
  }
  const parsed = isRecord(body) && isRecord(body.error) ? readErrorData(body.error.data) : null;
  if (parsed) {
    const retry = Number(xhr.getResponseHeader("Retry-After"));
    if (parsed.reason === "errors.rateLimited" && parsed.retryAfterSeconds === undefined && retry > 0) {
      parsed.retryAfterSeconds = retry;
    }
    return parsed;
  }
  if (xhr.status === 413) return { code: "PAYLOAD_TOO_LARGE", reason: "media.tooLarge" };
  if (xhr.status === 401) return { code: "UNAUTHORIZED", reason: "auth.signInRequired" };
  return { reason: xhr.status >= 500 ? "errors.internal" : "errors.network" };
}

function isMediaInfo(value: unknown): value is MediaInfo {
  return isRecord(value) && typeof value.id === "string" && isRecord(value.urls);
}

/** Starts the upload at once; `onProgress` gets the sent fraction (0…1). */
export function uploadMedia(file: Blob, purpose: MediaPurpose, onProgress?: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<MediaInfo>((resolve, reject) => {
    const refused = precheckImage(file);
    if (refused) {
      reject(new AppFailure({ code: "BAD_REQUEST", reason: refused }));
      return;
    }
    xhr.open("POST", `/api/media?purpose=${encodeURIComponent(purpose)}`);
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // handled below
        }
        if (isMediaInfo(body)) {
          onProgress?.(1);
          resolve(body);
        } else reject(new AppFailure({ reason: "errors.internal" }));
        return;
      }
      reject(new AppFailure(errorFromResponse(xhr)));
    };
    xhr.onerror = () => reject(new AppFailure({ reason: "errors.network" }));
    xhr.onabort = () => reject(new AppFailure({ code: "ABORTED" }));
    onProgress?.(0);
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
