import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { SecretBox } from '../../auth/secret-box';
import type { Db } from '../../db/client';
import { gateways, type Gateway } from '../../db/schema';
import { GatewayManager, type GatewayStatus } from '../../gateway/manager';
import type { GatewayRpc } from '../../gateway/rpc';
import { createDeviceIdentity, type DeviceIdentity } from '../../gateway/identity';
import { GatewayError } from '../../gateway/errors';
import { readyNow } from '../../gateway/ready-now';

export interface GatewayHandle {
  rpc: GatewayRpc;
  /** Protocol generation the gateway agreed to (3 or 4). */
  protocol: 3 | 4;
  serverVersion: string | null;
}

/** A new device identity for a gateway, with the private key sealed for storage. */
export function newStoredIdentity(secrets: SecretBox) {
  const identity = createDeviceIdentity();
  return { deviceId: identity.deviceId, publicKeyPem: identity.publicKeyPem, privateKeyPem: secrets.seal(identity.privateKeyPem), createdAtMs: Date.now() };
}

export function identityOf(gateway: Pick<Gateway, 'deviceIdentity'>, secrets: SecretBox): DeviceIdentity | null {
  const stored = gateway.deviceIdentity;
  if (!stored) return null;
  return { deviceId: stored.deviceId, publicKeyPem: stored.publicKeyPem, privateKeyPem: secrets.open(stored.privateKeyPem) };
}

/**
 * The live connections to every registered gateway: one long-lived socket each, opened from the
 * stored configuration (token, device identity and device token decrypted here only).
 */
export class GatewayConnections {
  readonly manager: GatewayManager;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    logger: Logger,
  ) {
    const log = logger.child({ component: 'gateway' });
    this.manager = new GatewayManager({
      logger: { info: (message, fields) => log.info(fields ?? {}, message), warn: (message, fields) => log.warn(fields ?? {}, message) },
      deviceTokens: {
        load: async (gatewayId) => {
          const [row] = await db.select({ deviceToken: gateways.deviceToken }).from(gateways).where(eq(gateways.id, gatewayId));
          return row?.deviceToken ? secrets.open(row.deviceToken) : null;
        },
        save: async (gatewayId, issued) => {
          await db.update(gateways).set({ deviceToken: secrets.seal(issued.token) }).where(eq(gateways.id, gatewayId));
        },
      },
    });
  }

  configOf(gateway: Gateway) {
    return {
      id: gateway.id,
      url: gateway.url,
      token: this.secrets.openOptional(gateway.token),
      disableDevicePairing: gateway.disableDevicePairing,
      allowInsecureTls: gateway.allowInsecureTls,
      identity: identityOf(gateway, this.secrets),
    };
  }

  /**
   * Opens (or reuses) the gateway's connection and waits until it is usable. With `now`, a
   * connection that is down tries once at once and its failure is the answer (see readyNow), for
   * callers that retry on their own.
   */
  async handle(gateway: Gateway, readyTimeoutMs = 20_000, options: { now?: boolean } = {}): Promise<GatewayHandle> {
    const rpc = await this.manager.upsert(this.configOf(gateway));
    const connection = this.manager.connection(gateway.id)!;
    const hello = options.now ? await readyNow(connection, readyTimeoutMs) : await connection.ready(readyTimeoutMs);
    return { rpc, protocol: hello.protocol === 3 ? 3 : 4, serverVersion: hello.serverVersion ?? null };
  }

  /** Starts connections for every gateway in the database (at server start; failures retry in the background). */
  async connectAll(): Promise<void> {
    for (const gateway of await this.db.select().from(gateways)) {
      try {
        await this.manager.upsert(this.configOf(gateway));
      } catch {
        // A gateway whose secrets cannot be opened (e.g. another SECRETS_KEY) reports through status.
      }
    }
  }

  status(gatewayId: string): GatewayStatus | null {
    return this.manager.status(gatewayId);
  }

  counts(total: number): { connected: number; total: number } {
    return { connected: this.manager.statuses().filter((s) => s.connected).length, total };
  }

  remove(gatewayId: string): Promise<void> {
    return this.manager.remove(gatewayId);
  }

  close(): Promise<void> {
    return this.manager.closeAll();
  }
}

export { GatewayError };
