/**
 * Websocket fuzzing: one frame at a time, each followed by a ping. The pong proves the socket
 * still works; a frame the shared `clientEvent` union refuses must have got its error frame before
 * that pong (refusals are answered at once); a valid chat.open / chat.send must get its answer.
 * Frames are paced under the server's per-connection bucket so they reach validation rather than
 * the flood guard; a frame above WS_LIMITS.maxFrameBytes must close the socket with 1009.
 */
import { clientEvent, serverEvent, WS_LIMITS, type ServerEvent } from "../../shared/events.ts";
import { createTokenBucket } from "../../server/realtime/token-bucket.ts";
import { fuzzFailure, REQUEST_TIMEOUT_MS } from "./fuzz-http.ts";
import { openSocket, type TestSocket } from "./ws.ts";

export type WsFrame = string | Uint8Array<ArrayBuffer>;

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
const describe = (frame: WsFrame) => (typeof frame === "string" ? `text frame ${JSON.stringify(clip(frame))}` : `binary frame of ${frame.byteLength} bytes`);

/** What the server must do with a frame, worked out the way socket.ts does it. */
function expectation(frame: WsFrame): { kind: "close" | "refused" | "valid"; parsed?: ReturnType<typeof clientEvent.parse> } {
  const bytes = typeof frame === "string" ? Buffer.byteLength(frame) : frame.byteLength;
  if (bytes > WS_LIMITS.maxFrameBytes) return { kind: "close" };
  const text = typeof frame === "string" ? frame : Buffer.from(frame).toString();
  if ((typeof frame === "string" ? frame.length : bytes) > WS_LIMITS.maxParsedFrameBytes) return { kind: "refused" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "refused" };
  }
  const result = clientEvent.safeParse(json);
  return result.success ? { kind: "valid", parsed: result.data } : { kind: "refused" };
}

export class WsFuzzer {
  private sock!: TestSocket;
  /** A little under the server's 20/s with a burst of 40, so the server's bucket never runs dry. */
  private pace = createTokenBucket(WS_LIMITS.framesPerSecond * 0.75, WS_LIMITS.framesPerSecond / 2);
  private pings = 0;
  private checked = 0;
  /** Frames sent, by what the server had to do with them. */
  readonly counts = { refused: 0, valid: 0, close: 0, limited: 0 };

  constructor(
    private srv: { url: string },
    private cookie: () => string,
    private label: string,
  ) {}

  async open(): Promise<void> {
    const cookie = this.cookie();
    this.sock = await openSocket(this.srv.url, { origin: this.srv.url, ...(cookie && { cookie }) });
    this.checked = 0;
    await this.sock.next((e) => e.type === "hello", REQUEST_TIMEOUT_MS);
  }

  private fail(what: string, frame: WsFrame): Error {
    const recent = this.sock.frames.slice(-5).map((f) => clip(JSON.stringify(f), 200));
    return fuzzFailure(`websocket (${this.label}): ${what}`, `${describe(frame)}\n  last frames: ${recent.join("\n    ")}`);
  }

  private async send(data: WsFrame): Promise<void> {
    while (!this.pace.take()) await Bun.sleep(10);
    this.sock.ws.send(data);
  }

  private async next(pred: (e: ServerEvent) => boolean, what: string, frame: WsFrame): Promise<ServerEvent> {
    try {
      return await this.sock.next(pred, REQUEST_TIMEOUT_MS);
    } catch {
      throw this.fail(what, frame);
    }
  }

  /** Every frame since the last check matches serverEvent and none is an INTERNAL error. */
  private checkFrames(frame: WsFrame): void {
    for (const f of this.sock.frames.slice(this.checked)) {
      if (!serverEvent.safeParse(f).success) throw this.fail(`a frame outside serverEvent: ${JSON.stringify(f)}`, frame);
      if (f.type === "error" && f.code === "INTERNAL") throw this.fail(`an INTERNAL error frame: ${JSON.stringify(f)}`, frame);
    }
    this.checked = this.sock.frames.length;
  }

  async run(frame: WsFrame): Promise<void> {
    const expected = expectation(frame);
    this.counts[expected.kind]++;
    if (expected.kind === "close") {
      this.sock.ws.send(frame);
      const closed = await Promise.race([this.sock.closed, Bun.sleep(REQUEST_TIMEOUT_MS).then(() => null)]);
      if (closed?.code !== 1009) throw this.fail(`a frame over ${WS_LIMITS.maxFrameBytes} bytes closed with ${closed?.code ?? "nothing"}, not 1009`, frame);
      this.checkFrames(frame);
      return this.open();
    }
    const errorsBefore = this.sock.frames.filter((f) => f.type === "error").length;
    await this.send(frame);
    const at = 7e12 + ++this.pings;
    await this.send(JSON.stringify({ type: "ping", at }));
    await this.next((e) => e.type === "pong" && e.at === at, "no pong after the frame: the socket stopped answering", frame);
    const errors = this.sock.frames.filter((f) => f.type === "error");
    if (expected.kind === "refused") {
      const fresh = errors.slice(errorsBefore);
      if (!fresh.length) throw this.fail("a refused frame got no error frame", frame);
      // Counted, not failed: an answer arriving late to an earlier valid frame may be a RATE_LIMITED too.
      if (fresh.some((e) => e.type === "error" && e.code === "RATE_LIMITED")) this.counts.limited++;
    } else {
      const f = expected.parsed!;
      if (f.type === "chat.open") {
        await this.next((e) => (e.type === "chat.opened" || e.type === "error") && e.chatId === f.chatId && e.ref === f.ref, "chat.open got no answer", frame);
      } else if (f.type === "chat.send") {
        await this.next((e) => (e.type === "chat.ack" || e.type === "error") && e.clientId === f.clientId, "chat.send got no answer", frame);
      }
    }
    this.checkFrames(frame);
  }

  close(): void {
    this.sock.ws.close();
  }
}
