import { mintAgentToken } from '../../src/auth/agent-tokens';
import { agents, boards, gateways, organizations, type Agent } from '../../src/db/schema';
import type { Services } from '../../src/services';

/**
 * Rows for agent tests, written straight to the database (the agents API has its own tests):
 * an organization with a gateway and a board, and agents carrying real tokens.
 */
export async function seedBoard(services: Services, name = 'Board') {
  const { db } = services;
  const [org] = await db.insert(organizations).values({ name: `${name} org` }).returning();
  const [gateway] = await db
    .insert(gateways)
    .values({ organizationId: org.id, name: `${name} gateway`, url: 'ws://127.0.0.1:1', workspaceRoot: '/tmp/ws' })
    .returning();
  const [board] = await db.insert(boards).values({ organizationId: org.id, name, slug: name.toLowerCase(), gatewayId: gateway.id }).returning();
  return { org, gateway, board };
}

export async function seedAgent(
  services: Services,
  values: { gatewayId: string; boardId: string | null; name?: string; isBoardLead?: boolean; status?: string; lastSeenAt?: Date | null },
): Promise<{ agent: Agent; token: string }> {
  const minted = mintAgentToken();
  const [agent] = await services.db
    .insert(agents)
    .values({
      gatewayId: values.gatewayId,
      boardId: values.boardId,
      name: values.name ?? 'Worker',
      isBoardLead: values.isBoardLead ?? false,
      status: values.status ?? 'provisioning',
      lastSeenAt: values.lastSeenAt ?? null,
      agentTokenPrefix: minted.prefix,
      agentTokenHash: minted.hash,
    })
    .returning();
  return { agent, token: minted.token };
}
