/**
 * A personal chat's safety parts: what I may do with the other person (`people.relation`, kept
 * fresh by `friend.status` frames about them and by a send the server refused with
 * `chats.personalClosed`), the notice that replaces the composer when I cannot write (blocked by
 * me, blocked by them, or friends-only), and Block (after a confirmation) / Unblock for the header.
 * The history stays readable: only the composer goes.
 */
import { A } from "@solidjs/router";
import { createEffect, createSignal, createUniqueId, on, onCleanup, onMount, Show } from "solid-js";
import type { ChatPerson } from "../../../../shared/chats.ts";
import type { Relation } from "../../../../shared/friends.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { me } from "../../lib/session.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { fullName } from "../chats/format.ts";
import { BlockIcon } from "./icons.tsx";
import "./safety.css";

export interface PeerSafety {
  /** The relation with the other person (undefined: not a personal chat, or not known yet). */
  relation: () => Relation | undefined;
  /** I cannot write here: the relation says so, or the server just refused a send. */
  closed: () => boolean;
  refresh: () => void;
  block: () => Promise<void>;
  unblock: () => Promise<void>;
}

/** Call inside a chat view: `peer` is the other person of a personal chat (undefined otherwise). */
export function createPeerSafety(chatId: string, peer: () => ChatPerson | undefined): PeerSafety {
  const [loaded, { refetch }] = createLoader(
    () => (me() && peer()?.id) || null,
    (userId) => trpc.people.relation.query({ userId }),
  );
  /** A send came back `chats.personalClosed` and no newer relation has said otherwise. */
  const [refused, setRefused] = createSignal(false);
  const relation = () => loaded()?.value;
  const refresh = () => void refetch();

  // A newer answer is the truth again (say, unblocked since).
  createEffect(on(relation, (r) => r?.canMessage && setRefused(false), { defer: true }));

  onCleanup(
    onServerEvent((event) => {
      if (event.type === "friend.status" && event.person.id === peer()?.id) refresh();
      else if (event.type === "error" && event.reason === "chats.personalClosed" && event.chatId === chatId) {
        setRefused(true);
        refresh();
      }
    }),
  );

  return {
    relation,
    closed: () => !!peer() && (refused() || relation()?.canMessage === false),
    refresh,
    async block() {
      const id = peer()?.id;
      if (!id) return;
      await trpc.blocks.add.mutate({ userId: id });
      await refetch();
    },
    async unblock() {
      const id = peer()?.id;
      if (!id) return;
      await trpc.blocks.remove.mutate({ userId: id });
      setRefused(false);
      await refetch();
    },
  };
}

/** What replaces the composer in a personal chat I cannot write in. */
export function ClosedChatNotice(props: { safety: PeerSafety; peer: ChatPerson }) {
  const id = `chat-closed-${createUniqueId()}`;
  const [pending, setPending] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const r = () => props.safety.relation();
  const why = () => {
    const relation = r();
    if (relation?.blockedByMe) return t("safety.closedByMe");
    if (relation?.status === "blocked") return t("safety.closedBlocked");
    return t("safety.closedFriendsOnly");
  };
  let box!: HTMLElement;
  // The composer (and the focus in it) just went: the focus comes here instead of to the page.
  onMount(() => {
    if (!document.activeElement || document.activeElement === document.body) box.focus();
  });

  const unblock = async () => {
    setPending(true);
    setFailure(null);
    try {
      await props.safety.unblock();
    } catch (error) {
      setFailure(readError(error));
    } finally {
      setPending(false);
    }
  };

  return (
    <section ref={box} class="chat-closed" aria-labelledby={`${id}-title`} tabindex="-1">
      <div role="status">
        <h2 id={`${id}-title`}>{t("safety.closedTitle")}</h2>
        <p>{why()}</p>
      </div>
      <p class="muted">{t("safety.closedHistory")}</p>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <div class="chat-closed-actions">
        <Show
          when={r()?.blockedByMe}
          fallback={
            <A href={`/u/${encodeURIComponent(props.peer.username)}`} class="btn btn-small">
              {t("safety.openProfile")}
            </A>
          }
        >
          <button type="button" class="btn btn-small" disabled={pending()} onClick={() => void unblock()}>
            {pending() ? t("common.working") : t("safety.unblock")}
          </button>
        </Show>
      </div>
    </section>
  );
}

/** The header's Block (asks first) or, when I blocked them, Unblock. */
export function BlockToggle(props: { safety: PeerSafety; peer: ChatPerson }) {
  const [asking, setAsking] = createSignal(false);
  const [pending, setPending] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const name = () => fullName(props.peer);

  const unblock = async () => {
    setPending(true);
    setFailure(null);
    try {
      await props.safety.unblock();
    } catch (error) {
      setFailure(readError(error));
    } finally {
      setPending(false);
    }
  };

  return (
    <Show when={props.safety.relation()}>
      {(relation) => (
        <>
          <Show
            when={relation().blockedByMe}
            fallback={
              <button type="button" class="btn btn-small" onClick={() => setAsking(true)}>
                <BlockIcon />
                <span class="chat-action-label">{t("safety.block")}</span>
              </button>
            }
          >
            <button type="button" class="btn btn-small" disabled={pending()} title={failure() ? errorText(failure()!) : undefined} onClick={() => void unblock()}>
              <BlockIcon />
              <span class="chat-action-label">{pending() ? t("common.working") : t("safety.unblock")}</span>
            </button>
          </Show>
          <Show when={failure()}>
            <span class="visually-hidden" role="alert">
              {errorText(failure()!)}
            </span>
          </Show>
          <ConfirmDialog
            open={asking()}
            onClose={() => setAsking(false)}
            title={t("safety.blockTitle", { name: name() })}
            message={t("safety.blockText", { name: name() })}
            confirmLabel={t("safety.block")}
            onConfirm={props.safety.block}
          />
        </>
      )}
    </Show>
  );
}
