// The board guard of the agent surface (`/api/v1/agent/boards/{board_id}/…`): agent tokens only
// (a user token is 401 there), with the same decision as actorBoardFor's agent branch.
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { boards, type Board } from '../db/schema';
import { rejectUnauthenticated } from '../http/agent-auth';
import { HttpError } from '../http/errors';
import { agentBoardDecision } from './access';
import { agentActor, type AgentActor } from './actors';
import { enforce } from './guards';

/** The board for the authenticated agent: its own board, or (gateway-main) a board of its organization. */
export async function agentBoardFor(request: FastifyRequest, boardId: string): Promise<{ board: Board; actor: AgentActor }> {
  const actor = await agentActor(request);
  // Counts a presented but failing credential against the failed-auth rate limit.
  if (!actor) return rejectUnauthenticated(request);
  const [board] = await request.server.services.db.select().from(boards).where(eq(boards.id, boardId));
  if (!board) throw new HttpError(404, 'Not Found');
  enforce(agentBoardDecision(actor, board));
  return { board, actor };
}
