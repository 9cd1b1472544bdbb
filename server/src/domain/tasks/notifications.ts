// Which agents are messaged (and woken) after a task change (spec 3.1.6 step 8, 3.1.7 step 9, 3.7).
// The rules only decide who gets what; delivery is a job that records the activity named here.
import { matchMentionedAgents } from './mentions';
import type {
  ActivityEventDraft,
  Actor,
  AgentRef,
  AgentWake,
  TaskCommentRef,
  TaskNotification,
  TaskNotificationKind,
  TaskView,
} from './types';

/**
 * Activity recorded by the delivery of each kind. Comment and mention deliveries record activity
 * too (bug 25: the reference swallowed those silently); those two event types are our additions.
 */
export const NOTIFICATION_ACTIVITY: Record<TaskNotificationKind, { notified: string; failed: string }> = {
  new_task: { notified: 'task.lead_notified', failed: 'task.lead_notify_failed' },
  task_assigned: { notified: 'task.assignee_notified', failed: 'task.assignee_notify_failed' },
  ready_for_review: { notified: 'task.assignee_notified', failed: 'task.assignee_notify_failed' },
  changes_requested: { notified: 'task.rework_notified', failed: 'task.rework_notify_failed' },
  back_in_inbox: {
    notified: 'task.lead_unassigned_notified',
    failed: 'task.lead_unassigned_notify_failed',
  },
  task_mention: { notified: 'task.mention_notified', failed: 'task.mention_notify_failed' },
  task_comment: { notified: 'task.comment_notified', failed: 'task.comment_notify_failed' },
};

export function notify(
  kind: TaskNotificationKind,
  agentId: string,
  task: { id: string; board_id: string },
  extra: Pick<TaskNotification, 'feedback' | 'comment' | 'from_agent_id'> = {},
): TaskNotification {
  return {
    kind,
    agent_id: agentId,
    task_id: task.id,
    board_id: task.board_id,
    ...extra,
    activity: NOTIFICATION_ACTIVITY[kind],
  };
}

export interface Outbox {
  notifications: TaskNotification[];
  wakes: AgentWake[];
}

/** Notifications after a user or worker update (the reference's finalize step). */
export function finalizeNotifications(input: {
  actor: Actor;
  before: TaskView;
  after: TaskView;
  lead: AgentRef | null;
}): Outbox {
  const { actor, before, after, lead } = input;
  const out: Outbox = { notifications: [], wakes: [] };
  const actorId = actor.kind === 'user' ? null : actor.agent_id;
  const nowUnassignedInbox = after.status === 'inbox' && after.assigned_agent_id === null;
  const wasUnassignedInbox = before.status === 'inbox' && before.assigned_agent_id === null;
  if (nowUnassignedInbox && !wasUnassignedInbox && lead && lead.id !== actorId) {
    out.notifications.push(notify('back_in_inbox', lead.id, after));
  }
  const assignee = after.assigned_agent_id;
  if (assignee === null || after.status === 'done') return out; // nothing to do on done work
  const reviewHandOff = lead !== null && assignee === lead.id && after.status === 'review';
  // A task entering review is always announced to the lead, even if it was already assigned.
  const enteredReview = reviewHandOff && before.status !== 'review';
  if (assignee === before.assigned_agent_id && !enteredReview) {
    if (after.status === 'in_progress' && before.status !== 'in_progress') {
      out.wakes.push({ agent_id: assignee, reason: 'status_in_progress' });
    }
    return out;
  }
  if (assignee === actorId) return out; // an agent that took the task itself needs no message
  out.notifications.push(notify(reviewHandOff ? 'ready_for_review' : 'task_assigned', assignee, after));
  out.wakes.push({ agent_id: assignee, reason: 'assignment' });
  return out;
}

/** The lead's latest non-blank comment on the task, used as "Requested changes:" feedback. */
export function latestCommentBy(
  comments: readonly TaskCommentRef[],
  agentId: string,
): string | null {
  let best: TaskCommentRef | null = null;
  for (const c of comments) {
    if (c.agent_id !== agentId || c.message.trim() === '') continue;
    if (!best || c.created_at.getTime() >= best.created_at.getTime()) best = c;
  }
  return best ? best.message : null;
}

/** Notifications after a lead update: rework to the worker, or assignment + wake. */
export function leadNotifications(input: {
  leadId: string;
  before: TaskView;
  after: TaskView;
  comments: readonly TaskCommentRef[];
}): Outbox {
  const { leadId, before, after } = input;
  const out: Outbox = { notifications: [], wakes: [] };
  const assignee = after.assigned_agent_id;
  if (assignee === null || assignee === leadId || after.status === 'done') return out;
  if (assignee === before.assigned_agent_id) {
    if (after.status === 'in_progress' && before.status !== 'in_progress') {
      out.wakes.push({ agent_id: assignee, reason: 'status_in_progress' });
    }
    return out;
  }
  if (before.status === 'review' && after.status === 'inbox') {
    const feedback = latestCommentBy(input.comments, leadId);
    out.notifications.push(notify('changes_requested', assignee, after, { feedback }));
    return out;
  }
  out.notifications.push(notify('task_assigned', assignee, after));
  out.wakes.push({ agent_id: assignee, reason: 'assignment' });
  return out;
}

/**
 * Comment notifications (spec 3.7): the board's agents mentioned in the comment; with no
 * mentions, the task's assignee (when `fallbackToAssignee`). The author is never notified, nor
 * anyone in `skip` (already messaged about this change).
 */
export function commentNotifications(input: {
  task: { id: string; board_id: string; assigned_agent_id: string | null };
  comment: string;
  authorAgentId: string | null;
  boardAgents: readonly AgentRef[];
  fallbackToAssignee: boolean;
  skip?: ReadonlySet<string>;
}): TaskNotification[] {
  const { task, comment, authorAgentId } = input;
  const skip = input.skip ?? new Set<string>();
  const onBoard = input.boardAgents.filter((a) => a.board_id === task.board_id);
  const mentioned = matchMentionedAgents(comment, onBoard);
  const extra = { comment, from_agent_id: authorAgentId };
  const allowed = (id: string) => id !== authorAgentId && !skip.has(id);
  if (mentioned.length > 0) {
    return mentioned
      .filter((a) => allowed(a.id))
      .map((a) => notify('task_mention', a.id, task, extra));
  }
  if (input.fallbackToAssignee && task.assigned_agent_id && allowed(task.assigned_agent_id)) {
    return [notify('task_comment', task.assigned_agent_id, task, extra)];
  }
  return [];
}

/** The activity recorded when a wake (presence bump) is applied, or fails. */
export function wakeEvent(
  wake: AgentWake,
  agentName: string,
  task: { id: string; board_id: string },
  error: string | null = null,
): ActivityEventDraft {
  return error === null
    ? {
        event_type: 'task.assignee_woken',
        message: `Assignee heartbeat set online (${wake.reason}): ${agentName}.`,
        agent_id: wake.agent_id,
        task_id: task.id,
        board_id: task.board_id,
      }
    : {
        event_type: 'task.assignee_wake_failed',
        message: `Assignee wake failed (${wake.reason}): ${agentName}: ${error}`,
        agent_id: wake.agent_id,
        task_id: task.id,
        board_id: task.board_id,
      };
}
