/**
 * The browser test of two-factor sign-in (#17): a person turns it on in the settings (reads the
 * key shown for typing by hand, computes the app's code), sees the ten recovery codes once, signs
 * out and signs in with the password and a code (which cancels a pending account deletion, told in
 * a toast); then with a recovery code. The setup step (QR
 * code, key, code field) fits a 390 px phone (screenshot in /tmp). Needs /usr/bin/chromium:
 * without it the tests are skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { totpCode } from "../../server/features/security/totp.ts";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { defaultPassword } from "../helpers/client.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

async function signInWithPassword(page: Page, url: string, email: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel("Електронна пошта").fill(email);
  await page.getByLabel("Пароль", { exact: true }).fill(defaultPassword);
  await page.locator("form").getByRole("button", { name: "Увійти", exact: true }).click();
  await page.getByRole("heading", { name: "Код підтвердження" }).waitFor();
}

async function signOut(page: Page) {
  const header = page.getByRole("banner");
  await header.getByRole("button", { name: "Вийти" }).click();
  await header.getByRole("link", { name: "Увійти" }).waitFor();
}

test.skipIf(skipBrowser)(
  "a person turns on two-factor sign-in in the settings, keeps the recovery codes, and signs in with a code and then with a recovery code",
  async () => {
    const srv = suite.srv;
    const olena = await signUp(srv, "Олена", "Коваль", "tfa");
    const email = (await olena.client.trpc.auth.me.query())!.email;
    const { context, page } = await browserPage(suite.browser, srv.url, olena.session);
    const header = page.getByRole("banner");
    await onFailure("two-factor", [page], async () => {
      await page.goto(`${srv.url}/settings`);
      const section = page.locator("#settings-two-factor");
      await section.getByRole("heading", { name: "Двофакторний вхід" }).waitFor();
      await section.getByText("Вимкнено", { exact: true }).waitFor();
      // The contents at the top lead to the section.
      expect(await page.getByRole("navigation", { name: "Розділи налаштувань" }).getByRole("link", { name: "Двофакторний вхід" }).getAttribute("href")).toBe(
        "#settings-two-factor",
      );

      await section.getByRole("button", { name: "Увімкнути" }).click();
      await section.getByLabel("Пароль", { exact: true }).fill(defaultPassword);
      await section.getByRole("button", { name: "Далі" }).click();
      await section.getByRole("heading", { name: "1. Додайте World IT у застосунок" }).waitFor();
      await section.getByRole("img", { name: "QR-код для застосунку-автентифікатора" }).waitFor();
      const shown = (await section.locator(".two-factor-secret").textContent())!;
      expect(shown).toMatch(/^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$/);
      const secret = shown.replace(/\s/g, "");
      expect(secret).toHaveLength(32);

      const codeField = section.getByLabel("Код із застосунку");
      expect(await codeField.getAttribute("inputmode")).toBe("numeric");
      expect(await codeField.getAttribute("autocomplete")).toBe("one-time-code");
      const right = totpCode(secret, srv.clock.now());
      await codeField.fill(right === "000000" ? "111111" : "000000");
      await section.getByRole("button", { name: "Увімкнути двофакторний вхід" }).click();
      await section.getByText("Неправильний код.").waitFor();
      await codeField.fill(right);
      await section.getByRole("button", { name: "Увімкнути двофакторний вхід" }).click();

      const list = section.getByRole("list", { name: "Десять резервних кодів" });
      await list.waitFor();
      const codes = await list.getByRole("listitem").allTextContents();
      expect(codes).toHaveLength(10);
      for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      await section.screenshot({ path: join(tmpdir(), "world-it-two-factor-codes.png") });
      await section.getByText("Двофакторний вхід увімкнено.").waitFor();
      expect(await section.getByRole("button", { name: "Завантажити .txt" }).isVisible()).toBe(true);
      await section.getByRole("button", { name: "Я їх зберіг(ла)" }).click();
      await section.getByText("Увімкнено", { exact: true }).waitFor();
      await section.getByText("Невикористаних резервних кодів: 10").waitFor();
      expect(await list.count()).toBe(0);

      // Signing in now takes the password and then a code (a new 30-second step: each code is good once).
      // The account was waiting to be deleted: this sign-in cancels that, and says so.
      await signOut(page);
      await srv.deps.db.db.updateTable("users").set({ deletion_due_at: srv.clock.now() + 86_400_000 }).where("id", "=", olena.id).execute();
      await signInWithPassword(page, srv.url, email);
      srv.clock.advance(30_000);
      const code = page.getByLabel("Код із застосунку");
      expect(await code.getAttribute("autocomplete")).toBe("one-time-code");
      await page.screenshot({ path: join(tmpdir(), "world-it-two-factor-login.png") });
      await code.fill(totpCode(secret, srv.clock.now()));
      await page.locator("form").getByRole("button", { name: "Увійти", exact: true }).click();
      await page.waitForURL(`${srv.url}/`);
      await header.getByText("Олена Коваль").waitFor();
      await page.getByRole("region", { name: "Сповіщення" }).getByText("Видалення акаунта скасовано").waitFor();

      // Without the phone: a recovery code, once.
      await signOut(page);
      await signInWithPassword(page, srv.url, email);
      await page.getByRole("button", { name: "Немає телефона? Увійти з резервним кодом" }).click();
      await page.getByLabel("Резервний код").fill(codes[0]!.toUpperCase());
      await page.locator("form").getByRole("button", { name: "Увійти", exact: true }).click();
      await page.waitForURL(`${srv.url}/`);
      await header.getByText("Олена Коваль").waitFor();

      await signOut(page);
      await signInWithPassword(page, srv.url, email);
      await page.getByRole("button", { name: "Немає телефона? Увійти з резервним кодом" }).click();
      await page.getByLabel("Резервний код").fill(codes[0]!);
      await page.locator("form").getByRole("button", { name: "Увійти", exact: true }).click();
      await page.getByText("Неправильний код.").waitFor();
      // Back to the password form.
      await page.getByRole("button", { name: "Назад до пароля" }).click();
      await page.getByLabel("Пароль", { exact: true }).waitFor();
    });
    await context.close();
  },
);

test.skipIf(skipBrowser)("the two-factor setup (QR code, key, code field) fits a 390 px phone", async () => {
  const srv = suite.srv;
  const taras = await signUp(srv, "Тарас", "Шевчук", "tfb");
  const { context, page } = await browserPage(suite.browser, srv.url, taras.session, { width: 390, height: 844 });
  await onFailure("two-factor-phone", [page], async () => {
    await page.goto(`${srv.url}/settings#settings-two-factor`);
    const section = page.locator("#settings-two-factor");
    await section.getByRole("button", { name: "Увімкнути" }).click();
    await section.getByLabel("Пароль", { exact: true }).fill(defaultPassword);
    await section.getByRole("button", { name: "Далі" }).click();
    const qr = section.getByRole("img", { name: "QR-код для застосунку-автентифікатора" });
    await qr.waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const part of [section, qr, section.locator(".two-factor-secret"), section.getByLabel("Код із застосунку")]) {
      const box = (await part.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    expect((await qr.boundingBox())!.width).toBeGreaterThan(150);
    await section.screenshot({ path: join(tmpdir(), "world-it-two-factor-390.png") });
  });
  await context.close();
});
