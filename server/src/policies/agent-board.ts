// The board guard of the agent surface (`/api/v1/agent/boards/{board_id}/…`): an agent token only
// (a user token is 401 here), then the same decision as actorBoardFor's agent branch.
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { boards, type Board } from '../db/schema';
import { HttpError, unauthorized } from '../http/errors';
import { agentBoardDecision } from './access';
import { agentActor, type AgentActor } from './actors';
import { enforce } from './guards';

/** The board an agent route names: 401 without an agent token, 404 unknown or other organization, 403 another board. */
export async function agentRouteBoardFor(request: FastifyRequest, boardId: string): Promise<{ board: Board; actor: AgentActor }> {
  const actor = await agentActor(request);
  if (!actor) throw unauthorized();
  const [board] = await request.server.services.db.select().from(boards).where(eq(boards.id, boardId));
  if (!board) throw new HttpError(404, 'Not Found');
  enforce(agentBoardDecision(actor, board));
  return { board, actor };
}
