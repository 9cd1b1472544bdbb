import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client';
import { agents, boards, gateways, tasks, type Agent, type Board } from '../../db/schema';
import { HttpError } from '../../http/errors';
import { enqueueJob } from '../../jobs/queue';
import type { Services } from '../../services';
import { recordActivity } from '../activity/record';
import { GATEWAY_AGENT_DELETE_QUEUE } from '../../jobs/queue-names';
import { DEFAULT_HEARTBEAT, gatewayAgentKey, sessionKeyOf } from './gateway-identity';
import { requestLifecycle } from './lifecycle-jobs';
import { blankToNull, createProblem, nameProblem, normalizeIdentityProfile } from './rules';

export interface AgentInput {
  name: string;
  heartbeat_config?: Record<string, unknown> | null;
  identity_profile?: Record<string, unknown> | null;
  identity_template?: string | null;
  soul_template?: string | null;
}

/**
 * Adds a worker to a board and asks for it to be provisioned. The board row is locked so that
 * concurrent creates cannot both pass the name and max_agents checks.
 */
export async function createBoardAgent(services: Services, board: Board, input: AgentInput, options: { capped: boolean; userId: string | null; actorAgentId?: string | null }): Promise<Agent> {
  if (!board.gatewayId) throw new HttpError(422, 'Board gateway_id is required');
  const agent = await services.db.transaction(async (tx) => {
    await tx.select({ id: boards.id }).from(boards).where(eq(boards.id, board.id)).for('update');
    const [gateway] = await tx.select().from(gateways).where(eq(gateways.id, board.gatewayId!)).for('update');
    if (!gateway) throw new HttpError(422, 'Board gateway_id is invalid');
    const onBoard = await tx.select({ name: agents.name, isBoardLead: agents.isBoardLead }).from(agents).where(eq(agents.boardId, board.id));
    const onGateway = await tx.select({ name: agents.name }).from(agents).where(eq(agents.gatewayId, gateway.id));
    const problem = createProblem({ name: input.name, boardAgents: onBoard, gatewayAgents: onGateway, cap: options.capped ? board.maxAgents : null });
    if (problem) throw new HttpError(problem.status, problem.detail);
    let [row] = await tx
      .insert(agents)
      .values({
        boardId: board.id,
        gatewayId: gateway.id,
        name: input.name.trim(),
        heartbeatConfig: input.heartbeat_config ?? { ...DEFAULT_HEARTBEAT },
        identityProfile: normalizeIdentityProfile(input.identity_profile),
        identityTemplate: blankToNull(input.identity_template),
        soulTemplate: blankToNull(input.soul_template),
      })
      .returning();
    [row] = await tx.update(agents).set({ openclawSessionId: sessionKeyOf(row) }).where(eq(agents.id, row.id)).returning();
    return requestLifecycle(tx, row, gateway.organizationId, { action: 'provision', wake: true, userId: options.userId });
  });
  services.worker.wake();
  return agent;
}

/**
 * For a rename or a move: 409 when the agent's (new) name would clash with another agent on its
 * (new) board or gateway, under the same locks as a create (board, then gateway).
 */
export async function assertAgentNameFree(tx: Queryable, agentId: string, target: { name: string; boardId: string | null; gatewayId: string }): Promise<void> {
  if (target.boardId) await tx.select({ id: boards.id }).from(boards).where(eq(boards.id, target.boardId)).for('update');
  await tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.id, target.gatewayId)).for('update');
  const others = (rows: { id: string; name: string }[]) => rows.filter((a) => a.id !== agentId);
  const onBoard = target.boardId ? await tx.select({ id: agents.id, name: agents.name }).from(agents).where(eq(agents.boardId, target.boardId)) : [];
  const onGateway = await tx.select({ id: agents.id, name: agents.name }).from(agents).where(eq(agents.gatewayId, target.gatewayId));
  const problem = nameProblem(target.name, others(onBoard), others(onGateway));
  if (problem) throw new HttpError(problem.status, problem.detail);
}

/**
 * Takes agents out of the work before they are deleted: their in-progress tasks go back to the
 * inbox (keeping cycle-time bookkeeping), other tasks are unassigned.
 */
export async function releaseAgentsWork(tx: Queryable, agentIds: string[]): Promise<void> {
  if (!agentIds.length) return;
  await tx
    .update(tasks)
    .set({
      status: sql`CASE WHEN ${tasks.status} = 'in_progress' THEN 'inbox' ELSE ${tasks.status} END`,
      previousInProgressAt: sql`CASE WHEN ${tasks.status} = 'in_progress' THEN ${tasks.inProgressAt} ELSE ${tasks.previousInProgressAt} END`,
      inProgressAt: sql`CASE WHEN ${tasks.status} = 'in_progress' THEN NULL ELSE ${tasks.inProgressAt} END`,
      assignedAgentId: null,
    })
    .where(inArray(tasks.assignedAgentId, agentIds));
}

/**
 * Deletes an agent: its work is released, the deletion is audited, and its removal from the
 * gateway is a durable job (so a gateway outage never blocks or loses the deletion).
 */
export async function deleteAgent(db: Db, agent: Agent, organizationId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await releaseAgentsWork(tx, [agent.id]);
    await recordActivity(tx, { eventType: 'agent.delete.direct', message: `Deleted agent ${agent.name}.`, boardId: agent.boardId });
    await enqueueJob(tx, GATEWAY_AGENT_DELETE_QUEUE, { gateway_id: agent.gatewayId, gateway_agent_key: gatewayAgentKey(agent) }, { organizationId });
    await tx.delete(agents).where(and(eq(agents.id, agent.id)));
  });
}
