/**
 * The browser test of changing the email in Settings → Email: "Змінити адресу" opens the request
 * form (a chunk of its own, web/src/features/settings/EmailChange.tsx), the new address and the
 * password send a code there, the code step waits (and is still there after a reload), and the
 * code typed in makes it the address. Needs /usr/bin/chromium: without it the test is skipped
 * with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { defaultPassword, uniqueEmail } from "../helpers/client.ts";
import { browserPage, onFailure, pasteInto, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)("a person changes their email in the settings with the code sent to the new address", async () => {
  const srv = suite.srv;
  const olena = await signUp(srv, "Олена", "Пошта", "emailchange");
  const newEmail = uniqueEmail("emailchanged");
  const { context, page } = await browserPage(suite.browser, srv.url, olena.session);
  try {
    await onFailure("settings-email", [page], async () => {
      await page.goto(`${srv.url}/settings`);
      const section = page.locator("#settings-email");
      await section.getByRole("heading", { name: "Електронна пошта" }).waitFor();

      await section.getByRole("button", { name: "Змінити адресу" }).click();
      await section.getByLabel("Нова адреса").fill(newEmail);
      await section.getByLabel("Пароль", { exact: true }).fill(defaultPassword);
      await section.getByRole("button", { name: "Надіслати код" }).click();
      await section.getByText(`Ми надіслали код на ${newEmail}`).waitFor();

      // The change waits for its code across a reload (the code step is loaded with the settings).
      await page.reload();
      await section.getByText(`Ми надіслали код на ${newEmail}`).waitFor();
      const code = await srv.mail.codeFor(newEmail);
      await pasteInto(section.getByRole("textbox", { name: "Цифра 1 з 6" }), code);

      await section.getByText("Адресу електронної пошти змінено.").waitFor();
      await section.getByText(newEmail, { exact: true }).waitFor();
      const row = await srv.deps.db.db.selectFrom("users").select("email").where("id", "=", olena.id).executeTakeFirstOrThrow();
      expect(row.email).toBe(newEmail);
    });
  } finally {
    await page.goto("about:blank").catch(() => {});
    await context.close();
  }
});
