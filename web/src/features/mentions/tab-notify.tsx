/**
 * Notifications in the tab (issue 13). While the tab is hidden:
 * - its title is "(N) World IT", N = the header's unread total (muted chats count only mentions
 *   of me: mentions/unread.ts), and the page's own title comes back when the tab is shown;
 * - a new message from someone else in an unmuted chat (or one that mentions me, muted or not)
 *   plays a short tone made with WebAudio (no audio file), once per message however many frames
 *   bring it (heard.ts), unless this device turned the sound
 *   off (localStorage). Browsers allow audio only after a user gesture: the AudioContext is made
 *   on the first click or key press, and nothing plays before that (so nothing errors).
 */
import { createEffect, createSignal, onCleanup, onMount } from "solid-js";
import { GLOBAL_CHAT_ID } from "../../../../shared/chat-preview.ts";
import type { ServerEvent } from "../../../../shared/events.ts";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { chatList, totalUnread } from "../chats/chat-list.ts";
import { createHeardMessages } from "./heard.ts";
import { chatMuted } from "./unread.ts";

const SOUND_KEY = "wit.sound";
const readSound = () => {
  try {
    return localStorage.getItem(SOUND_KEY) !== "off";
  } catch {
    return true;
  }
};
const [soundOn, setSoundOnSignal] = createSignal(readSound());
export { soundOn };
export function setSoundOn(on: boolean): void {
  setSoundOnSignal(on);
  try {
    localStorage.setItem(SOUND_KEY, on ? "on" : "off");
  } catch {
    // Private mode without storage: the choice lasts for this tab.
  }
}

let audio: AudioContext | null = null;
/** On a user gesture: make (or wake) the AudioContext; browsers refuse both before one. */
function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") void audio.resume().catch(() => {});
  } catch {
    audio = null;
  }
}

/** How many tones this tab played (read by the browser test through the page's dataset). */
let played = 0;
function tone(): void {
  if (!soundOn() || !audio || audio.state !== "running") return;
  const at = audio.currentTime;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.type = "sine";
  osc.frequency.setValueAtTime(880, at);
  osc.frequency.setValueAtTime(660, at + 0.09);
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
  osc.connect(gain).connect(audio.destination);
  osc.start(at);
  osc.stop(at + 0.26);
  document.documentElement.dataset.tabSounds = String(++played);
}

const hidden = () => document.visibilityState === "hidden";

/** Whether a frame is a new message from someone else that should ring (see the top). */
function rings(event: ServerEvent): boolean {
  const myId = me()?.id;
  if (!myId) return false;
  if (event.type === "chat.activity") {
    if (event.unreadDelta <= 0) return false;
    const chat = chatList.byId(event.chatId);
    return event.mentioned === true || !chat || !chatMuted(chat);
  }
  if (event.type === "chat.message") {
    const m = event.message;
    if (m.chatId === GLOBAL_CHAT_ID || m.author.id === myId || m.kind === "system") return false;
    const chat = chatList.byId(m.chatId);
    return !!m.mentions?.includes(myId) || !chat || !chatMuted(chat);
  }
  return false;
}

/** Mounted once (by the site header): keeps the title and plays the tone while the tab is hidden. */
export function TabNotifier() {
  const [isHidden, setHidden] = createSignal(hidden());
  let pageTitle = document.title;
  let ours: string | null = null;

  const apply = () => {
    const n = totalUnread();
    if (isHidden() && n > 0) {
      const title = `(${n > 99 ? "99+" : n}) ${t("app.name")}`;
      if (document.title !== title) {
        if (document.title !== ours) pageTitle = document.title;
        ours = title;
        document.title = title;
      }
    } else if (ours !== null) {
      if (document.title === ours) document.title = pageTitle;
      ours = null;
    }
  };
  createEffect(apply);

  onMount(() => {
    const onVisibility = () => setHidden(hidden());
    document.addEventListener("visibilitychange", onVisibility);
    for (const type of ["pointerdown", "keydown"] as const) window.addEventListener(type, unlockAudio, { capture: true, passive: true });
    // A page that sets its title while the tab is hidden (a chat's name arriving): keep it for
    // later and show the count again.
    const titleEl = document.querySelector("title");
    const observer = titleEl
      ? new MutationObserver(() => {
          if (ours !== null && document.title !== ours) {
            pageTitle = document.title;
            ours = null;
            apply();
          }
        })
      : null;
    if (titleEl) observer!.observe(titleEl, { childList: true, characterData: true, subtree: true });
    // Every message frame is heard, shown or hidden: one seen while the tab was shown does not ring later.
    const firstHearing = createHeardMessages();
    const off = onServerEvent((event) => {
      if (firstHearing(event) && isHidden() && rings(event)) tone();
    });
    onCleanup(() => {
      document.removeEventListener("visibilitychange", onVisibility);
      for (const type of ["pointerdown", "keydown"] as const) window.removeEventListener(type, unlockAudio, { capture: true });
      observer?.disconnect();
      off();
    });
  });
  return null;
}
