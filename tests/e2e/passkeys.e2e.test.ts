/**
 * The browser test of #17 passkeys, with Chromium's virtual authenticator (CDP WebAuthn domain):
 * Olena adds a passkey in settings (password, then the ceremony, then a name), signs out, and
 * signs in again with "Увійти з ключем доступу" without typing a password, and — with two-factor
 * sign-in on — finishes a password sign-in with it as the second factor; settings then show when
 * it was last used. She renames it inline and removes it; that passkey, still on the device, then
 * no longer signs in and the login page says why. The section at 390 px goes to /tmp.
 *
 * WebAuthn refuses IP addresses as the relying party, so this suite runs its own server with
 * PUBLIC_URL at http://localhost:<port> (the RP ID and the expected origin) and the pages there.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { defaultPassword } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";
import { uk as securityWords } from "../../web/src/features/security/i18n.ts";

/** The second-factor step's heading (LoginPage, the two-factor work's words). */
const secondFactorTitle = securityWords["twoFactor.loginTitle"];

const suite = useBrowserSuite();
let srv: TestServer | undefined;

beforeAll(async () => {
  if (skipBrowser) return;
  // A free port first: PUBLIC_URL must name it before the server starts.
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port;
  probe.stop(true);
  srv = await startTestServer({ env: { PORT: String(port), PUBLIC_URL: `http://localhost:${port}` } });
}, 60_000);
afterAll(async () => {
  await srv?.stop();
});

/** A platform authenticator that holds discoverable credentials and verifies the person without asking. */
async function addVirtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test.skipIf(skipBrowser)(
  "a person adds a passkey in settings, signs out, signs in with it without a password and as the second factor, renames and removes it, and the removed one no longer signs in",
  async () => {
    const server = srv!;
    expect(server.url).toStartWith("http://localhost:");
    const olena = await signUp(server, "Олена", "Коваль", "pk");
    const { context, page } = await browserPage(suite.browser, server.url, olena.session);
    try {
      await onFailure("passkeys", [page], async () => {
        const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);
        await page.goto(`${server.url}/settings#settings-passkeys`);
        const section = page.locator("#settings-passkeys");
        await section.getByRole("heading", { name: "Ключі доступу" }).waitFor();
        await section.getByText("Ключів доступу ще немає.").waitFor();
        await expect(page.getByRole("navigation", { name: "Розділи налаштувань" }).getByRole("link", { name: "Ключі доступу" }).count()).resolves.toBe(1);

        // Add: the password first, then the ceremony; the name comes prefilled from the browser.
        await section.getByRole("button", { name: "Додати ключ доступу" }).click();
        await section.getByLabel("Пароль", { exact: true }).fill(defaultPassword);
        await section.getByRole("button", { name: "Продовжити" }).click();
        const name = section.getByLabel("Назва ключа");
        await name.waitFor();
        expect(await name.inputValue()).toBe("Chrome на Linux");
        await name.fill("Мій ноутбук");
        await section.getByRole("button", { name: "Зберегти" }).click();
        await section.getByRole("status").getByText("Ключ доступу «Мій ноутбук» додано.").waitFor();
        const item = section.getByRole("list", { name: "Ваші ключі доступу" }).getByRole("listitem");
        await expect(item.count()).resolves.toBe(1);
        await item.getByText("Мій ноутбук").waitFor();
        await item.getByText(/ще не використовувався/).waitFor();

        const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
        expect(credentials).toHaveLength(1);
        expect(credentials[0]!.isResidentCredential).toBeTrue();
        expect(credentials[0]!.rpId).toBe("localhost");

        // A second passkey on the same device: the browser refuses (the account's passkey is excluded), and the section says why.
        await section.getByRole("button", { name: "Додати ключ доступу" }).click();
        await section.getByLabel("Пароль", { exact: true }).fill(defaultPassword);
        await section.getByRole("button", { name: "Продовжити" }).click();
        await section.getByRole("alert").getByText("На цьому пристрої вже є ключ доступу до вашого акаунта.").waitFor();
        await section.getByRole("button", { name: "Скасувати" }).click();
        await expect(item.count()).resolves.toBe(1);

        // The section on a phone.
        await page.setViewportSize({ width: 390, height: 844 });
        await section.scrollIntoViewIfNeeded();
        await section.screenshot({ path: "/tmp/passkeys-settings-390.png" });
        await page.setViewportSize({ width: 1280, height: 800 });

        // Sign out, then in with the passkey alone.
        await page.getByRole("banner").getByRole("button", { name: "Вийти" }).click();
        await page.getByRole("banner").getByRole("link", { name: "Увійти" }).waitFor();
        await page.goto(`${server.url}/login`);
        const password = page.getByLabel("Пароль", { exact: true });
        await page.getByRole("button", { name: "Увійти з ключем доступу" }).click();
        await page.getByRole("banner").getByText("Олена Коваль").waitFor();
        expect(new URL(page.url()).pathname).not.toBe("/login");
        expect(await password.count()).toBe(0);
        expect((await context.cookies()).some((c) => c.name === "wit_session")).toBeTrue();

        // With two-factor sign-in on (set in the database), the passkey finishes a password sign-in as the second factor.
        const { email } = await server.deps.db.db.selectFrom("users").select("email").where("id", "=", olena.id).executeTakeFirstOrThrow();
        await server.deps.db.db
          .updateTable("users")
          .set({ totp_secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", totp_enabled_at: Date.now() })
          .where("id", "=", olena.id)
          .execute();
        await page.getByRole("banner").getByRole("button", { name: "Вийти" }).click();
        await page.getByRole("banner").getByRole("link", { name: "Увійти" }).waitFor();
        await page.goto(`${server.url}/login`);
        await page.getByLabel("Електронна пошта").fill(email);
        await page.getByLabel("Пароль", { exact: true }).fill(defaultPassword);
        await page.getByRole("button", { name: "Увійти", exact: true }).click();
        await page.getByRole("heading", { name: secondFactorTitle }).waitFor();
        await page.getByRole("button", { name: "Увійти з ключем доступу" }).click();
        await page.getByRole("banner").getByText("Олена Коваль").waitFor();
        await server.deps.db.db.updateTable("users").set({ totp_secret: null, totp_enabled_at: null }).where("id", "=", olena.id).execute();

        // Settings now say when it was used; rename it in place.
        await page.goto(`${server.url}/settings#settings-passkeys`);
        await item.getByText(/востаннє використано/).waitFor();
        await item.getByRole("button", { name: "Перейменувати ключ «Мій ноутбук»" }).click();
        const rename = item.getByLabel("Назва ключа");
        await expect(rename.evaluate((el) => el === document.activeElement)).resolves.toBeTrue();
        await rename.fill("Робочий ноутбук");
        await rename.press("Enter");
        await item.getByText("Робочий ноутбук").waitFor();
        await section.getByRole("status").getByText("Ключ перейменовано.").waitFor();

        // Remove it (after a confirmation); the credential stays on the device but no longer signs in.
        await item.getByRole("button", { name: "Видалити ключ «Робочий ноутбук»" }).click();
        const dialog = page.getByRole("dialog", { name: "Видалити ключ доступу?" });
        await dialog.getByRole("button", { name: "Видалити" }).click();
        await dialog.waitFor({ state: "hidden" });
        await section.getByText("Ключів доступу ще немає.").waitFor();
        await page.getByRole("banner").getByRole("button", { name: "Вийти" }).click();
        await page.getByRole("banner").getByRole("link", { name: "Увійти" }).waitFor();
        await page.goto(`${server.url}/login`);
        await page.getByRole("button", { name: "Увійти з ключем доступу" }).click();
        await page.getByRole("alert").getByText("Цей ключ доступу не пов’язаний із жодним акаунтом (можливо, його видалили).").waitFor();
        expect(new URL(page.url()).pathname).toBe("/login");
      });
    } finally {
      await page.goto("about:blank").catch(() => {});
      await context.close();
    }
  },
);

test.skipIf(skipBrowser)("a browser without WebAuthn is told so in settings and gets no passkey button at sign-in", async () => {
  const server = srv!;
  const taras = await signUp(server, "Тарас", "Шевчук", "pknone");
  const { context, page } = await browserPage(suite.browser, server.url, taras.session);
  await context.addInitScript(() => {
    delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
  });
  try {
    await onFailure("passkeys-unsupported", [page], async () => {
      await page.goto(`${server.url}/settings#settings-passkeys`);
      const section = page.locator("#settings-passkeys");
      await section.getByText("Цей браузер не підтримує ключі доступу.", { exact: false }).waitFor();
      await section.getByText("Ключів доступу ще немає.").waitFor();
      expect(await section.getByRole("button", { name: "Додати ключ доступу" }).count()).toBe(0);

      await page.getByRole("banner").getByRole("button", { name: "Вийти" }).click();
      await page.getByRole("banner").getByRole("link", { name: "Увійти" }).waitFor();
      await page.goto(`${server.url}/login`);
      await page.getByLabel("Пароль", { exact: true }).waitFor();
      expect(await page.getByRole("button", { name: "Увійти з ключем доступу" }).count()).toBe(0);
    });
  } finally {
    await page.goto("about:blank").catch(() => {});
    await context.close();
  }
});
