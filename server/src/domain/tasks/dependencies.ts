// Dependencies and blocking (spec 3.3): validation, cycle detection, blocked computation and the
// reconciliation of dependents when a task's done-ness flips.
import { MSG, refuse } from './errors';
import { leaveInProgress } from './bookkeeping';
import type {
  ActivityEventDraft,
  DependencyEdge,
  DependencyTask,
  DependentTask,
  RuleError,
  TaskColumnChanges,
  TaskStatus,
} from './types';

/** Removes duplicates, keeping the first occurrence's position. */
export function dedupeIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * Ids of the dependencies that are not done. A dependency missing from `known` (row gone) counts
 * as not done. This ignores the dependent's own status: use `isBlocked` for the read flag.
 */
export function blockedBy(dependencyIds: readonly string[], known: readonly DependencyTask[]): string[] {
  const status = new Map(known.map((t) => [t.id, t.status]));
  return dedupeIds(dependencyIds).filter((id) => status.get(id) !== 'done');
}

/** The `is_blocked` read flag: done tasks are never reported as blocked. */
export function isBlocked(
  task: { status: TaskStatus },
  dependencyIds: readonly string[],
  known: readonly DependencyTask[],
): boolean {
  return task.status !== 'done' && blockedBy(dependencyIds, known).length > 0;
}

/**
 * Finds a cycle in the board graph once `taskId`'s outgoing edges are replaced by `proposed`.
 * Returns the cycle as a list of task ids (first = last), or null when the graph is acyclic.
 * Iterative DFS, so deep chains cannot overflow the stack.
 */
export function findDependencyCycle(
  edges: readonly DependencyEdge[],
  taskId: string,
  proposed: readonly string[],
): string[] | null {
  const graph = new Map<string, string[]>();
  const add = (from: string, to: string) => {
    const list = graph.get(from);
    if (list) list.push(to);
    else graph.set(from, [to]);
  };
  for (const e of edges) if (e.task_id !== taskId) add(e.task_id, e.depends_on_task_id);
  for (const to of proposed) add(taskId, to);

  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const color = new Map<string, number>();
  for (const start of graph.keys()) {
    if ((color.get(start) ?? WHITE) !== WHITE) continue;
    const path: string[] = [start];
    const iters: number[] = [0];
    color.set(start, GREY);
    while (path.length > 0) {
      const node = path[path.length - 1];
      const next = graph.get(node) ?? [];
      const i = iters[iters.length - 1];
      if (i >= next.length) {
        color.set(node, BLACK);
        path.pop();
        iters.pop();
        continue;
      }
      iters[iters.length - 1] = i + 1;
      const child = next[i];
      const c = color.get(child) ?? WHITE;
      if (c === GREY) return [...path.slice(path.indexOf(child)), child];
      if (c === WHITE) {
        color.set(child, GREY);
        path.push(child);
        iters.push(0);
      }
    }
  }
  return null;
}

/**
 * Validates a requested dependency list for a task (existing task: pass its id and the board's
 * edges; a task being created has no dependents yet, so pass `taskId` null and no cycle can form).
 * `onBoard` are the board's tasks among the requested ids.
 */
export function validateDependencyIds(input: {
  taskId: string | null;
  requested: readonly string[];
  onBoard: readonly DependencyTask[];
  edges: readonly DependencyEdge[];
}): { ok: true; ids: string[] } | RuleError {
  const ids = dedupeIds(input.requested);
  if (input.taskId !== null && ids.includes(input.taskId)) return refuse(422, MSG.selfDependency);
  const present = new Set(input.onBoard.map((t) => t.id));
  const missing = ids.filter((id) => !present.has(id));
  if (missing.length > 0) {
    return refuse(404, { message: MSG.missingDependencies, missing_task_ids: missing });
  }
  if (input.taskId !== null && findDependencyCycle(input.edges, input.taskId, ids)) {
    return refuse(409, MSG.dependencyCycle);
  }
  return { ok: true, ids };
}

/** A dependent that never started: inbox, unassigned, no in_progress_at. */
export function isPristine(t: {
  status: TaskStatus;
  assigned_agent_id: string | null;
  in_progress_at: Date | null;
}): boolean {
  return t.status === 'inbox' && t.assigned_agent_id === null && t.in_progress_at === null;
}

export interface DependentUpdate {
  task_id: string;
  changes: TaskColumnChanges;
}

/**
 * What happens to the dependents of a task whose done-ness flipped (spec 3.3). Returns no work
 * when done-ness did not flip. Reopening sends every started, non-done dependent back to an
 * unassigned inbox; pristine ones only get an activity note.
 */
export function reconcileDependents(input: {
  dependencyTitle: string;
  wasDone: boolean;
  isDone: boolean;
  dependents: readonly DependentTask[];
  actorAgentId: string | null;
  now: Date;
}): { updates: DependentUpdate[]; events: ActivityEventDraft[] } {
  const updates: DependentUpdate[] = [];
  const events: ActivityEventDraft[] = [];
  if (input.wasDone === input.isDone) return { updates, events };
  for (const dep of input.dependents) {
    if (dep.status === 'done') continue;
    const base = { agent_id: input.actorAgentId, task_id: dep.id, board_id: dep.board_id };
    if (input.isDone || isPristine(dep)) {
      events.push({
        ...base,
        event_type: 'task.updated',
        message: `Dependency completion changed: ${input.dependencyTitle}.`,
      });
      continue;
    }
    updates.push({
      task_id: dep.id,
      changes: {
        status: 'inbox',
        assigned_agent_id: null,
        ...leaveInProgress(dep),
        updated_at: input.now,
      },
    });
    events.push({
      ...base,
      event_type: 'task.status_changed',
      message: `Task returned to inbox: dependency reopened (${input.dependencyTitle}).`,
    });
  }
  return { updates, events };
}
