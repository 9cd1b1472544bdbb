import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { agents, gateways, type Agent } from '../../db/schema';
import { HttpError } from '../../http/errors';
import { boardFor, orgAdmin, type OrgContext } from '../../policies';

/**
 * An agent of the management API: a board agent needs the board access asked for (through the
 * board's guard), a gateway-main agent needs its gateway in the admin's organization. Unknown
 * ids and other organizations' agents are 404.
 */
export async function managedAgent(request: FastifyRequest, agentId: string, mode: 'read' | 'write'): Promise<{ agent: Agent; context: OrgContext }> {
  const context = await orgAdmin(request);
  const { db } = request.server.services;
  const [agent] = await db.select().from(agents).where(eq(agents.id, agentId));
  if (!agent) throw new HttpError(404, 'Agent not found');
  if (agent.boardId) {
    await boardFor(request, agent.boardId, mode);
  } else {
    const [gateway] = await db
      .select({ id: gateways.id })
      .from(gateways)
      .where(and(eq(gateways.id, agent.gatewayId), eq(gateways.organizationId, context.organizationId)));
    if (!gateway) throw new HttpError(404, 'Agent not found');
  }
  return { agent, context };
}
