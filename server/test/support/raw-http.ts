import { connect, type Socket } from 'node:net';

/** One HTTP response read off a raw socket, and whether the server closed the connection. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server ended or reset the connection. */
  closed: boolean;
}

function parse(buffer: Buffer): { response: Omit<RawResponse, 'closed'>; complete: boolean } | null {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = buffer.subarray(end + 4);
  return { response: { status: Number(statusLine.split(' ')[1]), headers, body: body.subarray(0, length).toString('utf8') }, complete: body.length >= length };
}

/**
 * Connects, writes `data` as is, and resolves with the first response; after it, waits up to
 * `closeWaitMs` for the server to close so `closed` reports the server's choice.
 */
export function rawRequest(port: number, data: string | Buffer, timeoutMs = 60_000, closeWaitMs = 2_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let done = false;
    const timer = setTimeout(() => finish(new Error(`no response within ${timeoutMs} ms`)), timeoutMs);
    function finish(error: Error | null, closed = false) {
      if (done) return;
      const parsed = parse(buffer);
      if (!error && !parsed) error = new Error(`connection closed without a response: ${JSON.stringify(buffer.toString('latin1'))}`);
      if (!error && parsed && !parsed.complete && !closed) return;
      done = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve({ ...parsed!.response, closed });
      socket.destroy();
    }
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parse(buffer);
      if (parsed?.complete) {
        // Give the server a moment to close, so `closed` reports its choice.
        socket.once('close', () => finish(null, true));
        socket.once('end', () => finish(null, true));
        setTimeout(() => finish(null, socket.readableEnded || socket.destroyed), closeWaitMs).unref();
      }
    });
    socket.on('end', () => finish(null, true));
    socket.on('error', (error) => (parse(buffer)?.complete ? finish(null, true) : finish(error)));
    socket.on('close', () => finish(null, true));
    socket.write(data);
  });
}

export interface StreamResult {
  response: RawResponse | null;
  /** Body bytes the client managed to hand to the socket before the server answered or closed. */
  bytesWritten: number;
  /** Why writing stopped. */
  stoppedBy: 'response' | 'closed' | 'finished';
}

/**
 * Streams a chunked body of up to `totalBytes` (one reused chunk, so the client holds no more
 * than `chunkBytes`), honouring backpressure, and stops as soon as the server answers or closes.
 */
export function streamChunked(port: number, head: string, totalBytes: number, chunkBytes = 64 * 1024, timeoutMs = 120_000): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const chunk = Buffer.concat([Buffer.from(`${chunkBytes.toString(16)}\r\n`), Buffer.alloc(chunkBytes, 0x41), Buffer.from('\r\n')]);
    let buffer = Buffer.alloc(0);
    let written = 0;
    let stopped: StreamResult['stoppedBy'] | null = null;
    let settled = false;
    const timer = setTimeout(() => settle(new Error('stream timed out')), timeoutMs);
    function settle(error: Error | null) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) return reject(error);
      const parsed = parse(buffer);
      resolve({ response: parsed ? { ...parsed.response, closed: stopped !== 'response' || socket.readableEnded } : null, bytesWritten: written, stoppedBy: stopped ?? 'finished' });
    }
    const stop = (why: StreamResult['stoppedBy']) => {
      if (!stopped) stopped = why;
    };
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (parse(buffer)?.complete) {
        stop('response');
        // Wait briefly for the server's close so the result can report it.
        socket.once('end', () => settle(null));
        setTimeout(() => settle(null), 3_000).unref();
      }
    });
    socket.on('end', () => {
      stop('closed');
      settle(null);
    });
    socket.on('error', () => {
      stop('closed');
      settle(null);
    });
    socket.on('connect', () => {
      socket.write(head);
      const pump = () => {
        while (!stopped && written < totalBytes) {
          written += chunkBytes;
          if (!socket.write(chunk)) {
            socket.once('drain', pump);
            return;
          }
        }
        if (!stopped && written >= totalBytes) socket.write('0\r\n\r\n');
      };
      pump();
    });
  });
}
