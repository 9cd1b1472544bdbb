// Routes that users and agents share ("actor" routes in the reference): the user is tried first,
// then the agent token (http/agent-auth.ts). An agent's organization is its gateway's.
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { boards, gateways, type Agent, type Board } from '../db/schema';
import { optionalAgent, rejectUnauthenticated } from '../http/agent-auth';
import { optionalUser } from '../http/auth';
import { forbidden, HttpError } from '../http/errors';
import { agentBoardDecision, type AccessMode } from './access';
import { boardAccessFor, enforce, type BoardAccess } from './guards';

/** An authenticated agent with the organization of its gateway. */
export interface AgentActor {
  kind: 'agent';
  agent: Agent;
  /** null for a gateway-main agent. */
  boardId: string | null;
  organizationId: string;
}

export type UserActor = { kind: 'user' } & BoardAccess;

/**
 * The agent of this request with its organization, or null without an agent token. Fails
 * closed: an agent whose gateway row is gone gets 403, never an unscoped view (BR-14).
 */
export async function agentActor(request: FastifyRequest): Promise<AgentActor | null> {
  const agent = await optionalAgent(request);
  if (!agent) return null;
  const [gateway] = await request.server.services.db
    .select({ organizationId: gateways.organizationId })
    .from(gateways)
    .where(eq(gateways.id, agent.gatewayId));
  if (!gateway) throw forbidden('Agent gateway is not available');
  return { kind: 'agent', agent, boardId: agent.boardId, organizationId: gateway.organizationId };
}

/**
 * The board of an actor route: a signed-in user is checked like boardFor(); otherwise an agent
 * may use its own board, and a gateway-main agent the boards of its own organization (bug 3).
 * 401 when neither authenticates; 404 for unknown boards and other organizations' boards.
 */
export async function actorBoardFor(request: FastifyRequest, boardId: string, mode: AccessMode): Promise<{ board: Board; actor: UserActor | AgentActor }> {
  if (await optionalUser(request)) {
    const access = await boardAccessFor(request, boardId, mode);
    return { board: access.board, actor: { kind: 'user', ...access } };
  }
  const actor = await agentActor(request);
  // Counts a presented but failing credential against the failed-auth rate limit.
  if (!actor) return rejectUnauthenticated(request);
  const [board] = await request.server.services.db.select().from(boards).where(eq(boards.id, boardId));
  if (!board) throw new HttpError(404, 'Not Found');
  enforce(agentBoardDecision(actor, board));
  return { board, actor };
}
