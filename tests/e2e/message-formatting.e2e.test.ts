/**
 * The browser test of issue 13's formatting and emoji: Olena sends a message with **bold**, a
 * Markdown link and `<b>html</b>`; Taras sees it bold, the link with target _blank and rel
 * "noopener noreferrer nofollow", and the tag as text. Olena then picks an emoji in the composer
 * with the keyboard only (the emoji button, a Ukrainian search word, an arrow, Enter): it goes in
 * at the caret, focus back in the box; reopened, the picker shows it under "Нещодавні". Taras
 * reacts to her message with an emoji that is not one of the six quick ones, through "+" and the
 * picker's search, and Olena sees the pill live.
 */
import { expect, test } from "bun:test";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)(
  "a message shows bold, a safe link and <b>html</b> as text; an emoji picked by keyboard goes in at the caret and is remembered; a reaction with any emoji through the picker shows live for the other person",
  async () => {
    const server = suite.srv;
    const olena = await signUp(server, "Олена", "Коваль", "fmt");
    const taras = await signUp(server, "Тарас", "Шевчук", "fmt");
    const chat = await olena.client.trpc.chats.openPersonal.mutate({ userId: taras.id });
    const a = await browserPage(suite.browser, server.url, olena.session);
    const b = await browserPage(suite.browser, server.url, taras.session);
    try {
      await onFailure("message-formatting", [a.page, b.page], async () => {
        await Promise.all([a.page.goto(`${server.url}/chats/${chat.id}`), b.page.goto(`${server.url}/chats/${chat.id}`)]);
        const aBox = a.page.getByRole("textbox", { name: "Повідомлення" });
        const bLog = b.page.getByRole("log", { name: "Повідомлення" });
        await aBox.waitFor();
        await bLog.waitFor();

        // Formatting: bold, a link with the safe attributes, HTML shown as the text it is.
        await aBox.fill("Це **жирний** і [сайт](https://example.com/a) та <b>html</b> і [погане](javascript:alert(1))");
        await aBox.press("Enter");
        const text = bLog.locator(".msg-text").filter({ hasText: "жирний" });
        await text.waitFor();
        expect(await text.locator("strong").textContent()).toBe("жирний");
        const link = text.getByRole("link", { name: "сайт" });
        expect(await link.getAttribute("href")).toBe("https://example.com/a");
        expect(await link.getAttribute("target")).toBe("_blank");
        expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
        expect(await text.evaluate((el) => el.querySelector("b"))).toBeNull();
        expect(await text.textContent()).toContain("<b>html</b>");
        // A javascript: link is its text only: one link in the message.
        expect(await text.locator("a").count()).toBe(1);
        expect(await text.textContent()).toContain("погане");

        // The emoji picker by keyboard: the caret sits after "Привіт " in "Привіт світ".
        await aBox.fill("Привіт світ");
        await aBox.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(7, 7));
        const emojiButton = a.page.getByRole("button", { name: "Емодзі", exact: true });
        await emojiButton.focus();
        await emojiButton.press("Enter");
        const search = a.page.getByRole("combobox", { name: "Пошук емодзі" });
        await search.waitFor();
        await a.page.waitForFunction(() => document.activeElement?.classList.contains("emoji-search"));
        await a.page.keyboard.type("серце");
        const options = a.page.getByRole("listbox").getByRole("option");
        await options.first().waitFor();
        // The first match is selected; ArrowRight moves to the second, Enter picks it.
        const second = (await options.nth(1).textContent())!;
        expect(second.length).toBeGreaterThan(0);
        await a.page.keyboard.press("ArrowRight");
        expect(await options.nth(1).getAttribute("aria-selected")).toBe("true");
        await a.page.keyboard.press("Enter");
        await search.waitFor({ state: "detached" });
        expect(await aBox.inputValue()).toBe(`Привіт ${second}світ`);
        expect(await aBox.evaluate((el) => el === document.activeElement)).toBe(true);
        expect(await aBox.evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe(7 + second.length);

        // Reopened: the recent tab is selected and starts with it; Escape closes, focus back on the button.
        await emojiButton.press("Enter");
        await a.page.getByRole("tab", { name: "Нещодавні" }).and(a.page.locator('[aria-selected="true"]')).waitFor();
        expect(await options.first().textContent()).toBe(second);
        await a.page.keyboard.press("Escape");
        await search.waitFor({ state: "detached" });
        expect(await emojiButton.evaluate((el) => el === document.activeElement)).toBe(true);
        await aBox.press("Enter");
        await bLog.locator(".msg-text").filter({ hasText: `Привіт ${second}світ` }).waitFor();

        // Taras reacts to the first message with 🦄 (not a quick one): "+", search, Enter.
        const bFirst = bLog.locator(".msg").filter({ hasText: "жирний" });
        await bFirst.hover();
        await bFirst.getByRole("button", { name: "Додати реакцію" }).click();
        await b.page.getByRole("toolbar", { name: "Додати реакцію" }).getByRole("button", { name: "Інші реакції" }).click();
        const bSearch = b.page.getByRole("combobox", { name: "Пошук емодзі" });
        await bSearch.waitFor();
        await b.page.waitForFunction(() => document.activeElement?.classList.contains("emoji-search"));
        await b.page.keyboard.type("єдиноріг");
        await b.page.getByRole("option", { name: "🦄" }).waitFor();
        await b.page.keyboard.press("Enter");
        await bSearch.waitFor({ state: "detached" });
        await bFirst.getByRole("button", { name: "🦄: 1 (ваша реакція)" }).waitFor();

        // Olena sees it live, not pressed (not hers).
        const aPill = a.page.getByRole("log", { name: "Повідомлення" }).locator(".msg").filter({ hasText: "жирний" }).locator(".msg-reaction");
        await aPill.filter({ hasText: "🦄 1" }).waitFor();
        expect(await aPill.getAttribute("aria-pressed")).toBe("false");
      });
    } finally {
      await Promise.all([a.context.close(), b.context.close()]);
    }
  },
  120_000,
);
