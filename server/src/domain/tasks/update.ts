// decideTaskUpdate: the whole PATCH rule set (spec 3.1.3–3.1.7) as one pure decision.
import {
  actorAgentId,
  boardLead,
  commentEvent,
  diffTask,
  normalizeComment,
  statusChangedEvent,
  updatedEvent,
  validateTagIds,
} from './common';
import {
  blockedBy as computeBlockedBy,
  isPristine,
  reconcileDependents,
  validateDependencyIds,
  type DependentUpdate,
} from './dependencies';
import { statusTimestamps } from './bookkeeping';
import { LEAD_ALLOWED_FIELDS, MSG, agentCodeError, leadFieldGate, refuse } from './errors';
import { checkReviewComment, checkStatusGates } from './gates';
import {
  commentNotifications,
  finalizeNotifications,
  leadNotifications,
  type Outbox,
} from './notifications';
import {
  applyLead,
  applyUser,
  applyWorker,
  checkWorkerAccess,
  requestedStatus,
  type TransitionContext,
} from './transitions';
import type {
  ActivityEventDraft,
  Actor,
  AgentRef,
  AgentWake,
  BoardContext,
  DependencyEdge,
  DependencyTask,
  DependentTask,
  LinkedApproval,
  RuleError,
  TaskChangeRequest,
  TaskColumnChanges,
  TaskCommentRef,
  TaskNotification,
  TaskView,
} from './types';

export interface TaskUpdateInput {
  actor: Actor;
  board: BoardContext;
  task: TaskView;
  change: TaskChangeRequest;
  /** The board's agents, plus any agent the request names as assignee (for 404 vs 409). */
  agents: readonly AgentRef[];
  /** The task's current outgoing dependency ids. */
  current_dependency_ids: readonly string[];
  /** Board tasks (id, status) among the current and the requested dependency ids. */
  dependency_tasks: readonly DependencyTask[];
  /** All dependency edges of the board; needed when `depends_on_task_ids` is sent. */
  board_edges?: readonly DependencyEdge[];
  /** Of the requested `tag_ids`, those that exist in the board's organization. */
  existing_tag_ids?: readonly string[];
  /** Approvals linked to the task (link rows or legacy approvals.task_id). */
  approvals: readonly LinkedApproval[];
  /** The task's stored comments (review-comment rule, rework feedback). */
  comments?: readonly TaskCommentRef[];
  /** The last non-lead agent that moved the task to review (see findLastReviewSubmitter). */
  last_review_submitter_id?: string | null;
  /** Tasks that depend on this task; needed when its done-ness can flip. */
  dependents?: readonly DependentTask[];
  now: Date;
}

export interface TaskUpdatePlan {
  ok: true;
  /** The task as it will be after the update. */
  task: TaskView;
  /** Columns to write (only changed ones; `updated_at` when anything changed). */
  changes: TaskColumnChanges;
  /** Replace the task's dependency edges with this list (null = untouched). */
  dependency_ids: string[] | null;
  /** Replace the task's tags with this list, in order (null = untouched). */
  tag_ids: string[] | null;
  /** Custom field values to set (null value = delete the row); null = untouched. */
  custom_field_values: Record<string, unknown> | null;
  /** The comment stored as a `task.comment` event (also present in `events`). */
  comment: string | null;
  blocked_by_task_ids: string[];
  /** Dependents to reset because this task left done (spec 3.3). */
  dependent_updates: DependentUpdate[];
  events: ActivityEventDraft[];
  notifications: TaskNotification[];
  wakes: AgentWake[];
}

export function decideTaskUpdate(input: TaskUpdateInput): TaskUpdatePlan | RuleError {
  const { actor, board, task, now } = input;
  const change = { ...input.change };
  const comment = normalizeComment(change.comment);
  if (change.comment !== undefined && comment === null) delete change.comment;
  if (change.status === null) return refuse(422, MSG.statusRequired);
  if (task.board_id !== board.id) return refuse(404, 'Task not found.');
  const agentId = actorAgentId(actor);

  // Who may send what.
  if (actor.kind === 'worker') {
    const denied = checkWorkerAccess(task, change, actor);
    if (denied) return denied;
  } else if (actor.kind === 'lead') {
    if (actor.board_id !== task.board_id) {
      return agentCodeError('task_board_mismatch', MSG.boardMismatch);
    }
    if (change.comment !== undefined) return refuse(403, MSG.leadComment);
    const leadFields: ReadonlySet<string> = new Set(LEAD_ALLOWED_FIELDS);
    const extra = presentKeys(change).filter((k) => !leadFields.has(k));
    if (extra.length > 0) return leadFieldGate(extra);
  }

  // Dependencies and tags (users and leads; workers were refused above if they sent them).
  let dependencyIds: string[] | null = null;
  if (change.depends_on_task_ids !== undefined) {
    if (task.status === 'done') return refuse(409, MSG.dependenciesAfterDone);
    const v = validateDependencyIds({
      taskId: task.id,
      requested: change.depends_on_task_ids,
      onBoard: input.dependency_tasks,
      edges: input.board_edges ?? [],
    });
    if (!v.ok) return v;
    dependencyIds = v.ids;
  }
  let tagIds: string[] | null = null;
  if (change.tag_ids !== undefined) {
    const v = validateTagIds(change.tag_ids, input.existing_tag_ids ?? []);
    if (!v.ok) return v;
    tagIds = v.ids;
  }
  const blocked = computeBlockedBy(dependencyIds ?? input.current_dependency_ids, input.dependency_tasks);

  // Status and assignment.
  const next: TaskView = { ...task };
  const ctx: TransitionContext = {
    task,
    change,
    agents: input.agents,
    blockedBy: blocked,
    onlyLeadCanChangeStatus: board.rules.only_lead_can_change_status,
    lastReviewSubmitterId: input.last_review_submitter_id ?? null,
    now,
  };
  const refused =
    actor.kind === 'worker'
      ? applyWorker(ctx, actor.agent_id, next)
      : actor.kind === 'lead'
        ? applyLead(ctx, actor.agent_id, next)
        : applyUser(ctx, next);
  if (refused) return refused;

  // Board gates on the requested status change.
  const target = requestedStatus(task, change);
  if (target !== null) {
    const gate = checkStatusGates({ rules: board.rules, from: task.status, to: target, approvals: input.approvals });
    if (gate) return gate;
  }

  const lead = boardLead(input.agents, board.id);
  if (actor.kind !== 'lead' && target === 'review') {
    const missing = checkReviewComment({
      rules: board.rules,
      requestComment: comment,
      author: task.assigned_agent_id ?? agentId,
      since: next.previous_in_progress_at,
      comments: input.comments ?? [],
    });
    if (missing) return missing;
    if (lead) next.assigned_agent_id = lead.id; // review is handed to the board lead
  }

  // A dependency edit that leaves a started task blocked sends it back to the inbox, the same
  // state a reopened dependency produces (spec 3.3). It is reported as a status change.
  if (dependencyIds !== null && blocked.length > 0 && next.status !== 'done' && !isPristine(next)) {
    Object.assign(next, statusTimestamps(next, 'inbox', now));
    next.status = 'inbox';
    next.assigned_agent_id = null;
  }

  // What to write.
  const changes = diffTask(task, next);
  const customFieldValues = change.custom_field_values ?? null;
  const touched =
    Object.keys(changes).length > 0 ||
    dependencyIds !== null ||
    tagIds !== null ||
    customFieldValues !== null;
  if (touched) changes.updated_at = now;

  const events: ActivityEventDraft[] = [];
  if (comment !== null) events.push(commentEvent(task, comment, agentId));
  if (next.status !== task.status) events.push(statusChangedEvent(next, agentId));
  else if (touched) events.push(updatedEvent(next, agentId));
  const reconciled = reconcileDependents({
    dependencyTitle: next.title,
    wasDone: task.status === 'done',
    isDone: next.status === 'done',
    dependents: input.dependents ?? [],
    actorAgentId: agentId,
    now,
  });
  events.push(...reconciled.events);

  const outbox: Outbox =
    actor.kind === 'lead'
      ? leadNotifications({ leadId: actor.agent_id, before: task, after: next, comments: input.comments ?? [] })
      : finalizeNotifications({ actor, before: task, after: next, lead });
  if (comment !== null) {
    const skip = new Set(outbox.notifications.map((n) => n.agent_id));
    outbox.notifications.push(
      ...commentNotifications({
        task: next,
        comment,
        authorAgentId: agentId,
        boardAgents: input.agents,
        fallbackToAssignee: false,
        skip,
      }),
    );
  }

  return {
    ok: true,
    task: next,
    changes,
    dependency_ids: dependencyIds,
    tag_ids: tagIds,
    custom_field_values: customFieldValues,
    comment,
    blocked_by_task_ids: next.status === 'done' ? [] : blocked,
    dependent_updates: reconciled.updates,
    events,
    notifications: outbox.notifications,
    wakes: outbox.wakes,
  };
}

function presentKeys(change: TaskChangeRequest): string[] {
  return (Object.keys(change) as (keyof TaskChangeRequest)[]).filter((k) => change[k] !== undefined);
}
