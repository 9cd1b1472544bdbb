// Routes that users and agents share ("actor" routes in the reference): the user is tried first,
// then the agent. The agents area plugs its token lookup in with setAgentResolver(); until then
// only users pass.
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { boards, type Board } from '../db/schema';
import { optionalUser } from '../http/auth';
import { HttpError, unauthorized } from '../http/errors';
import { agentBoardDecision, type AccessMode } from './access';
import { boardAccessFor, enforce, type BoardAccess } from './guards';

/** An authenticated agent as board access needs it (resolved by the agents area). */
export interface AgentActor {
  kind: 'agent';
  agentId: string;
  /** null for a gateway-main agent. */
  boardId: string | null;
  /** The organization of the agent's gateway. */
  organizationId: string;
  isBoardLead: boolean;
}

export type UserActor = { kind: 'user' } & BoardAccess;
export type AgentResolver = (request: FastifyRequest) => Promise<AgentActor | null>;

let agentResolver: AgentResolver | null = null;

/** Installs the agent-token lookup (X-Agent-Token or an agent's Bearer token). */
export function setAgentResolver(resolver: AgentResolver | null): void {
  agentResolver = resolver;
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
  const agent = agentResolver ? await agentResolver(request) : null;
  if (!agent) throw unauthorized();
  const [board] = await request.server.services.db.select().from(boards).where(eq(boards.id, boardId));
  if (!board) throw new HttpError(404, 'Not Found');
  enforce(agentBoardDecision(agent, board));
  return { board, actor: agent };
}
