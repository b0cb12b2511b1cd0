/**
 * The browser test for the messenger: two people (accounts made through the API, their session
 * cookies handed to two browser contexts) chat live in a personal chat. A opens B's profile and
 * clicks "Написати"; B, already on /chats (on a phone-sized screen), sees the chat appear with an
 * unread badge, opens it, reads the message live (A's message turns from one tick, "Надіслано", to
 * two, "Переглянуто", live) and replies (A sees "Тарас друкує…" while B
 * types, and the reply live, with the preview in A's chat list beside it); A sends an
 * image (a PNG built at runtime) with text and B sees it load. A guest on /chat/global reads the
 * public chat with the input disabled. A edits the first message in the composer (keyboard: the
 * edit button, Enter; Escape cancels once first; an emptied text is refused in the box, without a
 * request) and B sees the new text live, marked "змінено". Then A deletes the photo message
 * (keyboard: the delete button, then the confirmation dialog) and both see "Повідомлення
 * видалено" in its place.
 * Finally B reacts 👍 to A's first message (keyboard: "Додати реакцію", Enter, the picker) and A
 * sees "👍 1" live; A clicks the pill to add theirs and both see "👍 2". Needs /usr/bin/chromium: without it the test is skipped
 * with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { type Locator } from "playwright-core";
import { makePng } from "../fixtures/images.ts";
import { useBrowserSuite, skipBrowser } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

const contextFor = (session: string | null, width: number, height: number) => browserPage(suite.browser, suite.srv.url, session, { width, height });

/** True once an <img> has really decoded (a broken or missing image has naturalWidth 0). */
async function imageLoaded(img: Locator): Promise<boolean> {
  await img.waitFor();
  return img.evaluate(async (el: HTMLImageElement) => {
    if (!el.complete) await new Promise((resolve) => el.addEventListener("load", resolve, { once: true }));
    return el.naturalWidth > 0;
  });
}

const thumbUrl = /^\/media\/[a-f0-9]{24}\/thumb\.webp$/;

test.skipIf(skipBrowser)(
  "two people chat live in a personal chat, with an image; a guest reads the public chat; an edited message shows its new text live; a deleted message turns into a placeholder for both; a reaction shows live and a click on it adds mine",
  async () => {
    const server = suite.srv;
    const olena = await signUp(server, "Олена", "Коваль", "chat");
    const taras = await signUp(server, "Тарас", "Шевчук", "chat");
    const a = await contextFor(olena.session, 1280, 800);
    const b = await contextFor(taras.session, 375, 740);
    const guest = await contextFor(null, 375, 740);

    try {
      await onFailure("chat", [a.page, b.page, guest.page], async () => {
        // B waits on the chat list (a phone: the list is its own screen).
        await b.page.goto(`${server.url}/chats`);
        await b.page.getByRole("heading", { name: "Чати", level: 1 }).waitFor();
        const bChats = b.page.getByRole("navigation", { name: "Ваші чати" });
        await bChats.getByRole("link", { name: /Загальний чат/ }).waitFor();

        // A opens B's profile and clicks "Написати": the personal chat opens.
        await a.page.goto(`${server.url}/u/${taras.username}`);
        await a.page.getByRole("heading", { name: taras.fullName, level: 1 }).waitFor();
        await a.page.getByRole("button", { name: "Написати" }).click();
        await a.page.waitForURL(/\/chats\/[a-f0-9]{24}$/);
        await a.page.getByRole("heading", { name: taras.fullName, level: 1 }).waitFor();

        // Shift+Enter is a new line, Enter sends; the text is plain text, never HTML.
        const aLog = a.page.getByRole("log", { name: "Повідомлення" });
        const aBox = a.page.getByRole("textbox", { name: "Повідомлення" });
        await aBox.fill("Привіт, Тарасе!");
        await aBox.press("Shift+Enter");
        await aBox.pressSequentially("Як справи? <b>не жирний</b>");
        await aBox.press("Enter");
        await expect(aBox.inputValue()).resolves.toBe("");
        await aLog.locator('.msg[data-state="sent"]').getByText("Як справи?").waitFor();
        // Stored, not read yet: one tick, "Надіслано".
        const aFirst = aLog.locator('.msg[data-state="sent"]').filter({ hasText: "Як справи?" });
        await aFirst.getByTitle("Надіслано").waitFor();
        expect(await aFirst.getByTitle("Переглянуто").count()).toBe(0);

        // B sees the chat appear, live, with an unread badge.
        const row = bChats.getByRole("link", { name: new RegExp(olena.fullName) });
        await row.waitFor();
        await row.getByText("Непрочитаних: 1").waitFor({ state: "attached" });
        await b.page.getByRole("banner").getByRole("link", { name: /Чати.*непрочитаних: 1/, includeHidden: true }).waitFor({ state: "attached" });

        // B opens it and reads A's message, line break kept, markup shown as text.
        await row.click();
        await b.page.waitForURL(/\/chats\/[a-f0-9]{24}$/);
        const bLog = b.page.getByRole("log", { name: "Повідомлення" });
        const received = bLog.locator(".msg-text").filter({ hasText: "Як справи?" });
        await received.waitFor();
        expect(await received.evaluate((el) => el.textContent)).toBe("Привіт, Тарасе!\nЯк справи? <b>не жирний</b>");
        expect(await received.evaluate((el) => el.querySelector("b"))).toBeNull();
        expect(await received.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe("pre-wrap");

        // B has read it (the open chat marks it read): A, who has the chat open, sees two ticks
        // live, named for screen readers too; B's received message has no ticks.
        const aSeen = aFirst.getByTitle("Переглянуто");
        await aSeen.waitFor();
        expect(await aSeen.textContent()).toBe("Переглянуто");
        expect(await aFirst.getByTitle("Надіслано").count()).toBe(0);
        expect(await bLog.locator(".msg-receipt").count()).toBe(0);

        // B replies: while B types, A sees "Тарас друкує…"; A sees the reply live, and the line goes.
        await b.page.getByRole("textbox", { name: "Повідомлення" }).fill("Привіт! Все добре, дякую.");
        const aTyping = a.page.locator(".chat-typing");
        await aTyping.getByText(`${taras.firstName} друкує…`).waitFor();
        await b.page.getByRole("button", { name: "Надіслати" }).click();
        await aLog.getByText("Привіт! Все добре, дякую.").waitFor();
        // The same frame that shows the reply ends "друкує…" (not its 5 s timeout).
        expect(await aTyping.textContent()).toBe("");
        // A's list beside the open chat shows the reply as the last message (from the chat's own
        // frames: the server sends no chat.activity to a tab that has the chat open), nothing unread.
        const aRow = a.page.getByRole("navigation", { name: "Ваші чати" }).getByRole("link", { name: new RegExp(taras.fullName) });
        await aRow.locator(".chat-row-preview").getByText("Привіт! Все добре, дякую.").waitFor();
        // The reply counts as unread until A's open chat has marked it read (a round trip): wait for that.
        await aRow.getByText(/Непрочитаних/).waitFor({ state: "detached" });

        // A attaches an image (its upload shows progress), adds text and sends.
        await a.page.getByLabel("Файли зображень для повідомлення").setInputFiles({
          name: "hackathon.png",
          mimeType: "image/png",
          buffer: Buffer.from(makePng(640, 480)),
        });
        await a.page.getByRole("list", { name: "Зображення до повідомлення" }).getByRole("listitem").waitFor();
        await aBox.fill("Фото з хакатону");
        const send = a.page.getByRole("button", { name: "Надіслати" });
        await a.page.waitForFunction(() => !document.querySelector<HTMLButtonElement>(".composer-send")?.disabled);
        const thumbResponse = b.page.waitForResponse((r) => thumbUrl.test(new URL(r.url()).pathname));
        await send.click();

        // B sees the image: a /media/… thumbnail served with 200 that decodes.
        const image = bLog.locator(".msg").filter({ hasText: "Фото з хакатону" }).locator("img");
        await image.waitFor();
        expect(new URL((await image.getAttribute("src"))!, server.url).pathname).toMatch(thumbUrl);
        expect((await thumbResponse).status()).toBe(200);
        expect(await imageLoaded(image)).toBe(true);

        // A guest reads the public chat, but cannot write in it.
        await guest.page.goto(`${server.url}/chat/global`);
        await guest.page.getByRole("heading", { name: "Загальний чат", level: 1 }).waitFor();
        const guestBox = guest.page.getByRole("textbox", { name: "Повідомлення" });
        await guestBox.waitFor();
        expect(await guestBox.isDisabled()).toBe(true);
        expect(await guestBox.getAttribute("placeholder")).toBe("Увійдіть, щоб писати");

        // A edits the first message in the composer: the edit button beside it (reached by
        // keyboard, it shows on focus), Enter; the composer says so and holds the text. Escape
        // cancels (the box is empty again), then A edits for real and saves with Enter.
        const aFirstMsg = aLog.locator(".msg").first();
        const editButton = aFirstMsg.getByRole("button", { name: "Редагувати" });
        const editingBar = a.page.locator(".composer-editing");
        await editButton.focus();
        await a.page.waitForFunction(() => document.activeElement?.matches(".msg-edit") && getComputedStyle(document.activeElement).opacity === "1");
        await editButton.press("Enter");
        await editingBar.getByText("Редагування повідомлення").waitFor();
        await expect(aBox.inputValue()).resolves.toBe("Привіт, Тарасе!\nЯк справи? <b>не жирний</b>");
        expect(await aBox.evaluate((el) => el === document.activeElement)).toBe(true);
        await aBox.press("Escape");
        await editingBar.waitFor({ state: "detached" });
        await expect(aBox.inputValue()).resolves.toBe("");
        await editButton.focus();
        await editButton.press("Enter");
        await editingBar.waitFor();
        // Emptied, the message cannot be saved: the box says why without asking the server, and
        // the edit goes on.
        const editRequests: string[] = [];
        a.page.on("request", (r) => void (r.url().includes("chats.editMessage") && editRequests.push(r.url())));
        await aBox.fill("  ");
        await aBox.press("Enter");
        await a.page.locator(".composer").getByText("Напишіть текст або додайте зображення.").waitFor();
        expect(editRequests).toEqual([]);
        expect(await editingBar.isVisible()).toBe(true);
        await aBox.fill("Привіт, Тарасе!\nЯк справи? <b>не жирний</b>");
        await aBox.press("End");
        await aBox.press("Shift+Enter");
        await aBox.pressSequentially("Як хакатон?");
        await aBox.press("Enter");
        await editingBar.waitFor({ state: "detached" });
        await expect(aBox.inputValue()).resolves.toBe("");

        // B sees the new text live, in place (still three messages, the first one), marked
        // "змінено" beside the time with the edit time as its tooltip; A too.
        const bFirst = bLog.locator(".msg").first();
        await bFirst.getByText("Як хакатон?").waitFor();
        expect(await bFirst.locator(".msg-text").textContent()).toBe("Привіт, Тарасе!\nЯк справи? <b>не жирний</b>\nЯк хакатон?");
        const bEdited = bFirst.locator(".msg-meta").getByText("змінено", { exact: true });
        await bEdited.waitFor();
        expect(await bEdited.getAttribute("title")).toMatch(/^Змінено /);
        expect(await bLog.locator(".msg").count()).toBe(3);
        expect(await bLog.getByText("змінено", { exact: true }).count()).toBe(1);
        await aFirstMsg.locator(".msg-meta").getByText("змінено", { exact: true }).waitFor();

        // A deletes the photo message: the button beside it (reached by keyboard, it shows on
        // focus), Enter, then "Видалити" in the confirmation dialog.
        const aPhoto = aLog.locator(".msg").filter({ hasText: "Фото з хакатону" });
        const deleteButton = aPhoto.getByRole("button", { name: "Видалити повідомлення" });
        await deleteButton.focus();
        await a.page.waitForFunction(() => document.activeElement?.matches(".msg-delete") && getComputedStyle(document.activeElement).opacity === "1");
        await deleteButton.press("Enter");
        const confirm = a.page.getByRole("dialog", { name: "Видалити повідомлення?" });
        await confirm.getByRole("button", { name: "Видалити", exact: true }).click();
        await confirm.waitFor({ state: "hidden" });

        // B sees it live as "Повідомлення видалено", in its place (still the last message), the
        // text and the image gone; A too, and A's list shows it as the last message.
        const bLast = bLog.locator(".msg").last();
        await bLast.getByText("Повідомлення видалено").waitFor();
        expect(await bLog.getByText("Фото з хакатону").count()).toBe(0);
        expect(await bLast.locator("img").count()).toBe(0);
        expect(await bLog.locator(".msg").count()).toBe(3);
        const aLast = aLog.locator(".msg").last();
        await aLast.getByText("Повідомлення видалено").waitFor();
        expect(await aLast.getByRole("button", { name: "Видалити повідомлення" }).count()).toBe(0);
        expect(await aLog.getByText("Фото з хакатону").count()).toBe(0);
        await aRow.locator(".chat-row-preview").getByText("Ви: Повідомлення видалено").waitFor();
        // A tombstone takes no reactions: no "Додати реакцію" on it.
        expect(await aLast.getByRole("button", { name: "Додати реакцію" }).count()).toBe(0);

        // B (on a phone: its actions are in the message's action sheet, issue 15) reacts 👍 to A's
        // first message by keyboard: the message focused, Enter opens the sheet (focus on its first
        // emoji); Escape closes it and gives the focus back to the message; again, then Tab/Shift+Tab
        // and Enter on 👍.
        const picker = b.page.getByRole("dialog", { name: "Дії з повідомленням" });
        await bFirst.focus();
        await bFirst.press("Enter");
        await picker.waitFor();
        await b.page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Реакція 👍");
        await b.page.keyboard.press("Escape");
        await picker.waitFor({ state: "hidden" });
        expect(await bFirst.evaluate((el) => el === document.activeElement)).toBe(true);
        await bFirst.press("Enter");
        await picker.waitFor();
        await b.page.keyboard.press("Tab");
        await b.page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Реакція ❤️");
        await b.page.keyboard.press("Shift+Tab");
        await b.page.keyboard.press("Enter");
        await picker.waitFor({ state: "hidden" });

        // A sees "👍 1" live under the message (not A's: not pressed); B's pill is pressed.
        const aPill = aFirstMsg.locator(".msg-reaction");
        await aPill.filter({ hasText: "👍 1" }).waitFor();
        expect(await aPill.getAttribute("aria-pressed")).toBe("false");
        expect(await aPill.getAttribute("aria-label")).toBe("👍: 1");
        const bPill = bFirst.getByRole("button", { name: "👍: 1 (ваша реакція)" });
        await bPill.waitFor();
        expect(await bPill.getAttribute("aria-pressed")).toBe("true");

        // A clicks the pill to add theirs: "👍 2" for both, pressed for A too.
        await aPill.click();
        await aFirstMsg.getByRole("button", { name: "👍: 2 (ваша реакція)" }).waitFor();
        expect(await aPill.textContent()).toBe("👍 2");
        await bFirst.locator(".msg-reaction").filter({ hasText: "👍 2" }).waitFor();
        expect(await bFirst.locator(".msg-reaction").count()).toBe(1);
      });
    } finally {
      await Promise.all([a.context.close(), b.context.close(), guest.context.close()]);
    }
  },
  90_000,
);
