/** The words of #17 account deletion. Merged by web/src/i18n/features.ts and english.ts. */
export const uk = {
  "accountDeletion.title": "Видалення акаунта",
  "accountDeletion.lead":
    "Після запиту ви вийдете з усіх пристроїв, а через 14 днів ми видалимо акаунт і все ваше: профіль, аватари, пости з коментарями й уподобаннями, альбоми з фото, друзів і запити, а також усі завантажені зображення. Якщо за ці 14 днів ви увійдете, видалення скасується.",
  "accountDeletion.chats":
    "Ваші повідомлення в групах і особистих чатах залишаться у співрозмовників, але замість вашого імені там буде «Видалений акаунт», а зображення з них зникнуть. З усіх груп ви вийдете.",
  "accountDeletion.codeLabel": "Код двофакторної перевірки",
  "accountDeletion.codeHint": "Шість цифр із застосунку або резервний код.",
  "accountDeletion.submit": "Видалити акаунт…",
  "accountDeletion.confirmTitle": "Видалити акаунт?",
  "accountDeletion.confirmText":
    "Ви вийдете з усіх пристроїв. Через 14 днів акаунт і все ваше буде видалено назавжди; щоб скасувати, просто увійдіть до того часу.",
  "accountDeletion.confirm": "Так, видалити",
  "accountDeletion.scheduledTitle": "Акаунт буде видалено",
  // Ends with the date: its Ukrainian form ends with "р." already.
  "accountDeletion.scheduledText": "Ви вийшли з усіх пристроїв. Ваш акаунт і все, що в ньому є, буде видалено {date}",
  "accountDeletion.cancelHint": "Передумали? Просто увійдіть до цієї дати — видалення скасується, і все залишиться як було.",
  "accountDeletion.signIn": "Увійти",
  "accountDeletion.home": "На головну",
  "accountDeletion.deletedAccount": "Видалений акаунт",
  "accountDeletion.noReply": "Цей акаунт видалено: відповісти не можна.",
} as const;

export const en: Record<keyof typeof uk, string> = {
  "accountDeletion.title": "Delete account",
  "accountDeletion.lead":
    "Once you ask, you are signed out on every device, and after 14 days we delete the account and everything of yours: profile, avatars, posts with their comments and likes, albums with photos, friends and requests, and every image you uploaded. Signing in within those 14 days cancels the deletion.",
  "accountDeletion.chats":
    "Your messages in groups and personal chats stay with the people you wrote to, shown as from “Deleted account”, without their images. You leave every group.",
  "accountDeletion.codeLabel": "Two-factor code",
  "accountDeletion.codeHint": "Six digits from your app, or a recovery code.",
  "accountDeletion.submit": "Delete account…",
  "accountDeletion.confirmTitle": "Delete your account?",
  "accountDeletion.confirmText":
    "You will be signed out on every device. In 14 days the account and everything of yours is deleted for good; to cancel, just sign in before then.",
  "accountDeletion.confirm": "Yes, delete",
  "accountDeletion.scheduledTitle": "Your account will be deleted",
  "accountDeletion.scheduledText": "You have been signed out on every device. Your account and everything in it will be deleted on {date}.",
  "accountDeletion.cancelHint": "Changed your mind? Just sign in before that date: the deletion is cancelled and everything stays as it was.",
  "accountDeletion.signIn": "Sign in",
  "accountDeletion.home": "Home",
  "accountDeletion.deletedAccount": "Deleted account",
  "accountDeletion.noReply": "This account was deleted: you cannot reply.",
};
