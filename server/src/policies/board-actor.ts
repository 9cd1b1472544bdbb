// Board access for routes a user or an agent may call ("actor" routes): users go through the
// member guard, agents through agentBoardDecision (own board; gateway-main agents: boards of their
// gateway's organization only — bug 3).
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/client';
import { boards, gateways, type Agent, type Board, type OrganizationMember, type User } from '../db/schema';
import { requireActor, requireAgent } from '../http/agent-auth';
import { HttpError } from '../http/errors';
import { agentBoardDecision, type AccessMode } from './access';
import { boardAccessFor, enforce } from './guards';

export type BoardActor = { kind: 'user'; user: User; member: OrganizationMember } | { kind: 'agent'; agent: Agent };

export interface ActorBoardAccess {
  board: Board;
  actor: BoardActor;
}

/** The organization an agent belongs to: its gateway's. */
export async function agentOrganizationId(db: Queryable, agent: Pick<Agent, 'gatewayId'>): Promise<string | null> {
  const [row] = await db.select({ organizationId: gateways.organizationId }).from(gateways).where(eq(gateways.id, agent.gatewayId));
  return row?.organizationId ?? null;
}

/** A board an agent names, or 404 / 403. */
export async function boardForAgent(request: FastifyRequest, agent: Agent, boardId: string): Promise<Board> {
  const { db } = request.server.services;
  const [row] = await db
    .select({ board: boards, organizationId: gateways.organizationId })
    .from(boards)
    .leftJoin(gateways, eq(gateways.id, agent.gatewayId))
    .where(eq(boards.id, boardId));
  if (!row || !row.organizationId) throw new HttpError(404, 'Not Found');
  enforce(agentBoardDecision({ boardId: agent.boardId, organizationId: row.organizationId }, row.board));
  return row.board;
}

/**
 * The board an actor route names, checked for `mode`: a user needs read/write access on it; an
 * agent must belong to it (or be its organization's gateway-main agent). Unknown boards are 404.
 */
export async function boardForActor(request: FastifyRequest, boardId: string, mode: AccessMode): Promise<ActorBoardAccess> {
  const actor = await requireActor(request);
  if (actor.kind === 'user') {
    const { board, user, member } = await boardAccessFor(request, boardId, mode);
    return { board, actor: { kind: 'user', user, member } };
  }
  return { board: await boardForAgent(request, actor.agent, boardId), actor: actor };
}

/** The `/api/v1/agent/boards/{board_id}/…` guard: an agent token, and the board guard. */
export async function boardForAgentRoute(request: FastifyRequest, boardId: string): Promise<ActorBoardAccess> {
  const agent = await requireAgent(request);
  return { board: await boardForAgent(request, agent, boardId), actor: { kind: 'agent', agent } };
}
