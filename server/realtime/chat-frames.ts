/**
 * The messenger's websocket frames. The server decides topics: chat.open subscribes only after
 * the membership check, and a removal (hub control event) unsubscribes at once. Sends go through
 * the chats service (group commit) and are acknowledged only after they are stored.
 */
import type { ClientEvent, ServerEvent, WsErrorCode } from "../../shared/events.ts";
import type { ChatsService } from "../features/chats/chats.service.ts";
import { DomainError, RateLimitedError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import type { Connections, Socket } from "./connections.ts";
import type { ControlEvent, Hub } from "./hub.ts";
import { topics } from "./topics.ts";

type Frame<T extends ClientEvent["type"]> = Extract<ClientEvent, { type: T }>;
type ErrorFrame = Extract<ServerEvent, { type: "error" }>;

export const sendFrame = (ws: Socket, event: ServerEvent) => void ws.send(JSON.stringify(event));

const codeOf: Record<string, WsErrorCode> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
  PAYLOAD_TOO_LARGE: "TOO_LARGE",
};

/** A DomainError as an error frame (anything else: INTERNAL, logged, no details). */
export function errorFrame(error: unknown, context: Pick<ErrorFrame, "ref" | "clientId" | "chatId">, log: Logger): ErrorFrame {
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

export function createChatFrames(deps: { chats: ChatsService; hub: Hub; conns: Connections; log: Logger }) {
  const { chats, hub, conns, log } = deps;
  const fail = (ws: Socket, error: unknown, context: Pick<ErrorFrame, "ref" | "clientId" | "chatId">) =>
    sendFrame(ws, errorFrame(error, context, log));

  /** Runs on every instance: a member who lost a chat stops receiving it now, and is told. */
  function onControl(event: ControlEvent) {
    if (event.kind !== "chat.member.removed") return;
    conns.bumpGeneration(event.userId);
    for (const ws of conns.ofUser(event.userId)) {
      ws.unsubscribe(topics.chat(event.chatId));
      sendFrame(ws, { type: "chat.removed", chatId: event.chatId, reason: event.reason });
    }
  }

  async function open(ws: Socket, frame: Frame<"chat.open">) {
    const { chatId, ref } = frame;
    const userId = ws.data.userId;
    try {
      // A removal that lands while we check invalidates the check: check again.
      for (;;) {
        const generation = userId ? conns.generation(userId) : 0;
        const { lastMessageId } = await chats.open(userId, chatId);
        if (ws.readyState !== WebSocket.OPEN) return;
        if (userId && conns.generation(userId) !== generation) continue;
        ws.subscribe(topics.chat(chatId));
        return sendFrame(ws, { type: "chat.opened", chatId, lastMessageId, ...(ref !== undefined && { ref }) });
      }
    } catch (error) {
      fail(ws, error, { chatId, ...(ref !== undefined && { ref }) });
    }
  }

  function close(ws: Socket, frame: Frame<"chat.close">) {
    ws.unsubscribe(topics.chat(frame.chatId));
  }

  async function send(ws: Socket, frame: Frame<"chat.send">) {
    const { type: _type, ...input } = frame;
    try {
      const message = await chats.send(ws.data.userId, input);
      sendFrame(ws, { type: "chat.ack", clientId: frame.clientId, message });
    } catch (error) {
      fail(ws, error, { clientId: frame.clientId, chatId: frame.chatId });
    }
  }

  /** Typing is never stored; only a signed-in member who opened the chat may announce it. */
  function typing(ws: Socket, frame: Frame<"chat.typing">) {
    const topic = topics.chat(frame.chatId);
    if (!ws.data.userId || !ws.isSubscribed(topic)) return;
    hub.publish(topic, { type: "chat.typing", chatId: frame.chatId, userId: ws.data.userId });
  }

  return { onControl, open, close, send, typing };
}
