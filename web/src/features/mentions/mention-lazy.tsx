/**
 * The composer's `@` autocomplete (mention-autocomplete.tsx) as a chunk of its own, fetched the
 * first time an "@" is in the box (outside the public chat, where mentions notify nobody): until
 * then every key and caret move is the composer's own. Same interface as createMentionAutocomplete;
 * once the chunk is here it looks at the box as it is then, so nothing typed meanwhile is lost.
 */
import { createSignal, Show } from "solid-js";
import { GLOBAL_CHAT_ID } from "../../../../shared/chat-rules.ts";
import { loadOnce } from "../../lib/load-once.ts";
import type { createMentionAutocomplete } from "./mention-autocomplete.tsx";

type Autocomplete = ReturnType<typeof createMentionAutocomplete>;

export function createLazyMentionAutocomplete(opts: { chatId: string; area: () => HTMLTextAreaElement }): Autocomplete {
  const [loaded, setLoaded] = createSignal<Autocomplete>();
  const load = loadOnce(() => import("./mention-autocomplete.tsx").then((m) => void setLoaded(() => m.createMentionAutocomplete(opts))));

  function update(): Promise<void> {
    const ready = loaded();
    if (ready) return ready.update();
    if (opts.chatId === GLOBAL_CHAT_ID || !opts.area().value.includes("@")) return Promise.resolve();
    // A failed fetch (offline) is tried again at the next "@" typed.
    return load().then(
      () => loaded()?.update(),
      () => undefined,
    );
  }

  return {
    update,
    onKeyDown: (e) => loaded()?.onKeyDown(e) ?? false,
    close: () => loaded()?.close(),
    open: () => loaded()?.open() ?? false,
    activeId: () => loaded()?.activeId(),
    listId: `mention-list-${opts.chatId}`,
    Popup: () => (
      <Show when={loaded()} keyed>
        {(a) => <a.Popup />}
      </Show>
    ),
  };
}
