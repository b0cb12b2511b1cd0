/** The words of the installable app (issue 15, PWA): the "new version" prompt. Merged by web/src/i18n/features.ts and english.ts. */
export const uk = {
  "pwa.updateReady": "Доступна нова версія",
  "pwa.update": "Оновити",
  "pwa.updating": "Оновлюємо…",
  "pwa.later": "Пізніше",
} as const;

export const en: Record<keyof typeof uk, string> = {
  "pwa.updateReady": "A new version is available",
  "pwa.update": "Update",
  "pwa.updating": "Updating…",
  "pwa.later": "Later",
};
