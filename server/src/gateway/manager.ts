// One shared, long-lived connection per configured gateway, with status reporting.
import { GatewayConnection, type ConnectionState, type GatewayConnectionOptions, type GatewayLogger, type IssuedDeviceToken } from './connection';
import { describeGatewayError, type GatewayErrorKind, type PairingInfo } from './errors';
import type { EventFrame } from './frames';
import type { DeviceIdentity } from './identity';
import { GatewayRpc } from './rpc';

export interface GatewayConfig {
  id: string;
  url: string;
  token?: string | null;
  disableDevicePairing?: boolean;
  allowInsecureTls?: boolean;
  /** This gateway's device identity; falls back to the manager's installation identity. */
  identity?: DeviceIdentity | null;
}

/** Where device tokens issued by gateways after pairing are kept (the database, later). */
export interface DeviceTokenStore {
  load(gatewayId: string): Promise<string | null>;
  save(gatewayId: string, issued: IssuedDeviceToken): Promise<void>;
}

export interface GatewayStatus {
  gateway_id: string;
  state: ConnectionState;
  connected: boolean;
  server_version: string | null;
  protocol: number | null;
  scopes: string[];
  /** Operator scopes Mission Control needs but the gateway did not grant on this connection. */
  missing_scopes: string[];
  error: string | null;
  error_kind: GatewayErrorKind | null;
  pairing: PairingInfo | null;
  connected_at: string | null;
  next_retry_at: string | null;
  connect_attempts: number;
}

export interface GatewayManagerOptions {
  /** This installation's device identity, signed into every connect (omitted when pairing is disabled). */
  identity?: DeviceIdentity | null;
  deviceTokens?: DeviceTokenStore;
  logger?: GatewayLogger;
  /** Defaults for every connection (time limits, keepalive cadence, backoff). */
  connection?: Partial<Omit<GatewayConnectionOptions, 'url' | 'token' | 'identity' | 'deviceToken' | 'onDeviceToken' | 'mode' | 'allowInsecureTls'>>;
}

interface Entry {
  config: GatewayConfig;
  connection: GatewayConnection;
  rpc: GatewayRpc;
}

function sameConnection(a: GatewayConfig, b: GatewayConfig): boolean {
  return (
    a.url === b.url &&
    (a.token ?? null) === (b.token ?? null) &&
    !!a.disableDevicePairing === !!b.disableDevicePairing &&
    !!a.allowInsecureTls === !!b.allowInsecureTls
  );
}

/** `operator.admin` satisfies every method check; without it these are needed. */
const REQUIRED_SCOPES = ['operator.read', 'operator.write', 'operator.admin'];

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

export class GatewayManager {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(status: GatewayStatus) => void>();
  private readonly eventListeners = new Set<(gatewayId: string, event: EventFrame) => void>();

  constructor(private readonly options: GatewayManagerOptions = {}) {}

  /** Adds or replaces a gateway; an unchanged config keeps its live connection. */
  async upsert(config: GatewayConfig): Promise<GatewayRpc> {
    const existing = this.entries.get(config.id);
    if (existing && sameConnection(existing.config, config)) {
      existing.config = config;
      return existing.rpc;
    }
    if (existing) {
      this.entries.delete(config.id);
      await existing.connection.close();
    }
    const deviceToken = (await this.options.deviceTokens?.load(config.id)) ?? null;
    const connection = new GatewayConnection({
      ...this.options.connection,
      url: config.url,
      token: config.token ?? null,
      deviceToken,
      identity: config.disableDevicePairing ? null : (config.identity ?? this.options.identity ?? null),
      mode: config.disableDevicePairing ? 'control-ui' : 'backend',
      allowInsecureTls: !!config.allowInsecureTls,
      logger: this.options.logger,
      onDeviceToken: (issued) => this.options.deviceTokens?.save(config.id, issued),
    });
    const entry: Entry = { config, connection, rpc: new GatewayRpc(connection) };
    this.entries.set(config.id, entry);
    connection.onStateChange(() => {
      if (this.entries.get(config.id) !== entry) return;
      const status = this.status(config.id);
      if (!status) return;
      for (const listener of this.listeners) {
        try {
          listener(status);
        } catch {
          // Listeners must not break the connection.
        }
      }
    });
    connection.on('*', (event) => {
      if (this.entries.get(config.id) !== entry) return;
      for (const listener of this.eventListeners) {
        try {
          listener(config.id, event);
        } catch {
          // Listeners must not break the connection.
        }
      }
    });
    connection.start();
    return entry.rpc;
  }

  get(id: string): GatewayRpc | null {
    return this.entries.get(id)?.rpc ?? null;
  }

  connection(id: string): GatewayConnection | null {
    return this.entries.get(id)?.connection ?? null;
  }

  async remove(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    await entry.connection.close();
  }

  status(id: string): GatewayStatus | null {
    const entry = this.entries.get(id);
    if (!entry) return null;
    const s = entry.connection.status();
    const connected = s.state === 'connected';
    const error = connected ? null : s.lastError;
    const scopes = s.hello?.scopes ?? [];
    const missing = connected && !scopes.includes('operator.admin') ? REQUIRED_SCOPES.filter((x) => !scopes.includes(x)) : [];
    return {
      gateway_id: id,
      state: s.state,
      connected,
      server_version: s.hello?.serverVersion ?? null,
      protocol: s.hello?.protocol ?? null,
      scopes,
      missing_scopes: missing,
      error: error
        ? describeGatewayError(error)
        : missing.length
          ? `Connected, but the gateway granted no ${missing.join(', ')} scope to this client. Use a device identity (enable device pairing) or connect from the gateway's host.`
          : null,
      error_kind: error?.kind ?? null,
      pairing: error?.kind === 'pairing_required' ? error.pairing : null,
      connected_at: iso(s.connectedAt),
      next_retry_at: connected ? null : iso(s.nextRetryAt),
      connect_attempts: s.attempts,
    };
  }

  statuses(): GatewayStatus[] {
    return [...this.entries.keys()].map((id) => this.status(id)!).filter(Boolean);
  }

  onStatusChange(listener: (status: GatewayStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Gateway events from every managed gateway; survives reconnects and config changes. */
  onEvent(listener: (gatewayId: string, event: EventFrame) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((e) => e.connection.close()));
  }
}
