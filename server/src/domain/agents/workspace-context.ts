import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { boards, organizationMembers, users, type Agent, type Board, type Gateway, type User } from '../../db/schema';
import { sessionKeyOf, workspaceOf } from './gateway-identity';
import type { WorkspaceContext } from './workspace';
import { mainSessionKey, gatewayMainAgentKey } from '../../gateway/session-keys';

/** The organization's oldest owner: whose profile a gateway agent's USER.md describes. */
export async function oldestOwner(db: Queryable, organizationId: string): Promise<User | null> {
  const [row] = await db
    .select({ user: users })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.role, 'owner')))
    .orderBy(asc(organizationMembers.createdAt))
    .limit(1);
  return row?.user ?? null;
}

export async function boardOf(db: Queryable, agent: Pick<Agent, 'boardId'>): Promise<Board | null> {
  if (!agent.boardId) return null;
  const [board] = await db.select().from(boards).where(eq(boards.id, agent.boardId));
  return board ?? null;
}

/** Everything the workspace files are written from, for one lifecycle run. */
export function workspaceContext(input: {
  agent: Agent;
  gateway: Gateway;
  board: Board | null;
  user: User | null;
  token: string;
  protocol: 3 | 4;
  baseUrl: string;
}): WorkspaceContext {
  const { agent, gateway, board, user } = input;
  return {
    role: !agent.boardId ? 'main' : agent.isBoardLead ? 'lead' : 'worker',
    protocol: input.protocol,
    agent: { id: agent.id, name: agent.name, sessionKey: sessionKeyOf(agent), workspacePath: workspaceOf(agent, gateway), token: input.token },
    baseUrl: input.baseUrl,
    workspaceRoot: gateway.workspaceRoot,
    mainSessionKey: mainSessionKey(gatewayMainAgentKey(gateway.id)),
    board: board && {
      id: board.id,
      name: board.name,
      type: board.boardType,
      objective: board.objective,
      successMetrics: (board.successMetrics as Record<string, unknown> | null) ?? null,
      targetDate: board.targetDate,
      goalConfirmed: board.goalConfirmed,
      requireApprovalForDone: board.requireApprovalForDone,
      requireReviewBeforeDone: board.requireReviewBeforeDone,
      commentRequiredForReview: board.commentRequiredForReview,
      blockStatusChangesWithPendingApproval: board.blockStatusChangesWithPendingApproval,
      onlyLeadCanChangeStatus: board.onlyLeadCanChangeStatus,
      maxAgents: board.maxAgents,
    },
    user: user && {
      name: user.name,
      email: user.email,
      preferredName: user.preferredName,
      pronouns: user.pronouns,
      timezone: user.timezone,
      notes: user.notes,
      context: user.context,
    },
    identity: (agent.identityProfile as Record<string, string> | null) ?? null,
    identityTemplate: agent.identityTemplate,
    soulTemplate: agent.soulTemplate,
  };
}
