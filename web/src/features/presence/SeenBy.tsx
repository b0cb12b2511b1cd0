/**
 * "Seen by N" under my messages in a group (issue 13): a button that says how many other members
 * have read the message (presence.seenBy, which respects everyone's receipt settings) and, on a
 * click, lists them (SeenByDialog.tsx, fetched then). The count is read when the button first shows and again when a chat.seen of
 * this chat arrives (coalesced), so it follows live while the chat is open.
 */
import { createSignal, onCleanup, onMount, Show } from "solid-js";
import type { SeenBy } from "../../../../shared/presence.ts";
import { lazyPart } from "../../components/lazy-parts.tsx";
import { t } from "../../i18n/index.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { trpc } from "../../lib/trpc.ts";
import "./presence.css";

const REFRESH_MS = 1_000;
/** The list: a chunk of its own (SeenByDialog.tsx), fetched on the first click. */
const SeenByDialog = lazyPart(() => import("./SeenByDialog.tsx").then((m) => m.SeenByDialog));

export function SeenByButton(props: { chatId: string; messageId: number }) {
  const [seen, setSeen] = createSignal<SeenBy | null>(null);
  const [open, setOpen] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const load = () => {
    trpc.presence.seenBy
      .query({ chatId: props.chatId, messageId: props.messageId })
      .then(setSeen)
      .catch(() => {});
  };
  onMount(load);
  const stop = onServerEvent((e) => {
    if (e.type !== "chat.seen" || e.chatId !== props.chatId || e.lastReadId < props.messageId) return;
    clearTimeout(timer);
    timer = setTimeout(load, REFRESH_MS);
  });
  onCleanup(() => {
    stop();
    clearTimeout(timer);
  });

  return (
    <Show when={seen() && !seen()!.hidden && seen()!.count > 0}>
      <button
        type="button"
        class="seen-by"
        data-testid="seen-by"
        onPointerEnter={() => void SeenByDialog.preload().catch(() => {})}
        onClick={() => {
          load();
          setOpen(true);
        }}
      >
        {t("presence.seenBy", { n: seen()!.count })}
      </button>
      <Show when={open()}>
        <SeenByDialog seen={seen()!} onClose={() => setOpen(false)} />
      </Show>
    </Show>
  );
}
