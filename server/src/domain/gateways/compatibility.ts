import { GatewayConnection } from '../../gateway/connection';
import { describeGatewayError, isGatewayError } from '../../gateway/errors';
import type { DeviceIdentity } from '../../gateway/identity';
import { detectGatewayVersion } from '../../gateway/probe';
import { speaksTls } from '../../gateway/tls-probe';
import { checkGatewayVersion } from '../../gateway/version';
import { HttpError } from '../../http/errors';

export interface ConnectionSettings {
  url: string;
  token: string | null;
  disableDevicePairing: boolean;
  allowInsecureTls: boolean;
  identity: DeviceIdentity | null;
  deviceToken?: string | null;
}

/**
 * Connects once and checks the gateway's version against GATEWAY_MIN_VERSION before its settings
 * are saved. Unreachable, refused or pairing-required → 502 naming the problem (and the approval
 * command when pairing is needed); too old, or ws:// to a TLS port → 422.
 */
export async function checkCompatibility(settings: ConnectionSettings, minimum: string, timeoutMs = 15_000): Promise<{ version: string; protocol: number }> {
  const connection = new GatewayConnection({
    url: settings.url,
    token: settings.token,
    identity: settings.disableDevicePairing ? null : settings.identity,
    deviceToken: settings.deviceToken ?? null,
    mode: settings.disableDevicePairing ? 'control-ui' : 'backend',
    allowInsecureTls: settings.allowInsecureTls,
    reconnect: false,
    connectTimeoutMs: timeoutMs,
  });
  try {
    const hello = await connection.ready(timeoutMs);
    const verdict = checkGatewayVersion(await detectGatewayVersion(connection, hello, timeoutMs), minimum);
    if (!verdict.ok) throw new HttpError(422, verdict.message);
    return { version: verdict.version, protocol: hello.protocol };
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (isGatewayError(error)) {
      // A ws:// URL to a port that speaks TLS fails without a WebSocket answer (BR-43): say so.
      if (error.kind === 'unreachable' && error.closeCode === null && (await speaksTls(settings.url))) {
        const { host } = new URL(settings.url);
        throw new HttpError(422, `Gateway compatibility check failed: ${host} answers with TLS, not plain WebSocket. Use a wss:// URL (with allow_insecure_tls for a self-signed certificate).`);
      }
      const detail = `Gateway compatibility check failed: ${describeGatewayError(error)}`;
      throw new HttpError(502, error.kind === 'pairing_required' && error.pairing ? { message: detail, pairing: error.pairing } : detail);
    }
    throw new HttpError(502, `Gateway compatibility check failed: ${(error as Error).message}`);
  } finally {
    await connection.close().catch(() => undefined);
  }
}
