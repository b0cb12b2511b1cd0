/**
 * The new post being written, kept in localStorage per person so it survives a reload (and a
 * crash): fields, tags, links and the images already uploaded. Cleared after posting.
 */
import type { MediaInfo } from "../../../../shared/media.ts";

export interface PostDraft {
  title: string;
  topic: string;
  body: string;
  tags: string[];
  links: string[];
  images: MediaInfo[];
}

const keyOf = (userId: string) => `world-it.post-draft.${userId}`;
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
const text = (value: unknown) => (typeof value === "string" ? value : "");

export function isEmptyDraft(d: PostDraft): boolean {
  return !d.title.trim() && !d.topic.trim() && !d.body.trim() && !d.tags.length && !d.links.length && !d.images.length;
}

export function loadDraft(userId: string): PostDraft | null {
  try {
    const raw = localStorage.getItem(keyOf(userId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Record<string, unknown>;
    const images = Array.isArray(value.images)
      ? value.images.filter((m): m is MediaInfo => typeof m === "object" && m !== null && typeof (m as MediaInfo).id === "string" && typeof (m as MediaInfo).urls === "object")
      : [];
    const draft = { title: text(value.title), topic: text(value.topic), body: text(value.body), tags: strings(value.tags), links: strings(value.links), images };
    return isEmptyDraft(draft) ? null : draft;
  } catch {
    return null; // No storage, or not our JSON: start afresh.
  }
}

/** Whether a draft waits (the home page fetches the composer at once to show it). */
export function hasDraft(userId: string): boolean {
  try {
    return localStorage.getItem(keyOf(userId)) !== null;
  } catch {
    return false;
  }
}

export function saveDraft(userId: string, draft: PostDraft): void {
  try {
    if (isEmptyDraft(draft)) localStorage.removeItem(keyOf(userId));
    else localStorage.setItem(keyOf(userId), JSON.stringify(draft));
  } catch {
    // Storage full or blocked: the draft lives as long as the tab.
  }
}

export function clearDraft(userId: string): void {
  try {
    localStorage.removeItem(keyOf(userId));
  } catch {
    // Nothing stored.
  }
}
