/**
 * The messenger's websocket frames. The server decides topics: chat.open subscribes only after
 * the membership check, and a removal (hub control event) unsubscribes at once. Sends go through
 * the chats service (group commit) and are acknowledged only after they are stored.
 */
import type { ClientEvent, ServerEvent, WsErrorCode } from "../../shared/events.ts";
import type { ChatsService } from "../features/chats/chats.service.ts";
import { asUnavailable } from "../db/db-errors.ts";
import { DomainError, RateLimitedError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import type { Connections, Socket } from "./connections.ts";
import { frameJson } from "./frame-json.ts";
import type { ControlEvent, Hub } from "./hub.ts";
import { sharesReceipts } from "./presence.ts";
import { topics } from "./topics.ts";

type Frame<T extends ClientEvent["type"]> = Extract<ClientEvent, { type: T }>;
type ErrorFrame = Extract<ServerEvent, { type: "error" }>;

export const sendFrame = (ws: Socket, event: ServerEvent) => void ws.send(frameJson(event));

const codeOf: Record<string, WsErrorCode> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
  PAYLOAD_TOO_LARGE: "TOO_LARGE",
  // The database is briefly unreachable: the send failed (not acknowledged); the client may send it again.
  SERVICE_UNAVAILABLE: "INTERNAL",
};

/** A DomainError as an error frame (anything else: INTERNAL, logged, no details). */
export function errorFrame(raw: unknown, context: Pick<ErrorFrame, "ref" | "clientId" | "chatId">, log: Logger): ErrorFrame {
  const error = asUnavailable(raw);
  if (error instanceof DomainError) {
    return {
      type: "error",
      code: codeOf[error.code] ?? "BAD_REQUEST",
      message: error.reason,
      reason: error.reason,
      ...context,
      ...(error instanceof RateLimitedError && { retryAfterSeconds: error.retryAfterSeconds }),
    };
  }
  log.error("websocket frame failed", { error });
  return { type: "error", code: "INTERNAL", message: "Internal server error", reason: "errors.internal", ...context };
}

/**
 * Every chat:<id> subscription goes through these, so a socket's `openChats` always names the
 * chats whose topic it is subscribed to.
 */
function subscribeChat(ws: Socket, chatId: string) {
  ws.subscribe(topics.chat(chatId));
  // Read receipts (chat.seen) only for a person who shares theirs (issue 13, realtime/presence.ts).
  if (sharesReceipts(ws)) ws.subscribe(topics.chatSeen(chatId));
  (ws.data.openChats ??= new Set()).add(chatId);
}
function unsubscribeChat(ws: Socket, chatId: string) {
  ws.unsubscribe(topics.chat(chatId));
  ws.unsubscribe(topics.chatSeen(chatId));
  ws.data.openChats?.delete(chatId);
}
const hasOpened = (ws: Socket, chatId: string) => ws.data.openChats?.has(chatId) ?? false;

export function createChatFrames(deps: { chats: ChatsService; hub: Hub; conns: Connections; log: Logger }) {
  const { chats, hub, conns, log } = deps;
  const fail = (ws: Socket, error: unknown, context: Pick<ErrorFrame, "ref" | "clientId" | "chatId">) =>
    sendFrame(ws, errorFrame(error, context, log));

  /** Runs on every instance, for the sockets connected to it. */
  function onControl(event: ControlEvent) {
    if (event.kind === "chat.member.removed") memberRemoved(event);
    else if (event.kind === "chat.activity") activity(event);
    else if (event.kind === "chat.message.changed") messageChanged(event);
  }

  /** A member who lost a chat stops receiving it now, and is told. */
  function memberRemoved(event: Extract<ControlEvent, { kind: "chat.member.removed" }>) {
    conns.bumpGeneration(event.userId);
    for (const ws of conns.ofUser(event.userId)) {
      unsubscribeChat(ws, event.chatId);
      sendFrame(ws, { type: "chat.removed", chatId: event.chatId, reason: event.reason });
    }
  }

  /**
   * chat.activity for the chat lists of members' sockets that have not opened the chat. A socket
   * that has is subscribed to chat:<id> and already got the messages (published before this
   * event, on this instance and, through Redis, on the same channel in the same order); its
   * client updates the list from those. One serialisation per distinct unread delta.
   */
  function activity(event: Extract<ControlEvent, { kind: "chat.activity" }>) {
    const payloads = new Map<string, string>();
    for (const userId of event.members) {
      const sockets = conns.ofUser(userId);
      if (!sockets.length) continue;
      let payload: string | undefined;
      for (const ws of sockets) {
        if (hasOpened(ws, event.chatId)) continue;
        if (payload === undefined) {
          let unreadDelta = 0;
          for (const author of event.authorIds) if (author !== userId) unreadDelta++;
          // Issue 13: whether these messages mention this member.
          const mentioned = event.mentionIds?.includes(userId) ?? false;
          const key = `${unreadDelta}${mentioned ? "@" : ""}`;
          payload = payloads.get(key);
          if (payload === undefined) {
            const frame: ServerEvent = { type: "chat.activity", chatId: event.chatId, message: event.message, unreadDelta, ...(mentioned && { mentioned: true as const }) };
            payloads.set(key, (payload = JSON.stringify(frame)));
          }
        }
        ws.send(payload);
      }
    }
  }

  /** A deletion or edit for members' sockets that have not opened the chat (the others got it on its topic). */
  function messageChanged(event: Extract<ControlEvent, { kind: "chat.message.changed" }>) {
    let payload: string | undefined;
    for (const userId of event.members) {
      for (const ws of conns.ofUser(userId)) {
        if (hasOpened(ws, event.chatId)) continue;
        ws.send((payload ??= JSON.stringify(event.frame satisfies ServerEvent)));
      }
    }
  }

  async function open(ws: Socket, frame: Frame<"chat.open">) {
    const { chatId, ref } = frame;
    const userId = ws.data.userId;
    try {
      // A removal that lands while we check invalidates the check: check again.
      for (;;) {
        const generation = userId ? conns.generation(userId) : 0;
        const { lastMessageId, at, slowModeSeconds, pinned } = await chats.open(userId, chatId);
        if (ws.readyState !== WebSocket.OPEN) return;
        if (userId && conns.generation(userId) !== generation) continue;
        subscribeChat(ws, chatId);
        return sendFrame(ws, {
          type: "chat.opened",
          chatId,
          lastMessageId,
          at,
          ...(ref !== undefined && { ref }),
          ...(slowModeSeconds !== undefined && { slowModeSeconds }),
          pinned,
        });
      }
    } catch (error) {
      fail(ws, error, { chatId, ...(ref !== undefined && { ref }) });
    }
  }

  function close(ws: Socket, frame: Frame<"chat.close">) {
    unsubscribeChat(ws, frame.chatId);
  }

  async function send(ws: Socket, frame: Frame<"chat.send">) {
    const { type: _type, ...input } = frame;
    try {
      const message = await chats.send(ws.data.userId, input);
      // Acknowledged only once the message is on its way to the other instances too (ADR 0019).
      await hub.relayed();
      // Corked: the frames Bun's topics hold for this socket (its own chat.message among them)
      // and the ack leave in one write instead of two.
      ws.cork(() => sendFrame(ws, { type: "chat.ack", clientId: frame.clientId, message }));
    } catch (error) {
      fail(ws, error, { clientId: frame.clientId, chatId: frame.chatId });
    }
  }

  /** Typing is never stored; only a signed-in member who opened the chat may announce it. */
  function typing(ws: Socket, frame: Frame<"chat.typing">) {
    if (!ws.data.userId || !hasOpened(ws, frame.chatId)) return;
    hub.publish(topics.chat(frame.chatId), { type: "chat.typing", chatId: frame.chatId, userId: ws.data.userId });
  }

  return { onControl, open, close, send, typing };
}
