// Board guards for routes that agents call (the agent surface, and the board routes that accept
// an agent token as well as a user). Bug 3: the reference let a gateway-main agent (no board)
// touch any board of any organization; here it reaches only the boards of its own gateway's
// organization.
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { boards, gateways, type Agent, type Board, type OrganizationMember, type User } from '../db/schema';
import { optionalAgent, requireAgent } from '../http/agent-auth';
import { optionalUser } from '../http/auth';
import { forbidden, HttpError, unauthorized } from '../http/errors';
import { boardAccessFor } from './guards';

export const AGENT_OTHER_BOARD = 'Agents can only access their own board.';
export const AGENT_NO_GATEWAY = 'Agent gateway not found; cannot determine organization scope.';
export const AGENT_OTHER_ORGANIZATION = "Agents can only access boards of their gateway's organization.";

/**
 * The board an agent route names, for the authenticated agent: a board agent only its own board
 * (403 otherwise); a gateway-main agent any board of its gateway's organization (403 otherwise).
 * Unknown boards are 404.
 */
export async function agentBoardFor(request: FastifyRequest, boardId: string): Promise<{ board: Board; agent: Agent }> {
  const agent = await requireAgent(request);
  return { board: await boardForAgent(request, agent, boardId), agent };
}

async function boardForAgent(request: FastifyRequest, agent: Agent, boardId: string): Promise<Board> {
  if (agent.boardId !== null && agent.boardId !== boardId) throw forbidden(AGENT_OTHER_BOARD);
  const { db } = request.server.services;
  const [board] = await db.select().from(boards).where(eq(boards.id, boardId));
  if (!board) throw new HttpError(404, 'Not Found');
  if (agent.boardId === null) {
    const [gateway] = await db.select({ organizationId: gateways.organizationId }).from(gateways).where(eq(gateways.id, agent.gatewayId));
    if (!gateway) throw forbidden(AGENT_NO_GATEWAY);
    if (gateway.organizationId !== board.organizationId) throw forbidden(AGENT_OTHER_ORGANIZATION);
  }
  return board;
}

export type BoardActor =
  | { kind: 'user'; board: Board; user: User; member: OrganizationMember }
  | { kind: 'agent'; board: Board; agent: Agent };

/**
 * A board route open to users and agents: a user (who wins when both credentials are present)
 * needs `mode` access to the board; an agent passes the agent board guard. 401 with neither.
 */
export async function boardActorFor(request: FastifyRequest, boardId: string, mode: 'read' | 'write'): Promise<BoardActor> {
  if (await optionalUser(request)) {
    const access = await boardAccessFor(request, boardId, mode);
    return { kind: 'user', ...access };
  }
  const agent = await optionalAgent(request);
  if (!agent) throw unauthorized();
  return { kind: 'agent', board: await boardForAgent(request, agent, boardId), agent };
}
