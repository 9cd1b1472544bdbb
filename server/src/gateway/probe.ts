// One-off connection check used before saving a gateway: reachable, credentials accepted,
// protocol spoken, version new enough, scopes granted.
import { GatewayConnection, type GatewayConnectionOptions } from './connection';
import { GatewayError } from './errors';
import type { HelloInfo } from './handshake';
import type { DeviceIdentity } from './identity';
import type { GatewayConfig } from './manager';
import { GatewayRpc } from './rpc';
import { checkGatewayVersion, gatewayVersionOf, needsVersionFallback } from './version';

export type ProbeResult =
  | { ok: true; hello: HelloInfo; version: string; deviceToken: string | null }
  | { ok: false; reason: 'connection'; error: GatewayError }
  | { ok: false; reason: 'incompatible'; message: string; hello: HelloInfo };

export interface ProbeOptions {
  identity?: DeviceIdentity | null;
  deviceToken?: string | null;
  minVersion?: string | null;
  timeoutMs?: number;
  connection?: Partial<GatewayConnectionOptions>;
}

function lastTouchedVersion(snapshot: Record<string, unknown>): string | null {
  for (const key of ['config', 'parsed', 'resolved']) {
    const meta = (snapshot[key] as { meta?: { lastTouchedVersion?: unknown } } | undefined)?.meta;
    if (typeof meta?.lastTouchedVersion === 'string') return meta.lastTouchedVersion;
  }
  return null;
}

/**
 * The version a connected gateway runs (see gatewayVersionOf): its hello's version, or for a
 * missing or placeholder one (`dev`) the release in its build id or its configuration's metadata.
 */
export async function detectGatewayVersion(connection: GatewayConnection, hello: HelloInfo, timeoutMs = 15_000): Promise<string | null> {
  if (!needsVersionFallback(hello.serverVersion)) return hello.serverVersion;
  let configVersion: string | null = null;
  if (!gatewayVersionOf({ reported: null, buildId: hello.serverBuildId })) {
    const snapshot = await new GatewayRpc(connection).configGet({ timeoutMs }).catch(() => null);
    configVersion = snapshot ? lastTouchedVersion(snapshot) : null;
  }
  return gatewayVersionOf({ reported: hello.serverVersion, buildId: hello.serverBuildId, configVersion });
}

export async function probeGateway(config: Omit<GatewayConfig, 'id'>, options: ProbeOptions = {}): Promise<ProbeResult> {
  let issued: string | null = null;
  const connection = new GatewayConnection({
    ...options.connection,
    url: config.url,
    token: config.token ?? null,
    deviceToken: options.deviceToken ?? null,
    identity: config.disableDevicePairing ? null : (options.identity ?? null),
    mode: config.disableDevicePairing ? 'control-ui' : 'backend',
    allowInsecureTls: !!config.allowInsecureTls,
    reconnect: false,
    onDeviceToken: (t) => {
      issued = t.token;
    },
  });
  try {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const hello = await connection.ready(timeoutMs);
    const check = checkGatewayVersion(await detectGatewayVersion(connection, hello, timeoutMs), options.minVersion);
    if (!check.ok) return { ok: false, reason: 'incompatible', message: check.message, hello };
    if (!hello.scopes.includes('operator.admin')) {
      return {
        ok: false,
        reason: 'incompatible',
        message: 'Gateway accepted the connection but granted no operator.admin scope to this client. Enable device pairing or connect from the gateway host.',
        hello,
      };
    }
    return { ok: true, hello, version: check.version, deviceToken: issued };
  } catch (error) {
    return { ok: false, reason: 'connection', error: error instanceof GatewayError ? error : new GatewayError('unreachable', String(error)) };
  } finally {
    await connection.close();
  }
}
