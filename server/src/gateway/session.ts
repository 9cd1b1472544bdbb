// One socket's life: open, challenge → connect → hello, keepalive, and the moment it drops.
// The connection (connection.ts) decides what to do next; this file only reports.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { closeError, connectErrorFromShape, GatewayError, transportError } from './errors';
import { buildRequest, parseFrame, type InboundFrame } from './frames';
import { parseHello, type HelloInfo } from './handshake';

export interface SessionParams {
  url: string;
  headers: Record<string, string>;
  allowInsecureTls: boolean;
  /** From opening the socket to hello-ok. */
  connectTimeoutMs: number;
  /** Ping cadence; a ping still unanswered at the next tick (or long silence) ends the session. */
  keepaliveIntervalMs: number;
  /** The connect params, built once the challenge nonce is known. */
  connectParams(nonce: string): unknown;
  /** Lets the caller complete a refused connect's error (e.g. with its device id). */
  onConnectError?(error: GatewayError): void;
  /** Every frame after the handshake. */
  onFrame(frame: InboundFrame): void;
}

export interface Session {
  socket: WebSocket;
  hello: HelloInfo;
  /** Resolves with the reason once the session ends, whoever ended it. */
  dropped: Promise<GatewayError>;
}

export interface SessionAttempt {
  established: Promise<Session>;
  /** Ends the attempt or the session; `graceful` sends a normal close frame first. */
  abort(error: GatewayError, graceful?: boolean): void;
}

const MAX_PAYLOAD = 64 * 1024 * 1024;

export function openSession(params: SessionParams): SessionAttempt {
  let settled = false;
  let dropReported = false;
  let keepalive: NodeJS.Timeout | null = null;
  let handshakeTimer: NodeJS.Timeout | null = null;
  let resolveEstablished!: (session: Session) => void;
  let rejectEstablished!: (error: GatewayError) => void;
  const established = new Promise<Session>((resolve, reject) => {
    resolveEstablished = resolve;
    rejectEstablished = reject;
  });
  let resolveDrop!: (error: GatewayError) => void;
  const dropped = new Promise<GatewayError>((resolve) => (resolveDrop = resolve));

  let socket: WebSocket;
  try {
    socket = new WebSocket(params.url, {
      headers: params.headers,
      perMessageDeflate: false,
      handshakeTimeout: params.connectTimeoutMs,
      rejectUnauthorized: !params.allowInsecureTls,
      maxPayload: MAX_PAYLOAD,
    });
  } catch (error) {
    rejectEstablished(new GatewayError('protocol', `invalid gateway URL: ${(error as Error).message}`));
    return { established, abort: () => {} };
  }

  const silence = () => {
    socket.removeAllListeners();
    socket.on('error', () => {});
  };

  const fail = (error: GatewayError) => {
    if (settled) return;
    settled = true;
    if (handshakeTimer) clearTimeout(handshakeTimer);
    silence();
    socket.terminate();
    rejectEstablished(error);
  };

  const drop = (error: GatewayError, graceful = false) => {
    if (dropReported) return;
    dropReported = true;
    if (keepalive) clearInterval(keepalive);
    silence();
    if (graceful && socket.readyState === WebSocket.OPEN) {
      socket.close(1000, 'client closing');
      setTimeout(() => socket.terminate(), 1_000).unref();
    } else {
      socket.terminate();
    }
    resolveDrop(error);
  };

  handshakeTimer = setTimeout(
    () => fail(new GatewayError('timeout', `gateway did not complete the handshake within ${params.connectTimeoutMs} ms`, { retryable: true })),
    params.connectTimeoutMs,
  );

  const connectId = randomUUID();
  let awaitingPong = false;
  let lastInbound = Date.now();

  const startKeepalive = (hello: HelloInfo) => {
    const interval = params.keepaliveIntervalMs;
    // The gateway broadcasts `tick` every tickIntervalMs; twice that in silence means trouble.
    const silenceLimit = Math.max(2 * (hello.tickIntervalMs ?? 30_000), 2 * interval) + interval;
    keepalive = setInterval(() => {
      if (awaitingPong || Date.now() - lastInbound > silenceLimit) {
        drop(new GatewayError('timeout', 'gateway stopped answering (keepalive timeout)', { retryable: true, closeCode: 4000 }));
        return;
      }
      awaitingPong = true;
      try {
        socket.ping();
      } catch {
        // The close handler reports the drop.
      }
    }, interval);
    keepalive.unref();
  };

  const onHandshakeFrame = (frame: InboundFrame) => {
    if (frame.type === 'event' && frame.event === 'connect.challenge') {
      const nonce = (frame.payload as { nonce?: unknown } | null)?.nonce;
      if (typeof nonce !== 'string' || !nonce) {
        fail(new GatewayError('protocol', 'gateway challenge carried no nonce'));
        return;
      }
      socket.send(JSON.stringify(buildRequest(connectId, 'connect', params.connectParams(nonce))));
      return;
    }
    if (frame.type !== 'res' || frame.id !== connectId) return;
    if (!frame.ok) {
      const error = connectErrorFromShape(frame.error);
      params.onConnectError?.(error);
      fail(error);
      return;
    }
    const hello = parseHello(frame.payload);
    if (!hello) {
      fail(new GatewayError('protocol', 'gateway answered connect without a hello-ok payload'));
      return;
    }
    settled = true;
    if (handshakeTimer) clearTimeout(handshakeTimer);
    startKeepalive(hello);
    resolveEstablished({ socket, hello, dropped });
  };

  socket.on('message', (data, isBinary) => {
    lastInbound = Date.now();
    if (isBinary) return;
    const frame = parseFrame(data.toString());
    if (!frame) return;
    if (settled) params.onFrame(frame);
    else onHandshakeFrame(frame);
  });
  socket.on('pong', () => {
    awaitingPong = false;
    lastInbound = Date.now();
  });
  socket.on('error', (error) => (settled ? drop(transportError(error)) : fail(transportError(error))));
  socket.on('close', (code, reason) => {
    const error = closeError(code, reason.toString());
    if (settled) drop(error);
    else fail(error);
  });

  return {
    established,
    abort: (error, graceful = false) => (settled ? drop(error, graceful) : fail(error)),
  };
}
