// Task comments (POST /tasks/{id}/comments) and the history look-ups the rules need.
import { actorAgentId, commentEvent } from './common';
import { MSG, agentCodeError, refuse } from './errors';
import { agentMatchesMentions, extractMentions } from './mentions';
import { commentNotifications } from './notifications';
import type {
  ActivityEventDraft,
  Actor,
  AgentRef,
  RuleError,
  TaskCommentRef,
  TaskNotification,
  TaskView,
} from './types';

export interface TaskCommentInput {
  actor: Actor;
  task: TaskView;
  message: string;
  /** The board's agents (mention targets). */
  agents: readonly AgentRef[];
  /** Comments already stored on the task. */
  prior_comments: readonly TaskCommentRef[];
}

export interface TaskCommentPlan {
  ok: true;
  event: ActivityEventDraft;
  notifications: TaskNotification[];
}

/**
 * The lead comment rule (bug 27, decided): a board lead may comment on a task when
 *   1. the task is in review (the lead is the reviewer), or
 *   2. the task is assigned to the lead, or
 *   3. an earlier comment written by someone else mentions this lead (`@lead` or its name), or
 *   4. this lead created the task (auto_reason `lead_agent:<this lead's id>`).
 * Against the reference: mentions in the comment being posted never authorise it (a lead cannot
 * invite itself), the lead's own earlier comments do not count either (posting `@lead` once
 * during review must not open the task for good), and "created the task" means created by this
 * lead — the reference accepted any auto-created task, whichever lead made it.
 */
export function leadMayComment(input: {
  lead: AgentRef;
  task: TaskView;
  prior_comments: readonly TaskCommentRef[];
}): boolean {
  const { lead, task } = input;
  if (task.status === 'review') return true;
  if (task.assigned_agent_id === lead.id) return true;
  if (task.auto_created && task.auto_reason === `lead_agent:${lead.id}`) return true;
  return input.prior_comments.some(
    (c) => c.agent_id !== lead.id && agentMatchesMentions(lead, extractMentions(c.message)),
  );
}

export function decideTaskComment(input: TaskCommentInput): TaskCommentPlan | RuleError {
  const { actor, task } = input;
  const message = input.message;
  if (message.trim() === '') return refuse(422, 'Comment message must not be blank.');
  if (actor.kind !== 'user' && actor.board_id !== task.board_id) {
    return agentCodeError('task_board_mismatch', MSG.boardMismatch);
  }
  if (actor.kind === 'lead') {
    const lead: AgentRef = input.agents.find((a) => a.id === actor.agent_id) ?? {
      id: actor.agent_id,
      name: actor.name,
      board_id: actor.board_id,
      is_board_lead: true,
    };
    if (!leadMayComment({ lead, task, prior_comments: input.prior_comments })) {
      return refuse(403, MSG.leadCommentEndpoint);
    }
  }
  const author = actorAgentId(actor);
  return {
    ok: true,
    event: commentEvent(task, message, author),
    notifications: commentNotifications({
      task,
      comment: message,
      authorAgentId: author,
      boardAgents: input.agents,
      fallbackToAssignee: true,
    }),
  };
}

export interface StatusEventRef {
  event_type: string;
  message: string | null;
  agent_id: string | null;
  created_at: Date;
}

/**
 * The non-lead agent of the board that most recently moved the task to review (the worker a
 * lead's "request changes" goes back to), from the task's `task.status_changed` events.
 */
export function findLastReviewSubmitter(
  events: readonly StatusEventRef[],
  agents: readonly AgentRef[],
  boardId: string,
): string | null {
  const workers = new Set(
    agents.filter((a) => !a.is_board_lead && a.board_id === boardId).map((a) => a.id),
  );
  let best: StatusEventRef | null = null;
  for (const e of events) {
    if (e.event_type !== 'task.status_changed' || !e.agent_id || !workers.has(e.agent_id)) continue;
    if (!(e.message ?? '').startsWith('Task moved to review:')) continue;
    if (!best || e.created_at.getTime() >= best.created_at.getTime()) best = e;
  }
  return best ? best.agent_id : null;
}
