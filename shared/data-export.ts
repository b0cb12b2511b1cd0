/**
 * "Download my data" (#17): a ZIP of everything a person wrote or uploaded, built in the background
 * (progress pushed live on user:<id> as `export.progress`), kept for DATA_EXPORT_LIMITS.keepDays
 * and served at GET /api/exports/<id>/download to its signed-in owner only.
 */
import { z } from "zod";

export const EXPORT_STATUSES = ["queued", "running", "ready", "failed", "expired"] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export const DATA_EXPORT_LIMITS = {
  /** Exports a person may start per day (each one reads everything they have). */
  perDay: 3,
  /** How long a ready archive can be downloaded. */
  keepDays: 7,
} as const;

export interface ExportInfo {
  id: string;
  status: ExportStatus;
  /** 0..100 */
  progress: number;
  createdAt: number;
  finishedAt: number | null;
  expiresAt: number | null;
  sizeBytes: number | null;
  /** Set while it is ready (a same-origin path; it opens only for its owner, signed in). */
  downloadUrl: string | null;
}

/** The download's path (the server's route and the web client's link). */
export const exportDownloadPath = (id: string) => `/api/exports/${id}/download`;

/** On user:<owner>: an export of mine moved (queued → running with progress → ready | failed). */
export const exportProgressFrame = z.object({
  type: z.literal("export.progress"),
  exportId: z.string(),
  status: z.enum(EXPORT_STATUSES),
  progress: z.number(),
});
export type ExportProgressFrame = z.infer<typeof exportProgressFrame>;
