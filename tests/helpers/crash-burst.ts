/**
 * The load of the crash-safety test: websocket senders that keep a few chat.send frames in
 * flight (recording every ack in the order it came), and upload loops posting chat images. Both
 * run until told to stop or until the server dies under them.
 */
import { newClientId, type ChatMessage } from "../../shared/chats.ts";
import type { MediaInfo } from "../../shared/media.ts";
import type { TestClient } from "./client.ts";
import type { TestSocket } from "./ws.ts";

export interface Sender {
  name: string;
  client: TestClient;
  sock: TestSocket;
  /** Acknowledged messages, in the order their acks arrived. */
  acked: ChatMessage[];
  /** Sent, not (yet) acknowledged: clientId → what was sent. */
  pending: Map<string, { chatId: string; body: string }>;
  /** Every error frame this socket got. */
  errors: unknown[];
}

/** Up to `window` sends in flight; one send per `everyMs` at most (under the socket's 20 frames/s). */
export function startSender(s: Sender, chatIds: string[], stopped: () => boolean, opts = { window: 4, everyMs: 60 }): Promise<void> {
  s.sock.ws.addEventListener("message", (m) => {
    const f = JSON.parse(String(m.data)) as { type: string; clientId?: string; message?: ChatMessage };
    if (f.type === "chat.ack" && s.pending.delete(f.clientId!)) s.acked.push(f.message!);
    else if (f.type === "error") s.errors.push(f);
  });
  return (async () => {
    for (let i = 0; !stopped() && s.sock.ws.readyState === WebSocket.OPEN; i++) {
      if (s.pending.size < opts.window) {
        const chatId = chatIds[i % chatIds.length]!;
        const clientId = newClientId();
        const body = `${s.name} #${i}`;
        s.pending.set(clientId, { chatId, body });
        s.sock.send(JSON.stringify({ type: "chat.send", chatId, clientId, body, imageIds: [] }));
      }
      await Bun.sleep(opts.everyMs);
    }
  })();
}

export interface Uploads {
  /** Uploads answered 200 with a whole MediaInfo, and by whom. */
  ok: Array<{ info: MediaInfo; client: TestClient }>;
  /** Answered, but not 200: status and body. */
  refused: string[];
  /** Cut off by the crash (no answer, or half an answer): their outcome is unknown. */
  cut: number;
  inFlight: number;
}

export function startUploader(url: string, client: TestClient, images: Uint8Array[], stopped: () => boolean, out: Uploads): Promise<void> {
  return (async () => {
    for (let i = 0; !stopped(); i++) {
      out.inFlight++;
      try {
        const res = await client.fetch(`${url}/api/media?purpose=chat_image`, {
          method: "POST",
          headers: { "content-type": "application/octet-stream" },
          body: images[i % images.length]! as BodyInit,
        });
        if (res.status !== 200) out.refused.push(`${res.status} ${await res.text()}`);
        else out.ok.push({ info: (await res.json()) as MediaInfo, client });
      } catch {
        out.cut++;
        return;
      } finally {
        out.inFlight--;
      }
    }
  })();
}

export { waitFor } from "./wait.ts";
