/**
 * A server frame as the JSON text sent on the socket. A new chat message travels in two frames:
 * `chat.message` on its chat's topic (serialised once for all subscribers) and `chat.ack` to its
 * sender. Both are built around ONE serialisation of the message, kept by the message object (a
 * stored message's object is never changed after it is published: an edit or a reaction makes a
 * new one). Any other frame — or one of these two with a field more than they have today — is
 * plain `JSON.stringify`.
 */
import type { ChatMessage } from "../../shared/chats.ts";
import type { ServerEvent } from "../../shared/events.ts";

const messageJson = new WeakMap<ChatMessage, string>();

function jsonOfMessage(message: ChatMessage): string {
  let json = messageJson.get(message);
  if (json === undefined) messageJson.set(message, (json = JSON.stringify(message)));
  return json;
}

/** Own enumerable keys, counted without allocating an array. */
function keyCount(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

export function frameJson(event: ServerEvent): string {
  if (event.type === "chat.message" && keyCount(event) === 2) {
    return `{"type":"chat.message","message":${jsonOfMessage(event.message)}}`;
  }
  if (event.type === "chat.ack" && keyCount(event) === 3) {
    return `{"type":"chat.ack","clientId":${JSON.stringify(event.clientId)},"message":${jsonOfMessage(event.message)}}`;
  }
  return JSON.stringify(event);
}
