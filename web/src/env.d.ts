/// <reference types="vite/client" />

/** A feature dictionary imported for its English half only (web/src/i18n/english.ts). */
declare module "*/i18n.ts?lang=en" {
  export const en: Record<string, string>;
}
