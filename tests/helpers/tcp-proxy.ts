/**
 * A TCP proxy of the test's own between the app and a backend (Redis, Postgres): bytes are piped
 * both ways unchanged. `cut()` drops every open connection and refuses new ones (the backend
 * "went away" without touching the machine's shared server); `restore()` accepts again.
 */
import type { Socket, TCPSocketListener } from "bun";

export interface TcpProxy {
  /** The port to point the app at (127.0.0.1). */
  port: number;
  /** Connections the proxy has accepted so far (tests can wait for a reconnect). */
  accepted(): number;
  /** Connections open right now. */
  open(): number;
  /** Drops every connection and refuses new ones until restore(). */
  cut(): void;
  /** Accepts connections again. */
  restore(): void;
  close(): void;
}

interface Pair {
  client: Socket<Side>;
  upstream: Socket<Side> | null;
  /** Bytes from the client that arrived before the upstream connection was up (or could take them). */
  toUpstream: Uint8Array[];
  /** Bytes from upstream the client could not take yet. */
  toClient: Uint8Array[];
  closed: boolean;
}
interface Side {
  pair: Pair;
  role: "client" | "upstream";
}

/** Writes what it can; the rest waits in `queue` for the socket's drain. */
function flush(sock: Socket<Side>, queue: Uint8Array[]) {
  while (queue.length) {
    const chunk = queue[0]!;
    const n = sock.write(chunk);
    if (n < chunk.length) {
      queue[0] = chunk.subarray(Math.max(0, n));
      return;
    }
    queue.shift();
  }
}

export function startTcpProxy(opts: { target: { host: string; port: number }; host?: string }): TcpProxy {
  const pairs = new Set<Pair>();
  let cut = false;
  let accepted = 0;

  const end = (pair: Pair) => {
    if (pair.closed) return;
    pair.closed = true;
    pairs.delete(pair);
    pair.client.end();
    pair.upstream?.end();
  };

  const listener: TCPSocketListener<Side> = Bun.listen<Side>({
    hostname: opts.host ?? "127.0.0.1",
    port: 0,
    socket: {
      open(client) {
        if (cut) {
          client.end();
          return;
        }
        accepted += 1;
        const pair: Pair = { client, upstream: null, toUpstream: [], toClient: [], closed: false };
        client.data = { pair, role: "client" };
        pairs.add(pair);
        Bun.connect<Side>({
          hostname: opts.target.host,
          port: opts.target.port,
          data: { pair, role: "upstream" },
          socket: {
            open(upstream) {
              if (pair.closed) return void upstream.end();
              pair.upstream = upstream;
              flush(upstream, pair.toUpstream);
            },
            data(_upstream, chunk) {
              if (pair.closed) return;
              pair.toClient.push(new Uint8Array(chunk));
              flush(pair.client, pair.toClient);
            },
            drain(upstream) {
              flush(upstream, pair.toUpstream);
            },
            close: () => end(pair),
            error: () => end(pair),
            connectError: () => end(pair),
          },
        }).catch(() => end(pair));
      },
      data(client, chunk) {
        const pair = client.data.pair;
        if (pair.closed) return;
        pair.toUpstream.push(new Uint8Array(chunk));
        if (pair.upstream) flush(pair.upstream, pair.toUpstream);
      },
      drain(client) {
        flush(client, client.data.pair.toClient);
      },
      close: (client) => client.data && end(client.data.pair),
      error: (client) => client.data && end(client.data.pair),
    },
  });

  return {
    port: listener.port,
    accepted: () => accepted,
    open: () => pairs.size,
    cut() {
      cut = true;
      for (const pair of [...pairs]) {
        pair.closed = true;
        pairs.delete(pair);
        // terminate(): an abrupt close, as when the server or the network goes away.
        pair.client.terminate();
        pair.upstream?.terminate();
      }
    },
    restore() {
      cut = false;
    },
    close() {
      this.cut();
      listener.stop(true);
    },
  };
}
