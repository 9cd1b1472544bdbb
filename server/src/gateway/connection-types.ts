// Options, status and callback types of a gateway connection.
import type { BackoffPolicy } from './backoff';
import type { ClientMode, HelloInfo } from './handshake';
import type { DeviceIdentity } from './identity';
import type { EventFrame } from './frames';
import type { GatewayError } from './errors';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'closed';

export interface IssuedDeviceToken {
  deviceId: string | null;
  token: string;
  role: string | null;
  scopes: string[];
}

export interface GatewayLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface GatewayConnectionOptions {
  url: string;
  token?: string | null;
  password?: string | null;
  /** A device token issued earlier by this gateway (used when there is no shared secret). */
  deviceToken?: string | null;
  identity?: DeviceIdentity | null;
  mode?: ClientMode;
  allowInsecureTls?: boolean;
  /** Extra upgrade headers (e.g. behind a proxy). */
  headers?: Record<string, string>;
  /** Called when the gateway issues a (new) device token after pairing; persist it. */
  onDeviceToken?: (issued: IssuedDeviceToken) => void | Promise<void>;
  /** Default time limit of one call. */
  callTimeoutMs?: number;
  /** Time limit from opening the socket to hello-ok. */
  connectTimeoutMs?: number;
  /** Client ping cadence; a ping unanswered by the next one marks the connection dead. */
  keepaliveIntervalMs?: number;
  reconnect?: boolean;
  backoff?: BackoffPolicy;
  logger?: GatewayLogger;
  clientVersion?: string;
  /** `client.platform` to report; the host OS (clientPlatform()) unless a test pins another. */
  platform?: string;
  displayName?: string;
  random?: () => number;
}

export interface ConnectionStatus {
  state: ConnectionState;
  hello: HelloInfo | null;
  lastError: GatewayError | null;
  connectedAt: Date | null;
  /** Total connect attempts since creation. */
  attempts: number;
  consecutiveFailures: number;
  nextRetryAt: Date | null;
  /** The delay chosen before the pending retry (while in `backoff`). */
  retryDelayMs: number | null;
  /** When the gateway closed the connection to restart (WebSocket close 1012); null once reconnected. */
  restartingSince: Date | null;
}

export interface CallOptions {
  timeoutMs?: number;
  /** Retry answers `UNAVAILABLE` marked retryable (they come before the handler starts). */
  retryUnavailable?: boolean;
}

export type EventHandler = (event: EventFrame) => void;

