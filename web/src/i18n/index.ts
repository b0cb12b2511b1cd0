/**
 * t(key, params): the current language's text with {name} placeholders filled in. The language
 * lives in a signal (so every t() call in JSX re-renders on switch), persists in localStorage
 * and is mirrored to <html lang>.
 */
import { createSignal } from "solid-js";
import { en } from "./en.ts";
import { uk, type MessageKey } from "./uk.ts";

export type { MessageKey };
export type Lang = "uk" | "en";
export type Params = Record<string, string | number>;

export const LANGS: readonly Lang[] = ["uk", "en"];
const dictionaries: Record<Lang, Record<MessageKey, string>> = { uk, en };
const STORAGE_KEY = "world-it.lang";

function storedLang(): Lang {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value === "uk" || value === "en") return value;
  } catch {
    // Storage can be unavailable (private mode, blocked cookies): fall back to the default.
  }
  return "uk";
}

const [lang, setLangSignal] = createSignal<Lang>(storedLang());
export { lang };

export function setLang(next: Lang): void {
  setLangSignal(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not persisted; the choice still holds for this tab.
  }
}

/** Applies the stored language to <html lang> once at startup. */
export function initLang(): void {
  document.documentElement.lang = lang();
}

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Params): string {
  return fill(dictionaries[lang()][key], params);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(uk, key);
}

/** Translates a key that came from the server; unknown keys become a generic error text. */
export function tKey(key: string, params?: Params): string {
  return isMessageKey(key) ? t(key, params) : t("errors.internal");
}

/** BCP 47 locale for Intl formatting in the current language. */
export function locale(): string {
  return lang() === "uk" ? "uk-UA" : "en-GB";
}

export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(ms);
}
