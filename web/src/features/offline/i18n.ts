/** The words of offline reading and the offline send queue (issue 15). Merged by web/src/i18n/features.ts and english.ts. */
export const uk = {
  "offline.banner": "Немає з'єднання — показано збережене",
  "offline.bannerHint": "Повідомлення надішлються, щойно з'єднання повернеться. Фото можна додати лише онлайн.",
} as const;

export const en: Record<keyof typeof uk, string> = {
  "offline.banner": "No connection — showing what was saved",
  "offline.bannerHint": "Messages will be sent as soon as the connection is back. Photos can be added only online.",
};
