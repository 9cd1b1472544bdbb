// Approval use cases in one transaction each. One pending approval per task is race-safe: the
// linked tasks' rows are locked (SELECT … FOR UPDATE, in id order) before the pending conflicts
// are read, so of concurrent requests for the same task exactly one finds no conflict.
import { and, count, desc, eq, exists, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client';
import { anyOf } from '../../db/any-of';
import { approvals, approvalTaskLinks, type Approval, type ApprovalStatus, type Board } from '../../db/schema';
import { HttpError } from '../../http/errors';
import { enqueueJob } from '../../jobs/queue';
import { agentRef, agentsFor, lockTasks } from '../tasks/operations/load';
import { NOTIFY_QUEUE, type NotifyPayload } from '../../jobs/queue-names';
import { inTransaction } from '../tasks/operations/retry';
import { ruleFailure } from '../tasks/operations/refusal';
import { recordEvents } from '../tasks/operations/write';
import type { Actor } from '../tasks/types';
import { linkedTaskIds } from './read-model';
import { decideApprovalCreate, decideApprovalResolve, renderApprovalResolved, type ApprovalCreateRequest } from './rules';
import { approvalTaskIds, collectApprovalTaskIds, findPendingConflicts, type PendingConflict } from './task-links';

/** Pending approvals of the board covering any of `taskIds` (links or legacy task_id). */
async function pendingConflicts(tx: Queryable, boardId: string, taskIds: readonly string[], excludeId: string | null): Promise<PendingConflict[]> {
  if (taskIds.length === 0) return [];
  const covering = or(
    anyOf(approvals.taskId, taskIds),
    exists(tx.select({ one: sql`1` }).from(approvalTaskLinks).where(and(eq(approvalTaskLinks.approvalId, approvals.id), anyOf(approvalTaskLinks.taskId, taskIds)))),
  );
  const rows = await tx
    .select({ id: approvals.id, status: approvals.status, task_id: approvals.taskId })
    .from(approvals)
    .where(and(eq(approvals.boardId, boardId), eq(approvals.status, 'pending'), covering));
  const links = await linkedTaskIds(tx, rows.map((r) => r.id));
  return findPendingConflicts(
    taskIds,
    rows.map((r) => ({ ...r, linked_task_ids: links.get(r.id) ?? [] })),
    excludeId,
  );
}

export async function createApproval(db: Db, input: { board: Board; actor: Actor; request: ApprovalCreateRequest }): Promise<Approval> {
  const { board, actor, request } = input;
  return inTransaction(db, async (tx) => {
    const now = new Date();
    const wanted = collectApprovalTaskIds(request);
    const found = (await lockTasks(tx, board.id, wanted)).map((t) => t.id);
    const status = request.status ?? 'pending';
    const plan = decideApprovalCreate({
      actor,
      board_id: board.id,
      request,
      found_task_ids: found,
      pending_conflicts: status === 'pending' ? await pendingConflicts(tx, board.id, found, null) : [],
      now,
    });
    if (!plan.ok) ruleFailure(plan);
    const r = plan.row;
    const [approval] = await tx
      .insert(approvals)
      .values({
        boardId: r.board_id,
        taskId: r.task_id,
        agentId: r.agent_id,
        actionType: r.action_type,
        payload: r.payload,
        confidence: r.confidence,
        rubricScores: r.rubric_scores,
        status: r.status,
        createdAt: r.created_at,
        resolvedAt: r.resolved_at,
      })
      .returning();
    if (plan.task_ids.length) {
      await tx.insert(approvalTaskLinks).values(plan.task_ids.map((taskId) => ({ approvalId: approval.id, taskId })));
    }
    await recordEvents(tx, [
      {
        event_type: 'approval.created',
        message: `Approval ${r.status === 'pending' ? 'requested' : `recorded as ${r.status}`}: ${r.action_type}.`,
        agent_id: r.agent_id,
        task_id: r.task_id,
        board_id: board.id,
      },
    ]);
    return approval;
  });
}

export async function resolveApproval(
  db: Db,
  input: { board: Board; actor: Actor; approvalId: string; request: { status?: ApprovalStatus | null } },
): Promise<{ approval: Approval; jobs: number }> {
  const { board, actor, request } = input;
  return inTransaction(db, async (tx) => {
    const now = new Date();
    // The approval row lock makes a repeated resolve wait and then see the stored status, so
    // concurrent identical PATCHes notify once.
    const [approval] = await tx
      .select()
      .from(approvals)
      .where(and(eq(approvals.id, input.approvalId), eq(approvals.boardId, board.id)))
      .for('update');
    if (!approval) throw new HttpError(404, 'Not Found');
    const taskIds = approvalTaskIds({
      id: approval.id,
      status: approval.status,
      task_id: approval.taskId,
      linked_task_ids: (await linkedTaskIds(tx, [approval.id])).get(approval.id) ?? [],
    });
    let conflicts: PendingConflict[] = [];
    if (request.status === 'pending' && approval.status !== 'pending') {
      await lockTasks(tx, board.id, taskIds);
      conflicts = await pendingConflicts(tx, board.id, taskIds, approval.id);
    }
    const agents = await agentsFor(tx, board.id);
    const plan = decideApprovalResolve({
      actor,
      approval: {
        id: approval.id,
        board_id: approval.boardId,
        action_type: approval.actionType,
        confidence: approval.confidence,
        status: approval.status,
        task_id: approval.taskId,
        task_ids: taskIds,
        resolved_at: approval.resolvedAt,
      },
      request,
      pending_conflicts: conflicts,
      agents: agents.map(agentRef),
      now,
    });
    if (!plan.ok) ruleFailure(plan);
    if (plan.changes.status === undefined) return { approval, jobs: 0 };

    const [updated] = await tx.update(approvals).set({ status: plan.changes.status, resolvedAt: plan.changes.resolved_at ?? null }).where(eq(approvals.id, approval.id)).returning();
    const verb = updated.status === 'pending' ? 'reopened' : updated.status;
    await recordEvents(tx, [
      {
        event_type: updated.status === 'pending' ? 'approval.reopened' : 'approval.resolved',
        message: `Approval ${verb}: ${updated.actionType}.`,
        agent_id: null,
        task_id: updated.taskId,
        board_id: board.id,
      },
    ]);
    for (const n of plan.notifications) {
      const payload: NotifyPayload = {
        agent_id: n.agent_id,
        board_lead_of: null,
        message: renderApprovalResolved(n, { board_name: board.name }),
        deliver: false,
        reason: n.kind,
        activity: { board_id: n.board_id, task_id: n.task_id, success_type: n.activity.notified, failure_type: n.activity.failed },
      };
      await enqueueJob(tx, NOTIFY_QUEUE, payload, { organizationId: board.organizationId });
    }
    return { approval: updated, jobs: plan.notifications.length };
  });
}

/** A page of the board's approvals, newest first, optionally by status. */
export async function listApprovals(
  db: Queryable,
  boardId: string,
  status: ApprovalStatus | undefined,
  pageQuery: { limit: number; offset: number },
): Promise<{ rows: Approval[]; total: number }> {
  const where = and(eq(approvals.boardId, boardId), status ? eq(approvals.status, status) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(approvals).where(where).orderBy(desc(approvals.createdAt), desc(approvals.id)).limit(pageQuery.limit).offset(pageQuery.offset),
    db.select({ total: count() }).from(approvals).where(where),
  ]);
  return { rows, total };
}
