// One long-lived WebSocket connection to one gateway: handshake, request/response matching,
// event fan-out, keepalive and reconnection with jittered backoff.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { backoffDelay, RECONNECT_BACKOFF } from './backoff';
import { GatewayError, isTransient, rpcErrorFromShape, transportError } from './errors';
import { buildRequest, type InboundFrame } from './frames';
import { buildConnectParams, clientPlatform, controlUiOrigin, type ClientMode, type HelloInfo } from './handshake';
import { redactUrl } from './redact-url';
import { openSession, type Session, type SessionAttempt } from './session';
import type {
  CallOptions,
  ConnectionState,
  ConnectionStatus,
  EventHandler,
  GatewayConnectionOptions,
  IssuedDeviceToken,
} from './connection-types';

export type * from './connection-types';

interface Pending {
  method: string;
  resolve: (payload: unknown) => void;
  reject: (error: GatewayError) => void;
  timer: NodeJS.Timeout;
}

const STABLE_CONNECTION_MS = 10_000;
const NON_TRANSIENT_MIN_DELAY_MS = 5_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class GatewayConnection {
  private readonly opts: GatewayConnectionOptions;
  private socket: WebSocket | null = null;
  private state: ConnectionState = 'idle';
  private hello: HelloInfo | null = null;
  private lastError: GatewayError | null = null;
  private connectedAt: Date | null = null;
  private attempts = 0;
  private consecutiveFailures = 0;
  private nextRetryAt: Date | null = null;
  private retryDelayMs: number | null = null;
  private restartingSince: Date | null = null;
  private deviceToken: string | null;
  private readonly pending = new Map<string, Pending>();
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private readonly stateListeners = new Set<(status: ConnectionStatus) => void>();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastLogged = '';
  private current: SessionAttempt | null = null;
  private mode: ClientMode;

  constructor(options: GatewayConnectionOptions) {
    this.opts = options;
    this.deviceToken = options.deviceToken ?? null;
    this.mode = options.mode ?? 'backend';
  }

  /** The client mode in use (control-ui falls back to backend when the gateway retired it). */
  get clientMode(): ClientMode {
    return this.mode;
  }

  get url(): string {
    return this.opts.url;
  }

  status(): ConnectionStatus {
    return {
      state: this.state,
      hello: this.hello,
      lastError: this.lastError,
      connectedAt: this.connectedAt,
      attempts: this.attempts,
      consecutiveFailures: this.consecutiveFailures,
      nextRetryAt: this.nextRetryAt,
      retryDelayMs: this.state === 'backoff' ? this.retryDelayMs : null,
      restartingSince: this.restartingSince,
    };
  }

  /** Starts connecting (and keeps reconnecting) in the background. Idempotent. */
  start(): void {
    if (this.loop || this.state === 'closed') return;
    this.loop = this.run().catch((error) => {
      this.opts.logger?.warn('gateway connection loop crashed', { url: redactUrl(this.opts.url), error: String(error) });
    });
  }

  /** Resolves with the hello once connected; rejects when the deadline passes or on a non-transient failure. */
  async ready(timeoutMs = this.opts.connectTimeoutMs ?? 15_000): Promise<HelloInfo> {
    this.start();
    await this.waitConnected(Date.now() + timeoutMs);
    return this.hello!;
  }

  /** Ends a pending backoff wait so the next connect attempt starts now. */
  retryNow(): void {
    if (this.state === 'backoff') this.wake?.();
  }

  /** Subscribes to one event name, or `*` for all; returns the unsubscribe function. */
  on(event: string, handler: EventHandler): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set!.delete(handler);
  }

  onStateChange(listener: (status: ConnectionStatus) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async call<T = unknown>(method: string, params?: unknown, options: CallOptions = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.opts.callTimeoutMs ?? 15_000;
    const deadline = Date.now() + timeoutMs;
    this.start();
    for (let attempt = 1; ; attempt++) {
      const socket = await this.waitConnected(deadline);
      try {
        return (await this.send(socket, method, params, deadline)) as T;
      } catch (error) {
        const err = error as GatewayError;
        const retry =
          options.retryUnavailable !== false && err.kind === 'rpc' && err.code === 'UNAVAILABLE' && err.retryable && attempt < 5;
        const wait = Math.max(100, err.retryAfterMs ?? 500);
        if (!retry || Date.now() + wait >= deadline) throw err;
        await sleep(wait);
      }
    }
  }

  /** Closes the connection for good; pending calls fail. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.setState('closed');
    this.wake?.();
    // Ends the current socket (established or still handshaking) and lets the loop finish.
    this.current?.abort(new GatewayError('unreachable', 'connection closed by the client'), true);
    this.failPending(new GatewayError('unreachable', 'connection closed by the client'));
    await this.loop;
  }

  // ---- internals ------------------------------------------------------------------------------

  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private setState(state: ConnectionState): void {
    if (this.state === 'closed') return;
    this.state = state;
    const status = this.status();
    for (const listener of this.stateListeners) {
      try {
        listener(status);
      } catch {
        // A listener's failure must not break the connection.
      }
    }
  }

  /** Logs once per change of (state, error kind/code), never per retry. */
  private logChange(): void {
    const logger = this.opts.logger;
    if (!logger) return;
    const err = this.lastError;
    // Keyed on the kind of failure only: refused / reset / timed out while down is one state.
    const key = this.state === 'connected' ? 'connected' : `${err?.kind}:${err?.kind === 'unreachable' || err?.kind === 'timeout' ? '' : (err?.detailsCode ?? err?.code ?? '')}`;
    if (key === this.lastLogged) return;
    const first = this.lastLogged === '';
    this.lastLogged = key;
    const url = redactUrl(this.opts.url);
    if (this.state === 'connected') {
      logger.info(first ? 'gateway connected' : 'gateway reconnected', {
        url,
        protocol: this.hello?.protocol,
        server_version: this.hello?.serverVersion,
      });
    } else if (err) {
      logger.warn('gateway connection failed; retrying with backoff', { url, kind: err.kind, code: err.detailsCode ?? err.code, error: err.message });
    }
  }

  private async run(): Promise<void> {
    while (this.state !== 'closed') {
      this.setState('connecting');
      this.attempts++;
      let established = false;
      let closedPromise: Promise<GatewayError> | null = null;
      try {
        closedPromise = (await this.connectOnce()).dropped;
        established = true;
      } catch (error) {
        this.lastError = error instanceof GatewayError ? error : transportError(error);
        if (this.mode === 'control-ui' && this.lastError.detailsCode?.startsWith('CONTROL_UI_')) {
          // Newer gateways refuse the Control UI client without a device: connect as a backend
          // client instead (full scopes on the gateway's own host, none from elsewhere).
          this.mode = 'backend';
          this.opts.logger?.warn('gateway refused the Control UI client; connecting as a backend client', { url: redactUrl(this.opts.url) });
          continue;
        }
      }
      if (this.isClosed()) break;
      if (established && closedPromise) {
        this.consecutiveFailures = 0;
        this.lastError = null;
        this.restartingSince = null;
        this.nextRetryAt = null;
        this.setState('connected');
        this.logChange();
        const since = Date.now();
        const dropped = await closedPromise;
        if (this.isClosed()) break;
        this.lastError = dropped;
        if (dropped.closeCode === 1012) this.restartingSince = new Date();
        this.hello = null;
        this.connectedAt = null;
        if (Date.now() - since < STABLE_CONNECTION_MS) this.consecutiveFailures++;
        this.failPending(new GatewayError(dropped.kind === 'timeout' ? 'timeout' : 'unreachable', `connection lost: ${dropped.message}`, { closeCode: dropped.closeCode }));
      } else {
        this.consecutiveFailures++;
      }
      if (this.opts.reconnect === false) {
        this.setState('closed');
        break;
      }
      const err = this.lastError;
      let delay = backoffDelay(this.opts.backoff ?? RECONNECT_BACKOFF, Math.max(1, this.consecutiveFailures), this.opts.random);
      if (err?.retryAfterMs) delay = Math.max(delay, err.retryAfterMs);
      if (err && !isTransient(err)) delay = Math.max(delay, NON_TRANSIENT_MIN_DELAY_MS);
      this.nextRetryAt = new Date(Date.now() + delay);
      this.retryDelayMs = delay;
      this.setState('backoff');
      this.logChange();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        timer.unref();
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Opens a socket and completes the handshake; resolves with a promise of the eventual drop. */
  private async connectOnce(): Promise<{ dropped: Promise<GatewayError> }> {
    const headers: Record<string, string> = { ...(this.opts.headers ?? {}) };
    if (this.mode === 'control-ui') headers.Origin = controlUiOrigin(this.opts.url);
    const attempt = openSession({
      url: this.opts.url,
      headers,
      allowInsecureTls: !!this.opts.allowInsecureTls,
      connectTimeoutMs: this.opts.connectTimeoutMs ?? 15_000,
      keepaliveIntervalMs: this.opts.keepaliveIntervalMs ?? 15_000,
      connectParams: (nonce) =>
        buildConnectParams({
          mode: this.mode,
          credentials: { token: this.opts.token, password: this.opts.password, deviceToken: this.deviceToken },
          identity: this.opts.identity ?? null,
          nonce,
          nowMs: Date.now(),
          clientVersion: this.opts.clientVersion ?? '1.0.0',
          platform: this.opts.platform ?? clientPlatform(),
          displayName: this.opts.displayName,
        }),
      onConnectError: (error) => {
        // Older gateways leave the device id out of the pairing details; it is ours.
        if (error.pairing && !error.pairing.deviceId && this.opts.identity) error.pairing.deviceId = this.opts.identity.deviceId;
      },
      onFrame: (frame) => this.handleFrame(frame),
    });
    this.current = attempt;
    let session: Session;
    try {
      session = await attempt.established;
    } catch (error) {
      if (this.current === attempt) this.current = null;
      throw error;
    }
    this.socket = session.socket;
    this.hello = session.hello;
    this.connectedAt = new Date();
    this.noteDeviceToken(session.hello);
    const dropped = session.dropped.then((error) => {
      if (this.current === attempt) this.current = null;
      if (this.socket === session.socket) this.socket = null;
      return error;
    });
    return { dropped };
  }

  private noteDeviceToken(hello: HelloInfo): void {
    if (!hello.deviceToken || hello.deviceToken === this.deviceToken) return;
    this.deviceToken = hello.deviceToken;
    const issued: IssuedDeviceToken = {
      deviceId: this.opts.identity?.deviceId ?? null,
      token: hello.deviceToken,
      role: hello.role,
      scopes: hello.scopes,
    };
    Promise.resolve()
      .then(() => this.opts.onDeviceToken?.(issued))
      .catch((error) => this.opts.logger?.warn('storing the issued device token failed', { error: String(error) }));
  }

  private handleFrame(frame: InboundFrame): void {
    if (frame.type === 'res') {
      const pending = this.pending.get(frame.id);
      if (!pending) return;
      this.pending.delete(frame.id);
      clearTimeout(pending.timer);
      if (frame.ok) pending.resolve(frame.payload);
      else pending.reject(rpcErrorFromShape(pending.method, frame.error));
      return;
    }
    for (const key of [frame.event, '*']) {
      const set = this.handlers.get(key);
      if (!set) continue;
      for (const handler of [...set]) {
        try {
          handler(frame);
        } catch (error) {
          this.opts.logger?.warn('gateway event handler failed', { event: frame.event, error: String(error) });
        }
      }
    }
  }

  private send(socket: WebSocket, method: string, params: unknown, deadline: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = randomUUID();
      const remaining = Math.max(1, deadline - Date.now());
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new GatewayError('timeout', `${method} got no answer within ${remaining} ms`, { method, retryable: true }));
      }, remaining);
      this.pending.set(id, { method, resolve, reject, timer });
      socket.send(JSON.stringify(buildRequest(id, method, params)), (error) => {
        if (!error) return;
        const pending = this.pending.get(id);
        if (!pending) return;
        this.pending.delete(id);
        clearTimeout(timer);
        reject(transportError(error));
      });
    });
  }

  private failPending(error: GatewayError): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(new GatewayError(error.kind, `${pending.method}: ${error.message}`, { method: pending.method, closeCode: error.closeCode, retryable: true }));
    }
  }

  /** Waits until connected or the deadline; fails early on failures a retry cannot fix. */
  private async waitConnected(deadline: number): Promise<WebSocket> {
    for (;;) {
      if (this.state === 'closed') {
        // Without reconnection the loop ends after one failure: report that failure.
        if (this.opts.reconnect === false && this.lastError) throw this.lastError;
        throw new GatewayError('unreachable', 'connection closed by the client');
      }
      if (this.state === 'connected' && this.socket && this.socket.readyState === WebSocket.OPEN) return this.socket;
      if (this.state === 'backoff' && this.lastError && !isTransient(this.lastError)) throw this.lastError;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const last = this.lastError;
        if (last) throw new GatewayError(last.kind, last.message, { ...last, cause: last });
        throw new GatewayError('timeout', 'gateway connection not established in time', { retryable: true });
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(remaining, 1_000));
        const off = this.onStateChange(done);
        function done() {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    }
  }
}
