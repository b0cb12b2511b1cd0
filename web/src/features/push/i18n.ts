/** The words of issue 15: web push. Merged by web/src/i18n/features.ts and english.ts. Keys start with "push.". */
export const uk = {
  "push.title": "Сповіщення на пристрої",
  "push.lead":
    "Нові повідомлення, запити у друзі й коментарі до ваших дописів з'являтимуться як системні сповіщення цього пристрою, коли World IT не відкрито в жодній вкладці.",
  "push.unsupported": "Цей браузер не вміє показувати сповіщення сайтів. Спробуйте сучасний браузер або встановіть World IT як застосунок.",
  "push.denied": "Сповіщення для World IT заблоковано в налаштуваннях браузера. Дозвольте їх там, а потім поверніться сюди.",
  "push.off": "На цьому пристрої сповіщення вимкнено.",
  "push.on": "Цей пристрій отримує сповіщення.",
  "push.enable": "Увімкнути сповіщення",
  "push.disable": "Вимкнути сповіщення",
  "push.working": "Зачекайте…",
  "push.enabled": "Сповіщення увімкнено.",
  "push.disabled": "Сповіщення вимкнено.",
  "push.notAllowed": "Без дозволу браузера сповіщення не з'являтимуться.",
  "push.showText": "Показувати текст повідомлень у сповіщеннях",
  "push.showTextHint": "Вимкнено: сповіщення каже лише, від кого й де, — текст не видно на заблокованому екрані.",
  "push.saved": "Збережено.",
  "push.failed": "Не вдалося підключити сповіщення на цьому пристрої. Спробуйте ще раз.",
  "push.badEndpoint": "Браузер дав адресу сповіщень, якої сервер не приймає.",
  "push.badKey": "Браузер дав хибний ключ сповіщень.",
} as const;

export const en: Record<keyof typeof uk, string> = {
  "push.title": "Notifications on this device",
  "push.lead":
    "New messages, friend requests and comments on your posts will show as this device's system notifications while World IT is not open in any tab.",
  "push.unsupported": "This browser cannot show notifications from websites. Try a modern browser or install World IT as an app.",
  "push.denied": "Notifications for World IT are blocked in your browser's settings. Allow them there, then come back here.",
  "push.off": "Notifications are off on this device.",
  "push.on": "This device gets notifications.",
  "push.enable": "Turn on notifications",
  "push.disable": "Turn off notifications",
  "push.working": "Just a moment…",
  "push.enabled": "Notifications are on.",
  "push.disabled": "Notifications are off.",
  "push.notAllowed": "Without the browser's permission no notifications can show.",
  "push.showText": "Show message text in notifications",
  "push.showTextHint": "Off: a notification only says who and where — no text on a locked screen.",
  "push.saved": "Saved.",
  "push.failed": "Could not set up notifications on this device. Please try again.",
  "push.badEndpoint": "The browser gave a notification address the server does not accept.",
  "push.badKey": "The browser gave an invalid notification key.",
};
