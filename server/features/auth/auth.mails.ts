/** The texts of account mail (Ukrainian first, English below). */
import { AUTH_LIMITS } from "../../../shared/auth.ts";
import type { MailMessage } from "../../lib/mail.ts";

/** The code for one registration; it names the username chosen, so the owner knows which attempt it confirms. */
export function verificationCodeMail(to: string, code: string, registration: { username: string }): MailMessage {
  return {
    to,
    subject: "✅ Підтвердіть свою електронну адресу для World IT",
    text: `Вітаємо у World IT! 👋

Будь ласка, використайте наступний код, щоб підтвердити реєстрацію акаунта @${registration.username} з цією адресою:

${code}

Введіть цей код на сторінці підтвердження, щоб завершити реєстрацію. Код дійсний ${AUTH_LIMITS.codeTtlMinutes} хвилин.
Якщо ви не реєструвалися у World IT або не обирали ім'я @${registration.username}, просто проігноруйте цей лист.

Дякуємо за приєднання!
Команда World IT 🚀

---
Your World IT code to confirm the account @${registration.username} is ${code}. It is valid for ${AUTH_LIMITS.codeTtlMinutes} minutes.
If you did not register @${registration.username}, ignore this mail.`,
  };
}

export function alreadyRegisteredMail(to: string, publicUrl: string): MailMessage {
  return {
    to,
    subject: "Спроба реєстрації з вашою адресою у World IT",
    text: `Хтось (можливо, ви) намагався зареєструватися у World IT з цією адресою, але акаунт з нею вже існує.

Якщо це були ви — увійдіть: ${publicUrl}/login
Забули пароль? Відновіть його: ${publicUrl}/forgot-password
Якщо це були не ви — просто проігноруйте цей лист, ваш акаунт у безпеці.

Команда World IT

---
Someone tried to register at World IT with this address, but an account already exists. Sign in or reset your password at the links above.`,
  };
}

export function passwordResetMail(to: string, link: string): MailMessage {
  return {
    to,
    subject: "Відновлення пароля World IT",
    text: `Ви (або хтось інший) попросили відновити пароль до World IT.

Щоб встановити новий пароль, відкрийте посилання:
${link}

Посилання дійсне ${AUTH_LIMITS.resetTokenTtlMinutes} хвилин і спрацює лише один раз. Після зміни пароля всі ваші сеанси буде завершено.
Якщо ви не просили відновлення — проігноруйте цей лист.

Команда World IT

---
To reset your World IT password, open the link above (valid for one hour, single use).`,
  };
}
