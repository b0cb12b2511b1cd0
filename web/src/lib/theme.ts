/**
 * Light/dark theme as `data-theme` on <html>. Until the person picks one, it follows the system
 * (prefers-color-scheme, live); a pick is persisted in localStorage.
 * The browser's theme colour (index.html: one `theme-color` meta per scheme, the manifest's
 * `theme_color` being the light one) follows too: after a pick, every meta carries the picked
 * theme's colour, so the browser shows it whatever the system's scheme; unpicked, each meta keeps
 * its own colour and the browser picks by the system's scheme.
 */
import { createSignal } from "solid-js";

export type Theme = "light" | "dark";
const STORAGE_KEY = "world-it.theme";
const media = window.matchMedia("(prefers-color-scheme: dark)");

function stored(): Theme | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "light" || value === "dark" ? value : null;
  } catch {
    return null;
  }
}

const systemTheme = (): Theme => (media.matches ? "dark" : "light");
const [theme, setThemeSignal] = createSignal<Theme>(stored() ?? systemTheme());
export { theme };

/** Each theme-color meta with the colour index.html gives it, and the theme whose scheme it names. */
const themeColors = [...document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')].map((meta) => ({
  meta,
  theme: (/prefers-color-scheme:\s*dark/.test(meta.media) ? "dark" : "light") as Theme,
  color: meta.content,
}));

/** `picked`: the person chose `value` (else it is the system's). */
function apply(value: Theme, picked: boolean): void {
  document.documentElement.dataset.theme = value;
  document.querySelector('meta[name="color-scheme"]')?.setAttribute("content", value);
  const color = picked ? themeColors.find((c) => c.theme === value)?.color : undefined;
  for (const c of themeColors) c.meta.content = color ?? c.color;
}

export function initTheme(): void {
  apply(theme(), stored() !== null);
  media.addEventListener("change", () => {
    if (stored()) return;
    setThemeSignal(systemTheme());
    apply(theme(), false);
  });
}

export function toggleTheme(): void {
  const next: Theme = theme() === "dark" ? "light" : "dark";
  setThemeSignal(next);
  apply(next, true);
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not persisted; still applied for this tab.
  }
}
