import { randomUUID } from 'node:crypto';
import { gateways, type Gateway } from '../../db/schema';
import type { Services } from '../../services';
import { ensureMainAgent } from '../agents/main-agent';
import { checkCompatibility } from './compatibility';
import { identityOf, newStoredIdentity } from './connections';

export interface GatewayInput {
  name: string;
  url: string;
  workspace_root: string;
  token?: string | null;
  allow_insecure_tls: boolean;
  disable_device_pairing: boolean;
}

/**
 * Registers a gateway: a live compatibility check first (502 unreachable/refused, 422 too old),
 * then the row, then its main agent (provisioned by a durable job; progress shows on the agent).
 */
export async function registerGateway(services: Services, organizationId: string, input: GatewayInput, userId: string | null): Promise<Gateway> {
  const stored = input.disable_device_pairing ? null : newStoredIdentity(services.secrets);
  const identity = stored ? identityOf({ deviceIdentity: stored }, services.secrets) : null;
  await checkCompatibility(
    { url: input.url, token: input.token ?? null, disableDevicePairing: input.disable_device_pairing, allowInsecureTls: input.allow_insecure_tls, identity },
    services.config.gatewayMinVersion,
  );
  const [gateway] = await services.db
    .insert(gateways)
    .values({
      id: randomUUID(),
      organizationId,
      name: input.name,
      url: input.url,
      workspaceRoot: input.workspace_root.replace(/\/+$/, '') || '/',
      token: services.secrets.sealOptional(input.token),
      deviceIdentity: stored,
      allowInsecureTls: input.allow_insecure_tls,
      disableDevicePairing: input.disable_device_pairing,
    })
    .returning();
  await ensureMainAgent(services, gateway, { userId, action: 'provision' });
  return gateway;
}
