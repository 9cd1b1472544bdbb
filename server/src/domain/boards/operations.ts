// Board use cases: create, update, delete (spec 2.14, 3.9, 3.17).
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client';
import { activityEvents, agents, boardGroups, boards, gateways, organizationBoardAccess, type Board, type NewBoard, type OrganizationMember } from '../../db/schema';
import { agentKeyFromSessionKey } from '../../gateway/session-keys';
import { enqueueJob } from '../../jobs/queue';
import { GATEWAY_AGENT_DELETE_QUEUE } from '../../jobs/queue-names';
import { gatewayAgentKey } from '../agents/gateway-identity';
import { conflict, invalidField } from '../../http/errors';
import type { Services } from '../../services';
import { boardDeleted, boardUpdated } from './events';
import { changedFields, goalProblem, groupMove } from './rules';


async function requireGateway(db: Queryable, organizationId: string, gatewayId: string): Promise<void> {
  const [row] = await db.select({ id: gateways.id }).from(gateways).where(and(eq(gateways.id, gatewayId), eq(gateways.organizationId, organizationId)));
  if (!row) throw invalidField(['body', 'gateway_id'], 'gateway_id is invalid');
}

async function requireGroup(db: Queryable, organizationId: string, groupId: string): Promise<void> {
  const [row] = await db.select({ id: boardGroups.id }).from(boardGroups).where(and(eq(boardGroups.id, groupId), eq(boardGroups.organizationId, organizationId)));
  if (!row) throw invalidField(['body', 'board_group_id'], 'board_group_id is invalid');
}

function checkGoal(state: Pick<Board, 'boardType' | 'goalConfirmed' | 'objective' | 'successMetrics'>, explicitlyGoal: boolean): void {
  const problem = goalProblem({ ...state, successMetrics: state.successMetrics ?? null }, explicitlyGoal);
  if (problem) throw invalidField(['body'], problem);
}

/**
 * Creates a board in the organization; the gateway is optional but must be the organization's.
 * A creator without org-wide write gets a read/write grant on it, so the board they just made
 * does not vanish from their list (org admins are not granted board access implicitly).
 */
export async function createBoard(db: Db, values: NewBoard, creator?: Pick<OrganizationMember, 'id' | 'allBoardsWrite'>): Promise<Board> {
  checkGoal({ boardType: values.boardType ?? 'goal', goalConfirmed: values.goalConfirmed ?? false, objective: values.objective ?? null, successMetrics: values.successMetrics ?? null }, false);
  return db.transaction(async (tx) => {
    if (values.gatewayId) await requireGateway(tx, values.organizationId, values.gatewayId);
    if (values.boardGroupId) await requireGroup(tx, values.organizationId, values.boardGroupId);
    const [board] = await tx.insert(boards).values(values).returning();
    if (creator && !creator.allBoardsWrite) {
      await tx.insert(organizationBoardAccess).values({ organizationMemberId: creator.id, boardId: board.id, canRead: true, canWrite: true });
    }
    await tx.insert(activityEvents).values({ eventType: 'board.created', message: `Board created: ${board.name}.`, boardId: board.id });
    return board;
  });
}

/**
 * Applies a partial update (only the keys present in `patch`). The gateway cannot change while
 * the board has agents on it (they would be stranded on the old gateway).
 */
export async function updateBoard(services: Services, before: Board, patch: Partial<NewBoard>): Promise<Board> {
  const next = { ...before, ...patch } as Board;
  checkGoal(next, patch.boardType === 'goal');
  const requested = Object.keys(patch);
  const board = await services.db.transaction(async (tx) => {
    if (patch.gatewayId && patch.gatewayId !== before.gatewayId) await requireGateway(tx, before.organizationId, patch.gatewayId);
    if (patch.boardGroupId && patch.boardGroupId !== before.boardGroupId) await requireGroup(tx, before.organizationId, patch.boardGroupId);
    if ('gatewayId' in patch && patch.gatewayId !== before.gatewayId) {
      const [{ count }] = await tx.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(agents).where(eq(agents.boardId, before.id));
      if (count > 0) throw conflict('The board has agents on its gateway: delete them before changing the gateway');
    }
    if (!requested.length) return before;
    const [row] = await tx.update(boards).set(patch).where(eq(boards.id, before.id)).returning();
    const changes = changedFields(before as Record<string, unknown>, row as Record<string, unknown>, requested);
    if (changes.length) {
      await tx.insert(activityEvents).values({ eventType: 'board.updated', message: `Board updated: ${changes.map((c) => c.field).join(', ')}.`, boardId: row.id });
    }
    return row;
  });
  const changes = changedFields(before as Record<string, unknown>, board as Record<string, unknown>, requested);
  if (changes.length) await boardUpdated(services, { before, board, changes, group: groupMove(before.boardGroupId, board.boardGroupId) });
  return board;
}

/**
 * Deletes the board with everything on it in one transaction (ON DELETE CASCADE covers tasks,
 * comments, approvals, memory, webhooks, grants, custom-field bindings, agents...). Agents that
 * lived on a gateway are handed to a durable cleanup job in the same transaction, so the board is
 * never half-deleted and the gateway side is retried until it is clean.
 */
export async function deleteBoard(services: Services, board: Board): Promise<void> {
  await services.db.transaction(async (tx) => {
    const boardAgents = await tx
      .select({ id: agents.id, boardId: agents.boardId, isBoardLead: agents.isBoardLead, gatewayId: agents.gatewayId, sessionKey: agents.openclawSessionId })
      .from(agents)
      .where(eq(agents.boardId, board.id));
    for (const agent of boardAgents) {
      // The key its session names; one never given a session key yet still has its id-derived key.
      const key = (agent.sessionKey ? agentKeyFromSessionKey(agent.sessionKey) : null) ?? gatewayAgentKey(agent);
      await enqueueJob(tx, GATEWAY_AGENT_DELETE_QUEUE, { gateway_id: agent.gatewayId, gateway_agent_key: key }, { organizationId: board.organizationId });
    }
    await tx.delete(boards).where(eq(boards.id, board.id));
  });
  await boardDeleted(services, { board });
}
