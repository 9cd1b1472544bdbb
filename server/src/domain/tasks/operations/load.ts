// Loading what the task rules read, inside the caller's transaction. Row locks are taken first
// (lockTasks) so every later read sees the state the decision will be written over.
import { and, asc, eq, exists, not, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client';
import { anyOf } from '../../../db/any-of';
import {
  activityEvents,
  agents,
  approvals,
  approvalTaskLinks,
  tags,
  taskDependencies,
  tasks,
  type Agent,
  type Board,
  type Task,
} from '../../../db/schema';
import type { AgentActor, UserActor as BoardUser } from '../../../policies/actors';
import type { StatusEventRef } from '../comments';
import type {
  Actor,
  AgentRef,
  BoardContext,
  DependencyEdge,
  DependencyTask,
  DependentTask,
  LinkedApproval,
  TaskCommentRef,
  TaskView,
} from '../types';

export function taskView(t: Task): TaskView {
  return {
    id: t.id,
    board_id: t.boardId,
    title: t.title,
    description: t.description,
    status: t.status,
    priority: t.priority,
    due_at: t.dueAt,
    assigned_agent_id: t.assignedAgentId,
    in_progress_at: t.inProgressAt,
    previous_in_progress_at: t.previousInProgressAt,
    done_at: t.doneAt,
    auto_created: t.autoCreated,
    auto_reason: t.autoReason,
  };
}

export function agentRef(a: Pick<Agent, 'id' | 'name' | 'boardId' | 'isBoardLead'>): AgentRef {
  return { id: a.id, name: a.name, board_id: a.boardId, is_board_lead: a.isBoardLead };
}

export function boardContext(b: Board): BoardContext {
  return {
    id: b.id,
    rules: {
      require_approval_for_done: b.requireApprovalForDone,
      require_review_before_done: b.requireReviewBeforeDone,
      block_status_changes_with_pending_approval: b.blockStatusChangesWithPendingApproval,
      comment_required_for_review: b.commentRequiredForReview,
      only_lead_can_change_status: b.onlyLeadCanChangeStatus,
    },
  };
}

/** The rules' actor for a board route's caller: a user, the board lead, or a worker agent. */
export function ruleActor(actor: BoardUser | AgentActor): Actor {
  if (actor.kind === 'user') return { kind: 'user', user_id: actor.user.id };
  const a = actor.agent;
  return a.isBoardLead && a.boardId !== null
    ? { kind: 'lead', agent_id: a.id, board_id: a.boardId, name: a.name }
    : { kind: 'worker', agent_id: a.id, board_id: a.boardId, name: a.name };
}

/**
 * Locks the board's tasks among `ids` (SELECT … FOR UPDATE, ordered by id so every transaction
 * takes its locks in the same order and two of them cannot deadlock) and returns them.
 */
export async function lockTasks(tx: Queryable, boardId: string, ids: readonly string[]): Promise<Task[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(tasks)
    .where(and(eq(tasks.boardId, boardId), anyOf(tasks.id, [...new Set(ids)])))
    .orderBy(asc(tasks.id))
    .for('update');
}

/** The task's outgoing dependency ids (in the order they were added) and its dependents' ids. */
export async function dependencyNeighbours(tx: Queryable, taskId: string): Promise<{ dependsOn: string[]; dependents: string[] }> {
  const rows = await tx
    .select({ taskId: taskDependencies.taskId, dependsOn: taskDependencies.dependsOnTaskId })
    .from(taskDependencies)
    .where(or(eq(taskDependencies.taskId, taskId), eq(taskDependencies.dependsOnTaskId, taskId)))
    .orderBy(asc(taskDependencies.createdAt), asc(taskDependencies.id));
  return {
    dependsOn: rows.filter((r) => r.taskId === taskId).map((r) => r.dependsOn),
    dependents: rows.filter((r) => r.dependsOn === taskId).map((r) => r.taskId),
  };
}

/** The board's agents plus any other agents named by id (an assignee from another board). */
export async function agentsFor(tx: Queryable, boardId: string, extraIds: readonly (string | null | undefined)[] = []): Promise<Agent[]> {
  const extra = extraIds.filter((id): id is string => typeof id === 'string');
  const where = extra.length ? or(eq(agents.boardId, boardId), anyOf(agents.id, extra)) : eq(agents.boardId, boardId);
  return tx.select().from(agents).where(where).orderBy(asc(agents.createdAt), asc(agents.id));
}

/** (id, status, title) of the board's tasks among `ids`. */
export async function boardTasksAmong(tx: Queryable, boardId: string, ids: readonly string[]): Promise<DependencyTask[]> {
  if (ids.length === 0) return [];
  return tx
    .select({ id: tasks.id, status: tasks.status, title: tasks.title })
    .from(tasks)
    .where(and(eq(tasks.boardId, boardId), anyOf(tasks.id, [...new Set(ids)])));
}

export async function boardEdges(tx: Queryable, boardId: string): Promise<DependencyEdge[]> {
  const rows = await tx
    .select({ task_id: taskDependencies.taskId, depends_on_task_id: taskDependencies.dependsOnTaskId })
    .from(taskDependencies)
    .where(eq(taskDependencies.boardId, boardId));
  return rows;
}

/** Of `ids`, the tags that exist in the organization. */
export async function orgTagIds(tx: Queryable, organizationId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.organizationId, organizationId), anyOf(tags.id, [...new Set(ids)])));
  return rows.map((r) => r.id);
}

/** Approvals linked to the task: link rows, or the legacy task_id of approvals without links. */
export async function linkedApprovals(tx: Queryable, taskId: string): Promise<LinkedApproval[]> {
  const hasLink = exists(
    tx.select({ one: sql`1` }).from(approvalTaskLinks).where(and(eq(approvalTaskLinks.approvalId, approvals.id), eq(approvalTaskLinks.taskId, taskId))),
  );
  const hasAnyLink = exists(tx.select({ one: sql`1` }).from(approvalTaskLinks).where(eq(approvalTaskLinks.approvalId, approvals.id)));
  return tx
    .select({ id: approvals.id, status: approvals.status })
    .from(approvals)
    .where(or(hasLink, and(eq(approvals.taskId, taskId), not(hasAnyLink))));
}

/** The task's stored comments, oldest first. */
export async function taskComments(tx: Queryable, taskId: string): Promise<TaskCommentRef[]> {
  const rows = await tx
    .select({ agent_id: activityEvents.agentId, message: activityEvents.message, created_at: activityEvents.createdAt })
    .from(activityEvents)
    .where(and(eq(activityEvents.taskId, taskId), eq(activityEvents.eventType, 'task.comment')))
    .orderBy(asc(activityEvents.createdAt), asc(activityEvents.id));
  return rows.map((r) => ({ ...r, message: r.message ?? '' }));
}

/** The task's `task.status_changed` events (to find who last sent it to review). */
export async function statusEvents(tx: Queryable, taskId: string): Promise<StatusEventRef[]> {
  return tx
    .select({
      event_type: activityEvents.eventType,
      message: activityEvents.message,
      agent_id: activityEvents.agentId,
      created_at: activityEvents.createdAt,
    })
    .from(activityEvents)
    .where(and(eq(activityEvents.taskId, taskId), eq(activityEvents.eventType, 'task.status_changed')));
}

export function dependentView(t: Task): DependentTask {
  return {
    id: t.id,
    board_id: t.boardId,
    title: t.title,
    status: t.status,
    assigned_agent_id: t.assignedAgentId,
    in_progress_at: t.inProgressAt,
    previous_in_progress_at: t.previousInProgressAt,
  };
}

