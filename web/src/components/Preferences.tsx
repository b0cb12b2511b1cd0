/** Language switch (УКР/ENG) and light/dark theme toggle, shown in the header for everyone. */
import { For } from "solid-js";
import { lang, LANGS, setLang, t } from "../i18n/index.ts";
import { theme, toggleTheme } from "../lib/theme.ts";
import { IconButton } from "./IconButton.tsx";
import { MoonIcon, SunIcon } from "./icons.tsx";

export function LanguageSwitch() {
  return (
    <div class="lang-switch" role="group" aria-label={t("lang.label")}>
      <For each={LANGS}>
        {(code) => (
          <button
            type="button"
            lang={code}
            aria-pressed={lang() === code}
            title={code === "uk" ? t("lang.ukFull") : t("lang.enFull")}
            onClick={() => setLang(code)}
          >
            {code === "uk" ? t("lang.uk") : t("lang.en")}
          </button>
        )}
      </For>
    </div>
  );
}

export function ThemeToggle() {
  const label = () => (theme() === "dark" ? t("theme.toLight") : t("theme.toDark"));
  return (
    <IconButton label={label()} onClick={toggleTheme}>
      {theme() === "dark" ? <SunIcon /> : <MoonIcon />}
    </IconButton>
  );
}

export function Preferences() {
  return (
    <div class="prefs">
      <LanguageSwitch />
      <ThemeToggle />
    </div>
  );
}
