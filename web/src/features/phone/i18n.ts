/** The words of the phone layout (issue 15): the message action sheet and the bottom tab bar. Keys start with "phone.". */
export const uk = {
  "phone.messageActions": "Дії з повідомленням",
  "phone.quickReactions": "Швидкі реакції",
  "phone.cancel": "Скасувати",
  "phone.tabs": "Основні розділи",
  "phone.feed": "Стрічка",
  "phone.chats": "Чати",
  "phone.friends": "Друзі",
  "phone.notifications": "Сповіщення",
  "phone.profile": "Профіль",
  "phone.unread": "непрочитаних: {n}",
  "phone.requests": "запитів у друзі: {n}",
  "phone.unseen": "нових: {n}",
};

export const en: { [K in keyof typeof uk]: string } = {
  "phone.messageActions": "Message actions",
  "phone.quickReactions": "Quick reactions",
  "phone.cancel": "Cancel",
  "phone.tabs": "Main sections",
  "phone.feed": "Feed",
  "phone.chats": "Chats",
  "phone.friends": "Friends",
  "phone.notifications": "Alerts",
  "phone.profile": "Profile",
  "phone.unread": "unread: {n}",
  "phone.requests": "friend requests: {n}",
  "phone.unseen": "new: {n}",
};
