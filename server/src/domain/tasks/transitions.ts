// Status and assignment changes per actor kind (spec 3.1.4–3.1.6, with our fixes). Each function
// mutates `next` (a copy of the task) or returns the refusal.
//
// Common to all actors: a status equal to the current one is a no-op (bug 20); a transition out
// of inbox, or a new non-null assignee, on a task with unfinished dependencies is refused with
// 409 and never silently rewritten (bug 25 / BR-25).
import { statusTimestamps } from './bookkeeping';
import { validateAssignee } from './common';
import {
  MSG,
  agentCodeError,
  blockedError,
  leadReviewTargetGate,
  leadStatusGate,
  refuse,
} from './errors';
import type { AgentRef, RuleError, TaskChangeRequest, TaskStatus, TaskView } from './types';

export interface TransitionContext {
  task: TaskView;
  change: TaskChangeRequest;
  agents: readonly AgentRef[];
  blockedBy: string[];
  onlyLeadCanChangeStatus: boolean;
  lastReviewSubmitterId: string | null;
  now: Date;
}

/** The requested status when it differs from the current one, else null. */
export function requestedStatus(task: TaskView, change: TaskChangeRequest): TaskStatus | null {
  const s = change.status;
  return s !== undefined && s !== null && s !== task.status ? s : null;
}

/** The requested assignee when the key is present and differs from the current one. */
function requestedAssignee(
  task: TaskView,
  change: TaskChangeRequest,
): { changed: boolean; value: string | null } {
  const v = change.assigned_agent_id;
  if (v === undefined || v === task.assigned_agent_id) return { changed: false, value: null };
  return { changed: true, value: v };
}

function moveStatus(next: TaskView, target: TaskStatus, now: Date): void {
  Object.assign(next, statusTimestamps(next, target, now));
  next.status = target;
}

/**
 * Non-lead agent (spec 3.1.4). Entering inbox or review releases the task (review is then handed
 * to the lead by the finalize step); entering in_progress or done makes the caller the assignee.
 */
export function applyWorker(
  ctx: TransitionContext,
  workerId: string,
  next: TaskView,
): RuleError | null {
  const target = requestedStatus(ctx.task, ctx.change);
  if (target === null) return null;
  if (ctx.onlyLeadCanChangeStatus) return refuse(403, MSG.onlyLeadStatus);
  if (target !== 'inbox' && ctx.blockedBy.length > 0) return blockedError(ctx.blockedBy);
  moveStatus(next, target, ctx.now);
  next.assigned_agent_id = target === 'inbox' || target === 'review' ? null : workerId;
  return null;
}

/**
 * Non-lead authorization checks that precede everything else (spec 3.1.4 steps 1–3):
 * board mismatch, assignee mismatch (only when `status` is sent), forbidden fields.
 */
export function checkWorkerAccess(
  task: TaskView,
  change: TaskChangeRequest,
  worker: { agent_id: string; board_id: string | null },
): RuleError | null {
  if (worker.board_id !== task.board_id) {
    return agentCodeError('task_board_mismatch', MSG.boardMismatch);
  }
  const assignee = task.assigned_agent_id;
  if (change.status !== undefined && assignee !== null && assignee !== worker.agent_id) {
    return agentCodeError('task_assignee_mismatch', MSG.assigneeMismatch);
  }
  const allowed = new Set(['status', 'comment', 'custom_field_values']);
  const forbidden = Object.keys(change).filter(
    (k) => !allowed.has(k) && change[k as keyof TaskChangeRequest] !== undefined,
  );
  if (forbidden.length > 0) return agentCodeError('task_update_field_forbidden', MSG.fieldForbidden);
  return null;
}

/**
 * User (spec 3.1.5). Plain fields apply as given; inbox/review release the task; an explicit
 * assignee in the same request wins over that release. Unlike the reference, a blocked task is
 * never silently reset to satisfy the request: the request is refused (409).
 */
export function applyUser(ctx: TransitionContext, next: TaskView): RuleError | null {
  const { change } = ctx;
  const target = requestedStatus(ctx.task, change);
  const assignee = requestedAssignee(ctx.task, change);
  if (ctx.blockedBy.length > 0) {
    const startsWork = target !== null && target !== 'inbox';
    if (startsWork || (assignee.changed && assignee.value !== null)) {
      return blockedError(ctx.blockedBy);
    }
  }
  if (change.title !== undefined) next.title = change.title;
  if (change.description !== undefined) next.description = change.description;
  if (change.priority !== undefined) next.priority = change.priority;
  if (change.due_at !== undefined) next.due_at = change.due_at;
  if (target !== null) {
    moveStatus(next, target, ctx.now);
    if (target === 'inbox' || target === 'review') next.assigned_agent_id = null;
  }
  if (change.assigned_agent_id !== undefined) {
    if (change.assigned_agent_id !== null && assignee.changed) {
      const v = validateAssignee({
        agents: ctx.agents,
        agentId: change.assigned_agent_id,
        boardId: ctx.task.board_id,
        forbidLead: false,
      });
      if (!v.ok) return v;
    }
    next.assigned_agent_id = change.assigned_agent_id;
  }
  return null;
}

/**
 * Board lead (spec 3.1.6). The lead's status matrix:
 * * inbox → in_progress, only together with a non-null assignee ("assign-and-start"); sets
 *   in_progress_at (bug 10);
 * * in_progress → review: the lead takes the task into its own review (bug 28: the reference gave
 *   leads no way into review, so a task whose worker went silent could never be finished);
 * * review → done (subject to the board gates) or review → inbox ("request changes"): the task
 *   goes back to an explicitly named assignee, else to the last worker that sent it to review.
 * Anything else is refused with 403. On a blocked task any status or assignment change is 409.
 */
export function applyLead(ctx: TransitionContext, leadId: string, next: TaskView): RuleError | null {
  const { task, change } = ctx;
  const target = requestedStatus(task, change);
  const assignee = requestedAssignee(task, change);
  if (ctx.blockedBy.length > 0 && (target !== null || assignee.changed)) {
    return blockedError(ctx.blockedBy);
  }
  if (assignee.changed && assignee.value !== null) {
    const v = validateAssignee({
      agents: ctx.agents,
      agentId: assignee.value,
      boardId: task.board_id,
      forbidLead: true,
    });
    if (!v.ok) return v;
  }
  if (change.assigned_agent_id !== undefined) next.assigned_agent_id = change.assigned_agent_id;
  if (target === null) return null;

  if (task.status === 'review') {
    if (target !== 'done' && target !== 'inbox') return leadReviewTargetGate(target);
    if (target === 'inbox' && change.assigned_agent_id === undefined) {
      next.assigned_agent_id = lastWorker(ctx, leadId);
    }
  } else if (task.status === 'inbox' && target === 'in_progress') {
    if (change.assigned_agent_id == null) return leadStatusGate(task.status);
  } else if (task.status === 'in_progress' && target === 'review') {
    next.assigned_agent_id = leadId;
  } else {
    return leadStatusGate(task.status);
  }
  moveStatus(next, target, ctx.now);
  return null;
}

/** The last worker that sent the task to review, if it is still a non-lead agent of the board. */
function lastWorker(ctx: TransitionContext, leadId: string): string | null {
  const id = ctx.lastReviewSubmitterId;
  if (!id || id === leadId) return null;
  const agent = ctx.agents.find((a) => a.id === id);
  if (!agent || agent.is_board_lead || agent.board_id !== ctx.task.board_id) return null;
  return id;
}
