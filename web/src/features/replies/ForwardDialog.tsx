/**
 * "Forward" (issue 13): my chats to forward a message to (from the chat list), one click forwards
 * (chats.forward: the send path, answered after it is stored; a retry after an error reuses its
 * clientId). A chunk of its own, fetched when it opens (chats/chat-parts.tsx); its styles are in
 * replies.css, which the chat has loaded already (Replies.tsx). Plain text only.
 */
import { useNavigate } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import { GLOBAL_CHAT_ID, newClientId } from "../../../../shared/chat-rules.ts";
import { Dialog } from "../../components/Dialog.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { me } from "../../lib/session.ts";
import { readError, trpc } from "../../lib/trpc.ts";
import { chatList } from "../chats/chat-list.ts";
import { chatTitle } from "../chats/format.ts";
import "../../components/field.css";

/** My chats (the list as loaded so far) to forward a message to. */
export function ForwardDialog(props: { from: { chatId: string; messageId: number }; onClose: () => void }) {
  const navigate = useNavigate();
  const [filter, setFilter] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<{ chatId: string; name: string } | null>(null);
  /** One clientId per target while the dialog is open: a retry after an error is not a second copy. */
  const clientIds = new Map<string, string>();
  const titleOf = (c: Parameters<typeof chatTitle>[0]) => chatTitle(c, me()?.id);
  const targets = createMemo(() => {
    const q = filter().trim().toLocaleLowerCase();
    const mine = chatList.chats().map((c) => ({ id: c.id, name: titleOf(c) }));
    const all = [{ id: GLOBAL_CHAT_ID, name: t("chats.global") }, ...mine];
    return q ? all.filter((c) => c.name.toLocaleLowerCase().includes(q)) : all;
  });
  async function forward(target: { id: string; name: string }) {
    if (busy()) return;
    setBusy(true);
    setProblem(null);
    const clientId = clientIds.get(target.id) ?? newClientId();
    clientIds.set(target.id, clientId);
    try {
      await trpc.chats.forward.mutate({ chatId: target.id, clientId, from: props.from });
      setDone({ chatId: target.id, name: target.name });
    } catch (error) {
      setProblem(errorText(readError(error)));
    } finally {
      setBusy(false);
    }
  }
  const hrefOf = (chatId: string) => (chatId === GLOBAL_CHAT_ID ? `/chat/${GLOBAL_CHAT_ID}` : `/chats/${chatId}`);
  return (
    <Dialog open onClose={props.onClose} labelledBy="forward-title" class="forward-dialog">
      <h2 id="forward-title">{t("replies.forwardTitle")}</h2>
      <Show
        when={done()}
        fallback={
          <>
            <input
              type="search"
              class="forward-filter"
              aria-label={t("replies.forwardFilter")}
              placeholder={t("replies.forwardFilter")}
              value={filter()}
              onInput={(e) => setFilter(e.currentTarget.value)}
            />
            <div role="alert">
              <Show when={problem()}>
                <p class="field-error">{problem()}</p>
              </Show>
            </div>
            <Show when={targets().length > 0} fallback={<p class="muted">{t("replies.noChats")}</p>}>
              <ul class="forward-targets" aria-label={t("replies.forwardTo")} aria-busy={busy() ? "true" : undefined}>
                <For each={targets()}>
                  {(c) => (
                    <li>
                      <button type="button" class="forward-target" disabled={busy()} onClick={() => void forward(c)}>
                        {c.name}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        }
      >
        {(d) => (
          <>
            <p role="status">{t("replies.forwardedTo", { name: d().name })}</p>
            <div class="dialog-actions">
              <button
                type="button"
                class="btn btn-primary"
                onClick={() => {
                  props.onClose();
                  navigate(hrefOf(d().chatId));
                }}
              >
                {t("replies.openChat")}
              </button>
            </div>
          </>
        )}
      </Show>
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={props.onClose}>
          {t("replies.close")}
        </button>
      </div>
    </Dialog>
  );
}
