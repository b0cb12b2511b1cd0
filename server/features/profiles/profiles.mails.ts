import { AUTH_LIMITS } from "../../../shared/auth.ts";
import type { MailMessage } from "../../lib/mail.ts";

export function newEmailCodeMail(to: string, code: string): MailMessage {
  return {
    to,
    subject: "Підтвердіть нову адресу для World IT",
    text: `Ви попросили змінити адресу вашого акаунта World IT на цю.

Код підтвердження: ${code}

Введіть його в налаштуваннях. Код дійсний ${AUTH_LIMITS.codeTtlMinutes} хвилин.
Якщо ви нічого не змінювали — проігноруйте цей лист.

Команда World IT

---
Your World IT code to confirm this new address is ${code} (valid ${AUTH_LIMITS.codeTtlMinutes} minutes).`,
  };
}

export function emailChangedMail(oldAddress: string, newAddress: string, publicUrl: string): MailMessage {
  return {
    to: oldAddress,
    subject: "Адресу вашого акаунта World IT змінено",
    text: `Адресу вашого акаунта World IT змінено на ${newAddress}.

Якщо це зробили не ви, негайно відновіть доступ: ${publicUrl}/forgot-password
(посилання для відновлення прийде на нову адресу, тож напишіть нам, якщо не маєте до неї доступу).
Перегляньте сеанси й завершіть чужі: ${publicUrl}/settings/sessions

Команда World IT

---
Your World IT account's email address was changed to ${newAddress}. If this wasn't you, reset your password right away
and review your sessions at ${publicUrl}/settings/sessions.`,
  };
}

export function passwordChangedMail(to: string, publicUrl: string): MailMessage {
  return {
    to,
    subject: "Пароль World IT змінено",
    text: `Пароль вашого акаунта World IT щойно змінено.
Якщо це були не ви — відновіть пароль: ${publicUrl}/forgot-password
і перегляньте сеанси й завершіть чужі: ${publicUrl}/settings/sessions

Команда World IT

---
Your World IT password was just changed. If this wasn't you, reset it at the link above
and review your sessions at ${publicUrl}/settings/sessions.`,
  };
}
