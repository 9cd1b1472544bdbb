import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { agents, type Agent, type Board } from '../../db/schema';
import { recordActivity } from '../../domain/activity/record';
import { GATEWAY_AGENT_DELETE_QUEUE } from '../../jobs/queue-names';
import { DEFAULT_HEARTBEAT, gatewayAgentKey, sessionKeyOf } from '../../domain/agents/gateway-identity';
import { enqueueJob } from '../../jobs/queue';
import { requestLifecycle } from '../../domain/agents/lifecycle-jobs';
import { assertAgentNameFree } from '../../domain/agents/records';
import { blankToNull, normalizeIdentityProfile } from '../../domain/agents/rules';
import { isUniqueViolation } from '../../http/db-errors';
import { conflict, HttpError } from '../../http/errors';
import { boardFor, type OrgContext } from '../../policies';
import type { AgentUpdate } from './schemas';

type Body = z.infer<typeof AgentUpdate>;

async function targetBoard(request: FastifyRequest, boardId: string): Promise<Board & { gatewayId: string }> {
  const board = await boardFor(request, boardId, 'write');
  if (!board.gatewayId) throw new HttpError(422, 'Board gateway_id is required');
  return board as Board & { gatewayId: string };
}

/** PATCH /agents/{id}: scope moves, profile edits, then a re-provision (unless nothing changed). */
export async function updateAgent(request: FastifyRequest, agent: Agent, context: OrgContext, body: Body, force: boolean): Promise<Agent> {
  const { services } = request.server;
  const patch: Partial<Agent> = {};
  if (body.name !== undefined) patch.name = body.name;
  if (body.heartbeat_config !== undefined) patch.heartbeatConfig = body.heartbeat_config ?? { ...DEFAULT_HEARTBEAT };
  if (body.identity_profile !== undefined) patch.identityProfile = normalizeIdentityProfile(body.identity_profile);
  if (body.identity_template !== undefined) patch.identityTemplate = blankToNull(body.identity_template);
  if (body.soul_template !== undefined) patch.soulTemplate = blankToNull(body.soul_template);

  if (body.is_gateway_main === true) {
    const board = body.board_id ? await targetBoard(request, body.board_id) : agent.boardId ? await targetBoard(request, agent.boardId) : null;
    Object.assign(patch, { boardId: null, isBoardLead: false, gatewayId: board?.gatewayId ?? agent.gatewayId });
  } else if (body.is_gateway_main === false) {
    if (!body.board_id) throw new HttpError(422, 'board_id is required when converting a gateway-main agent to board scope');
    const board = await targetBoard(request, body.board_id);
    Object.assign(patch, { boardId: board.id, gatewayId: board.gatewayId });
  } else if (body.board_id) {
    const board = await targetBoard(request, body.board_id);
    // A gateway-main agent stays board-less; only its gateway follows the named board.
    Object.assign(patch, agent.boardId ? { boardId: board.id, gatewayId: board.gatewayId } : { gatewayId: board.gatewayId });
  }

  if (!Object.keys(patch).length && !force && body.is_gateway_main === undefined) return agent;
  try {
    const updated = await services.db.transaction(async (tx) => {
      const target = { name: patch.name ?? agent.name, boardId: patch.boardId !== undefined ? patch.boardId : agent.boardId, gatewayId: patch.gatewayId ?? agent.gatewayId };
      if (patch.name !== undefined || target.boardId !== agent.boardId || target.gatewayId !== agent.gatewayId) await assertAgentNameFree(tx, agent.id, target);
      const [row] = await tx.update(agents).set(patch).where(eq(agents.id, agent.id)).returning();
      const [keyed] = await tx.update(agents).set({ openclawSessionId: sessionKeyOf(row) }).where(eq(agents.id, row.id)).returning();
      // Moved to another gateway (or given another gateway-side id): the old gateway forgets it.
      if (keyed.gatewayId !== agent.gatewayId || gatewayAgentKey(keyed) !== gatewayAgentKey(agent)) {
        await enqueueJob(tx, GATEWAY_AGENT_DELETE_QUEUE, { gateway_id: agent.gatewayId, gateway_agent_key: gatewayAgentKey(agent) }, { organizationId: context.organizationId });
        await recordActivity(tx, { eventType: 'agent.moved', message: `Moved ${keyed.name}; removing it from its previous gateway placement.`, boardId: keyed.boardId });
      }
      return requestLifecycle(tx, keyed, context.organizationId, { action: 'update', wake: true, resetSession: true, forceBootstrap: force, userId: context.user.id });
    });
    services.worker.wake();
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('That gateway already has a main agent, or that board already has this agent.');
    throw error;
  }
}
