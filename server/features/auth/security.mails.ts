/**
 * Security mails (#17): each tells the owner what happened to their account and links to the
 * sessions page, where every signed-in device can be seen and signed out. Ukrainian first,
 * English below, as every account mail.
 */
import type { MailMessage } from "../../lib/mail.ts";

const SIGNATURE = "Команда World IT";

function securityMail(to: string, publicUrl: string, subject: string, uk: string, en: string): MailMessage {
  const sessions = `${publicUrl}/settings/sessions`;
  return {
    to,
    subject,
    text: `${uk}

Якщо це були не ви — перегляньте сеанси й завершіть чужі: ${sessions}
і змініть пароль: ${publicUrl}/forgot-password

${SIGNATURE}

---
${en}
If this wasn't you, review your sessions at ${sessions} and change your password.`,
  };
}

/** A sign-in from a browser that never signed in to this account before. */
export function newSignInMail(to: string, publicUrl: string, where: { browser: string; ip: string | null; at: number }): MailMessage {
  const when = new Date(where.at).toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const from = where.ip ? `${where.browser}, ${where.ip}` : where.browser;
  return securityMail(
    to,
    publicUrl,
    "Новий вхід у ваш акаунт World IT",
    `У ваш акаунт World IT увійшли з нового пристрою: ${from}, ${when}.`,
    `Your World IT account was signed in to from a new device: ${from}, ${when}.`,
  );
}

export const totpEnabledMail = (to: string, publicUrl: string) =>
  securityMail(
    to,
    publicUrl,
    "Двофакторний вхід у World IT увімкнено",
    "Для вашого акаунта World IT увімкнено двофакторний вхід: після пароля тепер потрібен код із застосунку-автентифікатора.",
    "Two-factor sign-in was turned on for your World IT account.",
  );

export const totpDisabledMail = (to: string, publicUrl: string) =>
  securityMail(
    to,
    publicUrl,
    "Двофакторний вхід у World IT вимкнено",
    "Для вашого акаунта World IT вимкнено двофакторний вхід: тепер для входу достатньо пароля.",
    "Two-factor sign-in was turned off for your World IT account.",
  );

export const recoveryCodesRenewedMail = (to: string, publicUrl: string) =>
  securityMail(
    to,
    publicUrl,
    "Нові резервні коди World IT",
    "Для вашого акаунта World IT створено нові резервні коди; старі більше не діють.",
    "New recovery codes were made for your World IT account; the old ones no longer work.",
  );

export const passkeyAddedMail = (to: string, publicUrl: string, name: string) =>
  securityMail(
    to,
    publicUrl,
    "До акаунта World IT додано ключ доступу",
    `До вашого акаунта World IT додано ключ доступу «${name}»: ним можна входити без пароля.`,
    `A passkey "${name}" was added to your World IT account; it signs in without a password.`,
  );

export const deletionScheduledMail = (to: string, publicUrl: string, dueAt: number) =>
  securityMail(
    to,
    publicUrl,
    "Ваш акаунт World IT буде видалено",
    `Ви попросили видалити акаунт World IT. Його буде видалено ${new Date(dueAt).toISOString().slice(0, 10)} разом з усім, що ви опублікували.\nЩоб скасувати, просто увійдіть до цього часу: ${publicUrl}/login`,
    `You asked to delete your World IT account. It will be deleted on ${new Date(dueAt).toISOString().slice(0, 10)}; sign in before then to cancel.`,
  );

export const deletionCancelledMail = (to: string, publicUrl: string) =>
  securityMail(
    to,
    publicUrl,
    "Видалення акаунта World IT скасовано",
    "Ви увійшли в акаунт World IT, тож його видалення скасовано. Акаунт і все, що в ньому є, залишаються.",
    "You signed in to your World IT account, so its deletion was cancelled.",
  );

/** The export is ready: the link opens only for the signed-in owner. */
export function exportReadyMail(to: string, publicUrl: string, expiresAt: number): MailMessage {
  return {
    to,
    subject: "Ваші дані World IT готові",
    text: `Архів з вашими даними World IT готовий. Завантажте його в налаштуваннях (потрібно увійти): ${publicUrl}/settings#settings-data
Архів доступний до ${new Date(expiresAt).toISOString().slice(0, 10)}.

${SIGNATURE}

---
Your World IT data export is ready to download in your settings (signed in) until ${new Date(expiresAt).toISOString().slice(0, 10)}.`,
  };
}
