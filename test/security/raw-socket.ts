/**
 * A client on a bare TCP socket (node:net), for what HTTP client libraries will not do:
 * send a body a byte at a time, hold connections open, read what the server writes before
 * it closes the socket.
 */
import { connect, Socket } from 'node:net';

export interface RawConnection {
  readonly socket: Socket;
  /** Everything the server wrote so far. */
  received(): string;
  /** Resolves when the server closes the connection, with how long it stayed open. */
  readonly closed: Promise<{ readonly text: string; readonly openMs: number }>;
}

/** `localAddress` picks the client's address (any of 127.0.0.0/8 reaches a loopback server). */
export const openRaw = (url: string, localAddress?: string): Promise<RawConnection> => {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ port: Number(port), host: hostname, localAddress });
    const chunks: Buffer[] = [];
    const openedAt = Date.now();
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may close while we still write; what it wrote before is what counts.
    socket.on('error', () => undefined);
    const closed = new Promise<{ text: string; openMs: number }>((done) =>
      socket.on('close', () =>
        done({ text: Buffer.concat(chunks).toString('utf8'), openMs: Date.now() - openedAt }),
      ),
    );
    socket.once('connect', () =>
      resolve({ socket, received: () => Buffer.concat(chunks).toString('utf8'), closed }),
    );
    socket.once('error', reject);
  });
};

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The first HTTP answer in what a socket received. */
export const parseAnswer = (text: string): RawAnswer => {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no HTTP answer in ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? text.length);
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: text.slice(end + 4, end + 4 + length),
  };
};

/** Writes `bytes` one at a time, `gapMs` apart, until done or the socket is closed. */
export const trickle = async (socket: Socket, bytes: string, gapMs: number): Promise<void> => {
  for (const byte of bytes) {
    if (socket.destroyed || !socket.writable) return;
    socket.write(byte);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
};
