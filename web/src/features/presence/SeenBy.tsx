/**
 * "Seen by N" under my messages in a group (issue 13): a button that says how many other members
 * have read the message (presence.seenBy, which respects everyone's receipt settings) and, on a
 * click, lists them. The count is read when the button first shows and again when a chat.seen of
 * this chat arrives (coalesced), so it follows live while the chat is open.
 */
import { createSignal, createUniqueId, For, onCleanup, onMount, Show } from "solid-js";
import type { SeenBy } from "../../../../shared/presence.ts";
import { Dialog } from "../../components/Dialog.tsx";
import { t } from "../../i18n/index.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { trpc } from "../../lib/trpc.ts";
import "./presence.css";

const REFRESH_MS = 1_000;

export function SeenByButton(props: { chatId: string; messageId: number }) {
  const [seen, setSeen] = createSignal<SeenBy | null>(null);
  const [open, setOpen] = createSignal(false);
  const titleId = `seen-by-${createUniqueId()}`;
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
        onClick={() => {
          load();
          setOpen(true);
        }}
      >
        {t("presence.seenBy", { n: seen()!.count })}
      </button>
      <Dialog open={open()} onClose={() => setOpen(false)} labelledBy={titleId} class="seen-by-dialog">
        <h2 id={titleId}>{t("presence.seenByTitle")}</h2>
        <Show when={seen()!.people.length} fallback={<p>{t("presence.seenByNobody")}</p>}>
          <ul class="seen-by-list">
            <For each={seen()!.people}>{(p) => <li>{`${p.firstName} ${p.lastName}`.trim() || `@${p.username}`}</li>}</For>
          </ul>
          <Show when={seen()!.count > seen()!.people.length}>
            <p>{t("presence.seenByMore", { n: seen()!.count - seen()!.people.length })}</p>
          </Show>
        </Show>
        <button type="button" class="btn btn-small" onClick={() => setOpen(false)}>
          {t("presence.close")}
        </button>
      </Dialog>
    </Show>
  );
}
