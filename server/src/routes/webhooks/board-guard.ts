import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { agents, boards, gateways, type Agent, type Board } from '../../db/schema';
import { agentBoardDecision, enforce, NOT_FOUND } from '../../policies';

export { boardFor } from '../../policies';

/**
 * The board an agent route names, judged by the shared policy: an agent reaches its own board; a
 * gateway-main agent (no board) boards of its gateway's organization only. An unknown board or
 * one of another organization is a 404; when the agent's gateway is gone it is a 404 too (fail
 * closed).
 */
export async function boardForAgent(request: FastifyRequest, agent: Agent, boardId: string): Promise<Board> {
  const { db } = request.server.services;
  const [board] = await db.select().from(boards).where(eq(boards.id, boardId));
  const [gateway] = await db.select({ organizationId: gateways.organizationId }).from(gateways).where(eq(gateways.id, agent.gatewayId));
  if (!board || !gateway) enforce(NOT_FOUND);
  enforce(agentBoardDecision({ boardId: agent.boardId, organizationId: gateway.organizationId }, board));
  return board;
}

/** An agent on this board (a webhook's optional target). */
export async function agentOnBoard(request: FastifyRequest, boardId: string, agentId: string): Promise<Agent | null> {
  const [agent] = await request.server.services.db
    .select()
    .from(agents)
    .where(and(eq(agents.id, agentId), eq(agents.boardId, boardId)));
  return agent ?? null;
}
