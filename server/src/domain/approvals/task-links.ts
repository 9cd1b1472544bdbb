// Which tasks an approval is about (spec 3.5): merging the ids a request names, pending-approval
// conflicts, and per-task counts over link rows plus legacy `approvals.task_id` rows.
import type { ApprovalStatus } from '../tasks/types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Task ids named by a create request, de-duplicated in this order: `task_id`, `task_ids`, then the
 * payload's `task_ids`/`taskIds`/`taskIDs` lists and `task_id`/`taskId`/`taskID` strings.
 * Values that are not UUIDs are ignored. Ids are lowercased so duplicates in other cases merge.
 */
export function collectApprovalTaskIds(request: {
  task_id?: string | null;
  task_ids?: readonly string[] | null;
  payload?: Record<string, unknown> | null;
}): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (isUuid(v) && !out.includes(v.toLowerCase())) out.push(v.toLowerCase());
  };
  add(request.task_id);
  for (const id of request.task_ids ?? []) add(id);
  const payload = request.payload ?? {};
  for (const key of ['task_ids', 'taskIds', 'taskIDs']) {
    const list = payload[key];
    if (Array.isArray(list)) for (const id of list) add(id);
  }
  for (const key of ['task_id', 'taskId', 'taskID']) add(payload[key]);
  return out;
}

/** An approval row with the tasks it is linked to (link rows in insertion order). */
export interface ApprovalLinks {
  id: string;
  status: ApprovalStatus;
  /** Legacy single-task column (the first linked task). */
  task_id: string | null;
  /** Task ids of the approval_task_links rows, in insertion order. */
  linked_task_ids: readonly string[];
}

/** The tasks an approval covers: its link rows, or the legacy task_id when it has none. */
export function approvalTaskIds(a: ApprovalLinks): string[] {
  if (a.linked_task_ids.length > 0) return [...a.linked_task_ids];
  return a.task_id ? [a.task_id] : [];
}

export interface PendingConflict {
  task_id: string;
  approval_id: string;
}

/**
 * Pending approvals (other than `excludeApprovalId`) that already cover one of `taskIds`,
 * sorted by task id string, one entry per (task, approval).
 */
export function findPendingConflicts(
  taskIds: readonly string[],
  approvals: readonly ApprovalLinks[],
  excludeApprovalId: string | null = null,
): PendingConflict[] {
  const wanted = new Set(taskIds);
  const out: PendingConflict[] = [];
  for (const a of approvals) {
    if (a.status !== 'pending' || a.id === excludeApprovalId) continue;
    for (const t of approvalTaskIds(a)) {
      if (wanted.has(t)) out.push({ task_id: t, approval_id: a.id });
    }
  }
  return out.sort((x, y) =>
    x.task_id === y.task_id ? x.approval_id.localeCompare(y.approval_id) : x.task_id < y.task_id ? -1 : 1,
  );
}

/** Total and pending approval counts per task over links and legacy rows (snapshot, streams). */
export function approvalCountsByTask(
  approvals: readonly ApprovalLinks[],
): Map<string, { approvals_count: number; approvals_pending_count: number }> {
  const counts = new Map<string, { approvals_count: number; approvals_pending_count: number }>();
  for (const a of approvals) {
    for (const t of approvalTaskIds(a)) {
      const c = counts.get(t) ?? { approvals_count: 0, approvals_pending_count: 0 };
      c.approvals_count += 1;
      if (a.status === 'pending') c.approvals_pending_count += 1;
      counts.set(t, c);
    }
  }
  return counts;
}

/** The approvals linked to one task, as the task rules' done/pending gates read them. */
export function approvalsLinkedToTask(
  taskId: string,
  approvals: readonly ApprovalLinks[],
): { id: string; status: ApprovalStatus }[] {
  return approvals
    .filter((a) => approvalTaskIds(a).includes(taskId))
    .map((a) => ({ id: a.id, status: a.status }));
}

/** The "done requires approval" check: an approved approval is linked to the task. */
export function isDoneApprovalSatisfied(taskId: string, approvals: readonly ApprovalLinks[]): boolean {
  return approvalsLinkedToTask(taskId, approvals).some((a) => a.status === 'approved');
}
