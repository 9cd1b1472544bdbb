// Timestamp bookkeeping of status transitions, the same on every path (bugs 9, 10, 11):
// * in_progress_at: set to now when a task enters in_progress; null whenever it is not in progress.
// * previous_in_progress_at: when a task leaves in_progress (to inbox, review or done) it receives
//   the start of the period that just ended, so cycle time stays measurable after review/done.
//   It is never cleared by a path that had no running period (the reference overwrote it with
//   null on e.g. review → inbox).
// * done_at: set to now when a task enters done; cleared when it leaves done.
// Cycle time of a done task = done_at − previous_in_progress_at (the last working period).
import type { TaskColumnChanges, TaskStatus } from './types';

/** Columns to write when a task stops being in progress (nothing if no period is running). */
export function leaveInProgress(t: { in_progress_at: Date | null }): TaskColumnChanges {
  if (t.in_progress_at === null) return {};
  return { previous_in_progress_at: t.in_progress_at, in_progress_at: null };
}

/** Timestamp columns for a status change `before.status` → `target` (call only on a change). */
export function statusTimestamps(
  before: { status: TaskStatus; in_progress_at: Date | null; done_at: Date | null },
  target: TaskStatus,
  now: Date,
): TaskColumnChanges {
  const out: TaskColumnChanges = {};
  if (target === 'in_progress') {
    out.in_progress_at = now;
  } else {
    Object.assign(out, leaveInProgress(before));
  }
  if (target === 'done') out.done_at = now;
  else if (before.done_at !== null) out.done_at = null;
  return out;
}

/** Timestamps of a task created directly in `status` (bug 9: in_progress_at set on create). */
export function createTimestamps(
  status: TaskStatus,
  now: Date,
): { in_progress_at: Date | null; previous_in_progress_at: Date | null; done_at: Date | null } {
  return {
    in_progress_at: status === 'in_progress' ? now : null,
    previous_in_progress_at: null,
    done_at: status === 'done' ? now : null,
  };
}
