import { eq } from 'drizzle-orm';
import { boards, gateways, organizationMembers, organizations } from '../../src/db/schema';
import { seedAgent } from './agents';
import type { TestApp } from './app';

/**
 * Rows inserted directly in the *local user's* organization (support/agents.ts `seedBoard` makes
 * a new organization), for tests of areas whose create routes live elsewhere.
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

/** An agent with a fresh token (online); returns the row and the raw token. */
export function insertAgent(t: TestApp, gatewayId: string, boardId: string | null, options: { lead?: boolean; name?: string } = {}) {
  return seedAgent(t.services, { gatewayId, boardId, name: options.name ?? 'agent', isBoardLead: options.lead ?? false, status: 'online' });
}
