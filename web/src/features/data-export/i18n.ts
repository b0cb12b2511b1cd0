/** The words of #17 data export ("Download my data"). Merged by web/src/i18n/features.ts and english.ts. */
export const uk = {
  "dataExport.title": "Мої дані",
  "dataExport.lead":
    "Архів ZIP з усім вашим: профіль і налаштування, пости, коментарі, альбоми з фото, друзі й запити, повідомлення, які написали ви (чужих там немає), та зображення. Ми збираємо його у фоні й напишемо на пошту, коли він буде готовий; завантажити його зможете лише ви, увійшовши, протягом 7 днів.",
  "dataExport.start": "Завантажити мої дані",
  "dataExport.starting": "Запускаємо…",
  "dataExport.queued": "Архів у черзі…",
  "dataExport.running": "Збираємо архів: {percent}%",
  "dataExport.progressLabel": "Підготовка архіву",
  "dataExport.ready": "Архів готовий ({size}). Доступний до {date}.",
  "dataExport.download": "Завантажити архів",
  "dataExport.failed": "Не вдалося зібрати архів. Спробуйте ще раз.",
  "dataExport.retry": "Спробувати ще раз",
  "dataExport.expired": "Попередній архів більше не доступний. Можна зібрати новий.",
  "dataExport.again": "Зібрати новий архів",
  "dataExport.alreadyRunning": "Архів уже збирається: одночасно може бути лише один.",
  "dataExport.notFound": "Архіву немає або строк його зберігання минув.",
} as const;

export const en: Record<keyof typeof uk, string> = {
  "dataExport.title": "My data",
  "dataExport.lead":
    "A ZIP archive of everything of yours: profile and settings, posts, comments, albums with photos, friends and requests, the messages you wrote (nobody else's) and images. We build it in the background and email you when it is ready; only you, signed in, can download it, for 7 days.",
  "dataExport.start": "Download my data",
  "dataExport.starting": "Starting…",
  "dataExport.queued": "The archive is queued…",
  "dataExport.running": "Building the archive: {percent}%",
  "dataExport.progressLabel": "Preparing the archive",
  "dataExport.ready": "The archive is ready ({size}). Available until {date}.",
  "dataExport.download": "Download the archive",
  "dataExport.failed": "The archive could not be built. Please try again.",
  "dataExport.retry": "Try again",
  "dataExport.expired": "The previous archive is no longer available. You can build a new one.",
  "dataExport.again": "Build a new archive",
  "dataExport.alreadyRunning": "An archive is already being built: only one at a time.",
  "dataExport.notFound": "There is no such archive, or its time is up.",
};
