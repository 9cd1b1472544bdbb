// Small helpers shared by the create, update and comment rules.
import { MSG, refuse } from './errors';
import { dedupeIds } from './dependencies';
import type {
  ActivityEventDraft,
  Actor,
  AgentRef,
  RuleError,
  TaskColumnChanges,
  TaskView,
} from './types';

/** A key counts as present when it is an own property whose value is not undefined. */
export function isPresent<T extends object>(obj: T, key: keyof T): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key) && obj[key] !== undefined;
}

/** Blank comments are treated as absent. */
export function normalizeComment(comment: string | null | undefined): string | null {
  if (typeof comment !== 'string') return null;
  return comment.trim() === '' ? null : comment;
}

export function actorAgentId(actor: Actor): string | null {
  return actor.kind === 'user' ? null : actor.agent_id;
}

/** The board's lead (the first one, if data ever holds several). */
export function boardLead(agents: readonly AgentRef[], boardId: string): AgentRef | null {
  return agents.find((a) => a.is_board_lead && a.board_id === boardId) ?? null;
}

/**
 * Validates an assignee named by a request: it must exist (404), belong to the task's board when
 * it has a board (409), and — for lead callers — must not be a lead (403).
 */
export function validateAssignee(input: {
  agents: readonly AgentRef[];
  agentId: string;
  boardId: string;
  forbidLead: boolean;
}): { ok: true; agent: AgentRef } | RuleError {
  const agent = input.agents.find((a) => a.id === input.agentId);
  if (!agent) return refuse(404, MSG.assigneeNotFound);
  if (input.forbidLead && agent.is_board_lead) return refuse(403, MSG.leadSelfAssign);
  if (agent.board_id !== null && agent.board_id !== input.boardId) {
    return refuse(409, MSG.assigneeOtherBoard);
  }
  return { ok: true, agent };
}

/** De-duplicates requested tag ids and 404s on any not in the board's organization. */
export function validateTagIds(
  requested: readonly string[],
  existing: readonly string[],
): { ok: true; ids: string[] } | RuleError {
  const ids = dedupeIds(requested);
  const known = new Set(existing);
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) return refuse(404, { message: MSG.missingTags, missing_tag_ids: missing });
  return { ok: true, ids };
}

const COLUMNS = [
  'title',
  'description',
  'status',
  'priority',
  'due_at',
  'assigned_agent_id',
  'in_progress_at',
  'previous_in_progress_at',
  'done_at',
] as const satisfies readonly (keyof TaskColumnChanges & keyof TaskView)[];

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/** The columns whose values differ between `before` and `after`. */
export function diffTask(before: TaskView, after: TaskView): TaskColumnChanges {
  const out: Record<string, unknown> = {};
  for (const key of COLUMNS) if (!same(before[key], after[key])) out[key] = after[key];
  return out as TaskColumnChanges;
}

export function statusChangedEvent(task: TaskView, agentId: string | null): ActivityEventDraft {
  return {
    event_type: 'task.status_changed',
    message: `Task moved to ${task.status}: ${task.title}.`,
    agent_id: agentId,
    task_id: task.id,
    board_id: task.board_id,
  };
}

export function updatedEvent(task: TaskView, agentId: string | null): ActivityEventDraft {
  return {
    event_type: 'task.updated',
    message: `Task updated: ${task.title}.`,
    agent_id: agentId,
    task_id: task.id,
    board_id: task.board_id,
  };
}

export function commentEvent(
  task: { id: string; board_id: string },
  message: string,
  agentId: string | null,
): ActivityEventDraft {
  return {
    event_type: 'task.comment',
    message,
    agent_id: agentId,
    task_id: task.id,
    board_id: task.board_id,
  };
}
