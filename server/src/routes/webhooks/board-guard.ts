import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { agents, boards, gateways, type Agent, type Board } from '../../db/schema';
import { requireUser } from '../../http/auth';
import { forbidden, notFound } from '../../http/errors';

/**
 * TEMPORARY until the board access guards of the work-model branch are merged
 * (policies/guards.ts `boardFor`): a board of the user's active organization, 404 otherwise.
 * Per-board grants (read/write) are not checked here yet.
 */
export async function boardFor(request: FastifyRequest, boardId: string, _mode: 'read' | 'write'): Promise<Board> {
  const { organizationId } = await requireUser(request);
  const [board] = await request.server.services.db
    .select()
    .from(boards)
    .where(and(eq(boards.id, boardId), eq(boards.organizationId, organizationId)));
  if (!board) throw notFound();
  return board;
}

/**
 * An agent may read its own board; a gateway-main agent (no board) boards of its gateway's
 * organization only. Another organization's board is a 404, another board of the same one a 403.
 */
export async function boardForAgent(request: FastifyRequest, agent: Agent, boardId: string): Promise<Board> {
  const { db } = request.server.services;
  const [board] = await db.select().from(boards).where(eq(boards.id, boardId));
  const [gateway] = await db.select({ organizationId: gateways.organizationId }).from(gateways).where(eq(gateways.id, agent.gatewayId));
  if (!board || !gateway || gateway.organizationId !== board.organizationId) throw notFound();
  if (agent.boardId !== null && agent.boardId !== board.id) throw forbidden('Agent cannot access this board');
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
