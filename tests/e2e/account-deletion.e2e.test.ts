/**
 * The browser test of account deletion (#17): in Settings → Delete account the person enters the
 * password, confirms, is signed out and told the date everything goes and that signing in before
 * then cancels it; they sign in again and are told the deletion was cancelled. Needs
 * /usr/bin/chromium: without it the test is skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { defaultPassword } from "../helpers/client.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)("a person asks to delete their account, is signed out and told the date, and signing in again cancels it", async () => {
  const srv = suite.srv;
  const olena = await signUp(srv, "Олена", "Коваль", "deleting");
  const email = (await srv.deps.db.db.selectFrom("users").select("email").where("id", "=", olena.id).executeTakeFirstOrThrow()).email;
  const { context, page } = await browserPage(suite.browser, srv.url, olena.session);
  try {
    await onFailure("account-deletion", [page], async () => {
      await page.goto(`${srv.url}/settings`);
      await page.locator("nav.settings-toc").getByRole("link", { name: "Видалення акаунта" }).click();
      const section = page.locator("#settings-delete");
      await section.getByRole("heading", { name: "Видалення акаунта" }).waitFor();

      // A wrong password is refused under the field, and nothing is scheduled.
      await section.getByLabel("Пароль", { exact: true }).fill("not-my-password-1");
      await section.getByRole("button", { name: "Видалити акаунт…" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Так, видалити" }).click();
      await section.getByText("Неправильний пароль").waitFor();

      await section.getByLabel("Пароль", { exact: true }).fill(defaultPassword);
      await section.getByRole("button", { name: "Видалити акаунт…" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("heading", { name: "Видалити акаунт?" }).waitFor();
      await dialog.getByRole("button", { name: "Так, видалити" }).click();

      // Signed out, on the page that says when and how to cancel.
      await page.waitForURL("**/account-deleted?due=*");
      const row = await srv.deps.db.db.selectFrom("users").select("deletion_due_at").where("id", "=", olena.id).executeTakeFirstOrThrow();
      expect(row.deletion_due_at).not.toBeNull();
      const date = new Intl.DateTimeFormat("uk-UA", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${new Date(Number(row.deletion_due_at)).toISOString().slice(0, 10)}T00:00:00Z`));
      await page.getByTestId("account-deleted").getByText(`буде видалено ${date}`).waitFor();
      await page.getByTestId("account-deleted").getByText("Просто увійдіть до цієї дати").waitFor();
      await page.getByRole("banner").getByRole("link", { name: "Увійти" }).waitFor();

      // Signing in again cancels it, and says so.
      await page.getByTestId("account-deleted").getByRole("link", { name: "Увійти" }).click();
      await page.getByLabel("Електронна пошта").fill(email);
      await page.getByLabel("Пароль", { exact: true }).fill(defaultPassword);
      await page.locator("form").getByRole("button", { name: "Увійти" }).click();
      await page.locator(".toast").getByText("Видалення акаунта скасовано").waitFor();
      const after = await srv.deps.db.db.selectFrom("users").select("deletion_due_at").where("id", "=", olena.id).executeTakeFirstOrThrow();
      expect(after.deletion_due_at).toBeNull();
    });
  } finally {
    await page.goto("about:blank").catch(() => {});
    await context.close();
  }
});
