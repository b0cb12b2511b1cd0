/**
 * Light/dark theme as `data-theme` on <html>. Until the person picks one, it follows the system
 * (prefers-color-scheme, live); a pick is persisted in localStorage.
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

function apply(value: Theme): void {
  document.documentElement.dataset.theme = value;
  document.querySelector('meta[name="color-scheme"]')?.setAttribute("content", value);
}

export function initTheme(): void {
  apply(theme());
  media.addEventListener("change", () => {
    if (stored()) return;
    setThemeSignal(systemTheme());
    apply(theme());
  });
}

export function toggleTheme(): void {
  const next: Theme = theme() === "dark" ? "light" : "dark";
  setThemeSignal(next);
  apply(next);
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not persisted; still applied for this tab.
  }
}
