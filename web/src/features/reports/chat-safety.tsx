/**
 * A personal chat's safety parts: what I may do with the other person (`people.relation`, kept
 * fresh by `friend.status` frames about them and by a send the server refused with
 * `chats.personalClosed`), the notice that replaces the composer when I cannot write (blocked by
 * me, blocked by them, or friends-only: ClosedChatNotice.tsx, a chunk of its own fetched when a
 * chat is closed), and Block (after a confirmation) / Unblock for the header.
 * The history stays readable: only the composer goes.
 */
import { createEffect, createSignal, on, onCleanup, Show } from "solid-js";
import type { ChatPerson } from "../../../../shared/chats.ts";
import type { Relation } from "../../../../shared/friends.ts";
import { lazyPart } from "../../components/lazy-parts.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { me } from "../../lib/session.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { fullName } from "../chats/format.ts";
import { BlockIcon } from "./icons.tsx";

/** What replaces the composer in a personal chat I cannot write in (ClosedChatNotice.tsx). */
export const ClosedChatNotice = lazyPart(() => import("./ClosedChatNotice.tsx").then((m) => m.ClosedChatNotice));
/** "Block {name}?" (BlockConfirm.tsx, fetched when Block is pressed). */
const BlockConfirm = lazyPart(() => import("./BlockConfirm.tsx").then((m) => m.BlockConfirm));

export interface PeerSafety {
  /** The relation with the other person (undefined: not a personal chat, or not known yet). */
  relation: () => Relation | undefined;
  /** I cannot write here: the relation says so, or the server just refused a send. */
  closed: () => boolean;
  refresh: () => void;
  block: () => Promise<void>;
  /** Unblocks the other person; its progress and failure below, shared by every control that offers it. */
  unblock: () => Promise<void>;
  unblocking: () => boolean;
  unblockFailure: () => AppError | null;
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
  const [unblocking, setUnblocking] = createSignal(false);
  const [unblockFailure, setUnblockFailure] = createSignal<AppError | null>(null);

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
      if (!id || unblocking()) return;
      setUnblocking(true);
      setUnblockFailure(null);
      try {
        await trpc.blocks.remove.mutate({ userId: id });
        setRefused(false);
        await refetch();
      } catch (error) {
        setUnblockFailure(readError(error));
      } finally {
        setUnblocking(false);
      }
    },
    unblocking,
    unblockFailure,
  };
}

/** The header's Block (asks first) or, when I blocked them, Unblock. */
export function BlockToggle(props: { safety: PeerSafety; peer: ChatPerson }) {
  const [asking, setAsking] = createSignal(false);
  const name = () => fullName(props.peer);
  const pending = props.safety.unblocking;
  const failure = props.safety.unblockFailure;

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
            <button type="button" class="btn btn-small" disabled={pending()} title={failure() ? errorText(failure()!) : undefined} onClick={() => void props.safety.unblock()}>
              <BlockIcon />
              <span class="chat-action-label">{pending() ? t("common.working") : t("safety.unblock")}</span>
            </button>
          </Show>
          <Show when={failure()}>
            <span class="visually-hidden" role="alert">
              {errorText(failure()!)}
            </span>
          </Show>
          <Show when={asking()}>
            <BlockConfirm name={name()} onConfirm={props.safety.block} onClose={() => setAsking(false)} />
          </Show>
        </>
      )}
    </Show>
  );
}
