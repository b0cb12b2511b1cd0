/**
 * t(key, params): the current language's text with {name} placeholders filled in. The words come
 * from uk.ts/en.ts and from the features' own dictionaries (features.ts). The language lives in a
 * signal (so every t() call in JSX re-renders on switch), persists in localStorage and is
 * mirrored to <html lang>. Ukrainian is part of the app; English (english.ts) is loaded the first
 * time it is chosen, before the switch: initLang() waits for it when it was the stored choice.
 *
 * Ukrainian arrives in groups with the code that names them (web/words-plugin.ts, ADR 0026): the
 * first load carries the header's words, a page's chunk its own. A key whose words are not here
 * yet shows as empty text for the moment it takes to load all of them (all-words.ts), then re-renders.
 */
import { createSignal } from "solid-js";
import { loadOnce } from "../lib/load-once.ts";
import type { FeatureKey } from "./features.ts";
import type { MessageKey as CoreKey } from "./uk.ts";

/** The app's own words (uk.ts, en.ts) and those of the features (features.ts). */
export type MessageKey = CoreKey | FeatureKey;
export type Lang = "uk" | "en";
export type Params = Record<string, string | number>;

export const LANGS: readonly Lang[] = ["uk", "en"];
const uk: Partial<Record<MessageKey, string>> = {};
const dictionaries: Partial<Record<Lang, Partial<Record<MessageKey, string>>>> = { uk };
/** Bumped when words arrive after a t() found its key missing (that t() re-runs). */
const [wordsArrived, setWordsArrived] = createSignal(0, { equals: false });
let missed = false;
/** Every word (all-words.ts), fetched at the first miss; offline, the next miss tries again. */
const loadAllWords = loadOnce(() => import("./all-words.ts"));
let allLoaded = false;

/** Ukrainian words joining the dictionary: those a module names (web/words-plugin.ts writes the call at its top) or all (all-words.ts). */
export function addWords(words: Record<string, string>, all = false): void {
  Object.assign(uk, words);
  if (all) allLoaded = true;
  if (missed) {
    missed = false;
    setWordsArrived(0);
  }
}

/** A key whose words are not here: load them all once, show nothing until they come. */
function missing(): string {
  missed = true;
  wordsArrived();
  loadAllWords().catch(() => undefined);
  return "";
}
const STORAGE_KEY = "world-it.lang";

/** The language's words, fetched once (English is a chunk of its own). */
async function loadDictionary(next: Lang): Promise<void> {
  if (next === "en" && !dictionaries.en) dictionaries.en = (await import("./english.ts")).english;
}

function storedLang(): Lang {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value === "uk" || value === "en") return value;
  } catch {
    // Storage can be unavailable (private mode, blocked cookies): fall back to the default.
  }
  return "uk";
}

const [lang, setLangSignal] = createSignal<Lang>("uk");
export { lang };

/** Switches once the language's words are here (at once for Ukrainian) and remembers the choice. */
export async function setLang(next: Lang): Promise<void> {
  try {
    await loadDictionary(next);
  } catch {
    return; // Its words did not load (offline): the current language stays.
  }
  setLangSignal(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not persisted; the choice still holds for this tab.
  }
}

/** Applies the stored language (loading its words first) and <html lang>; index.tsx renders after it. */
export async function initLang(): Promise<void> {
  const stored = storedLang();
  try {
    await loadDictionary(stored);
    setLangSignal(stored);
  } catch {
    // The chunk did not load (offline, a new deployment): Ukrainian, which is always here.
  }
  document.documentElement.lang = lang();
}

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Params): string {
  const text = (dictionaries[lang()] ?? uk)[key];
  return text === undefined ? missing() : fill(text, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(dictionaries[lang()] ?? uk, key);
}

/** Translates a key that came from the server; unknown keys become a generic error text. */
export function tKey(key: string, params?: Params): string {
  if (isMessageKey(key)) return t(key, params);
  return allLoaded ? t("errors.internal") : missing();
}

/** BCP 47 locale for Intl formatting in the current language. */
export function locale(): string {
  return lang() === "uk" ? "uk-UA" : "en-GB";
}

export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(ms);
}

/** A calendar date "YYYY-MM-DD" (no time zone of its own), e.g. "17 травня 2000 р." */
export function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeZone: "UTC" }).format(date);
}

const BYTE_UNITS = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;

/** Bytes in binary steps with the language's unit names: "512 КБ", "1,5 MB". */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale(), {
    style: "unit",
    unit: BYTE_UNITS[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit >= 2 ? 1 : 0,
  }).format(value);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/**
 * A count with the right plural form: looks up `${base}.${category}` (Intl.PluralRules of the
 * current language: one, few, many, other) and falls back to `${base}.other`. `{n}` is the count.
 */
export function tPlural(base: string, n: number): string {
  const category = new Intl.PluralRules(locale()).select(n);
  const key = `${base}.${category}`;
  return tKey(isMessageKey(key) ? key : `${base}.other`, { n: formatNumber(n) });
}
