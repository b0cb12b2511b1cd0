/**
 * The public chat's slow mode on this tab: its value (the public chat's chat.opened carries it,
 * then chat.slowmode frames on `global` change it live) and, after I send there, how long until I
 * may send again (the server refuses sooner ones: an error frame "chats.slowMode" with
 * retryAfterSeconds, which also resets the countdown). Moderators and admins are exempt.
 */
import { createSignal } from "solid-js";
import { GLOBAL_CHAT_ID } from "../../../../shared/chat-rules.ts";
import { hasRole } from "../../../../shared/moderation-rules.ts";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { onServerEvent } from "../../lib/socket.ts";

/** What a moderator may choose in the public chat's header (seconds; 0: off). */
export const SLOW_MODE_CHOICES = [0, 10, 30, 60, 300] as const;

const [seconds, setSeconds] = createSignal(0);
/** When I may send in the public chat again (Date.now() time; 0: now). */
const [nextAt, setNextAt] = createSignal(0);
const [now, setNow] = createSignal(Date.now());
let ticker: ReturnType<typeof setInterval> | null = null;

function waitFor(s: number): void {
  setNextAt(Date.now() + s * 1000);
  setNow(Date.now());
  ticker ??= setInterval(() => {
    setNow(Date.now());
    if (Date.now() >= nextAt() && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  }, 1000);
}

onServerEvent((event) => {
  if (event.type === "chat.opened" && event.chatId === GLOBAL_CHAT_ID && event.slowModeSeconds !== undefined) setSeconds(event.slowModeSeconds);
  else if (event.type === "chat.slowmode") {
    setSeconds(event.seconds);
    // Turned off (or shortened): no need to wait longer than the new setting says.
    const latest = Date.now() + event.seconds * 1000;
    if (nextAt() > latest) {
      setNextAt(event.seconds ? latest : 0);
      setNow(Date.now());
    }
  } else if (event.type === "error" && event.chatId === GLOBAL_CHAT_ID && event.reason === "chats.slowMode" && event.retryAfterSeconds) {
    waitFor(event.retryAfterSeconds);
  }
});

/** The public chat's slow mode now (seconds; 0: off). */
export const slowModeSeconds = seconds;
/** Whether slow mode leaves me alone (a moderator or an admin). */
export const slowModeExempt = () => hasRole(me()?.role ?? "member", "moderator");
/** Seconds until I may send in the public chat again (0: now). */
export const slowModeWait = () => (slowModeExempt() ? 0 : Math.max(0, Math.ceil((nextAt() - now()) / 1000)));

/** I sent a message in the public chat: the countdown starts (unless slow mode is off or I am exempt). */
export function sentInPublicChat(): void {
  if (seconds() > 0 && !slowModeExempt()) waitFor(seconds());
}

/** A moderator changed it (the answer; the frame that follows says the same). */
export const setSlowModeShown = (s: number) => setSeconds(s);

/** "30 с", "1 хв", "5 хв". */
export function slowModeTime(s: number): string {
  return s >= 60 && s % 60 === 0 ? t("chatmod.minutes", { n: s / 60 }) : t("chatmod.seconds", { n: s });
}
