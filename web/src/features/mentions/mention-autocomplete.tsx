/**
 * `@` autocomplete for the composer (issue 13): typing `@` and the start of a name lists the
 * chat's members (not me) whose username, first or last name starts with it; ArrowUp/ArrowDown
 * move, Enter or Tab picks, Escape closes, a click picks. Picking writes `@username ` in place of
 * what was typed and fires an input event, so the composer keeps its draft as for typing. The
 * members are read once per chat (chats.byId lists them all). Not in the public chat: mentions
 * there notify nobody. A chunk of its own (mention-lazy.tsx), with its styles (mention-popup.css).
 */
import { createSignal, For, Show } from "solid-js";
import type { ChatMember } from "../../../../shared/chats.ts";
import { GLOBAL_CHAT_ID } from "../../../../shared/chat-rules.ts";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import "./mention-popup.css";

const SHOWN = 6;
const membersOf = new Map<string, Promise<ChatMember[]>>();
function members(chatId: string): Promise<ChatMember[]> {
  let p = membersOf.get(chatId);
  if (!p) {
    p = trpc.chats.byId.query({ chatId }).then((c) => c.members);
    // A failure is asked again next time; members change seldom (a fresh tab reads them again).
    p.catch(() => membersOf.delete(chatId));
    membersOf.set(chatId, p);
  }
  return p;
}

/** The `@query` the caret is at the end of: where it starts and what was typed after "@". */
function queryAt(value: string, caret: number): { start: number; query: string } | null {
  const m = /(^|[^\p{L}\p{N}_.@])@([\p{L}\p{N}_.]{0,30})$/u.exec(value.slice(0, caret));
  return m ? { start: caret - m[2]!.length - 1, query: m[2]!.toLowerCase() } : null;
}

export function createMentionAutocomplete(opts: { chatId: string; area: () => HTMLTextAreaElement }) {
  const listId = `mention-list-${opts.chatId}`;
  const [options, setOptions] = createSignal<ChatMember[]>([]);
  const [active, setActive] = createSignal(0);
  let at: { start: number; query: string } | null = null;
  let asked = 0;

  const close = () => {
    at = null;
    setOptions([]);
  };

  /** After each input or caret move: the suggestions for the `@query` at the caret, if any. */
  async function update() {
    const area = opts.area();
    if (opts.chatId === GLOBAL_CHAT_ID) return;
    const found = queryAt(area.value, area.selectionStart ?? area.value.length);
    if (!found) return close();
    const mine = ++asked;
    let list: ChatMember[];
    try {
      list = await members(opts.chatId);
    } catch {
      return close();
    }
    if (mine !== asked) return;
    at = found;
    const q = found.query;
    const matches = list
      .filter((m) => m.id !== me()?.id)
      .filter((m) => !q || [m.username, m.firstName, m.lastName].some((s) => s.toLowerCase().startsWith(q)))
      .slice(0, SHOWN);
    setOptions(matches);
    setActive(0);
  }

  function pick(m: ChatMember) {
    const area = opts.area();
    if (!at) return;
    const caret = area.selectionStart ?? area.value.length;
    const insert = `@${m.username} `;
    area.value = area.value.slice(0, at.start) + insert + area.value.slice(caret);
    const pos = at.start + insert.length;
    area.setSelectionRange(pos, pos);
    close();
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  }

  /** The composer's keydown asks first: true when the key was for the suggestions. */
  function onKeyDown(e: KeyboardEvent): boolean {
    const list = options();
    if (!list.length || e.isComposing) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => (i + (e.key === "ArrowDown" ? 1 : list.length - 1)) % list.length);
      return true;
    }
    if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
      e.preventDefault();
      pick(list[active()]!);
      return true;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      close();
      return true;
    }
    return false;
  }

  /** For the textarea's combobox attributes. */
  const open = () => options().length > 0;
  const activeId = () => (open() ? `${listId}-${active()}` : undefined);

  function Popup() {
    return (
      <Show when={options().length > 0}>
        <ul class="mention-popup" id={listId} role="listbox" aria-label={t("mentions.suggestions")}>
          <For each={options()}>
            {(m, i) => (
              <li
                id={`${listId}-${i()}`}
                role="option"
                class="mention-option"
                aria-selected={i() === active()}
                // Keeps the focus (and the caret) in the textarea.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(m)}
              >
                <span class="mention-option-name">{`${m.firstName} ${m.lastName}`.trim()}</span>
                <span class="mention-option-user">@{m.username}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    );
  }

  return { update, onKeyDown, close, open, activeId, listId, Popup };
}
