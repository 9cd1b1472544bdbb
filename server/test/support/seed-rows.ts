import { eq } from 'drizzle-orm';
import { mintAgentToken } from '../../src/auth/agent-tokens';
import { agents, boards, gateways, organizationMembers, organizations } from '../../src/db/schema';
import type { TestApp } from './app';

/**
 * Rows inserted directly, for tests of areas whose own create routes live elsewhere (boards,
 * gateways, agents). Each helper inserts exactly what it says.
 */
export async function localOrganizationId(t: TestApp): Promise<string> {
  const me = await t.api('GET', '/api/v1/users/me');
  const userId = me.json().id as string;
  const [member] = await t.services.db.select().from(organizationMembers).where(eq(organizationMembers.userId, userId));
  return member.organizationId;
}

export async function insertOrganization(t: TestApp, name = 'Other org'): Promise<string> {
  const [org] = await t.services.db.insert(organizations).values({ name }).returning();
  return org.id;
}

export async function insertGateway(t: TestApp, organizationId: string) {
  const [gateway] = await t.services.db
    .insert(gateways)
    .values({ organizationId, name: 'gw', url: 'ws://127.0.0.1:1', workspaceRoot: '/tmp/mc-test-ws' })
    .returning();
  return gateway;
}

export async function insertBoard(t: TestApp, organizationId: string, gatewayId: string | null = null, name = 'Board') {
  const [board] = await t.services.db
    .insert(boards)
    .values({ organizationId, name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), gatewayId })
    .returning();
  return board;
}

/** An agent with a fresh token; returns the row and the raw token. */
export async function insertAgent(t: TestApp, gatewayId: string, boardId: string | null, options: { lead?: boolean; name?: string } = {}) {
  const minted = mintAgentToken();
  const [agent] = await t.services.db
    .insert(agents)
    .values({
      gatewayId,
      boardId,
      name: options.name ?? 'agent',
      status: 'online',
      isBoardLead: options.lead ?? false,
      agentTokenPrefix: minted.prefix,
      agentTokenHash: minted.hash,
    })
    .returning();
  return { agent, token: minted.token };
}
