// Delete a task (spec 3.17). Dependency edges in both directions, tag assignments, custom field
// values, approval links and the task's events and comments go with the row (database cascades);
// approvals whose primary task is this one move to their next linked task, or are deleted when
// no other task remains. A `task.deleted` event (our addition) keeps the board's audit trail.
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { approvals, approvalTaskLinks, tasks, type Board } from '../../../db/schema';
import { HttpError } from '../../../http/errors';
import { lockTasks } from './load';
import { inTransaction } from './retry';
import { recordEvents } from './write';

export async function deleteTask(db: Db, input: { board: Board; taskId: string; agentId: string | null }): Promise<void> {
  const { board, taskId } = input;
  await inTransaction(db, async (tx) => {
    const [task] = await lockTasks(tx, board.id, [taskId]);
    if (!task) throw new HttpError(404, 'Not Found');
    const primaries = await tx.select({ id: approvals.id }).from(approvals).where(eq(approvals.taskId, taskId));
    for (const approval of primaries) {
      const [next] = await tx
        .select({ taskId: approvalTaskLinks.taskId })
        .from(approvalTaskLinks)
        .where(and(eq(approvalTaskLinks.approvalId, approval.id), ne(approvalTaskLinks.taskId, taskId)))
        .orderBy(asc(approvalTaskLinks.seq))
        .limit(1);
      if (next) await tx.update(approvals).set({ taskId: next.taskId }).where(eq(approvals.id, approval.id));
      else await tx.delete(approvals).where(eq(approvals.id, approval.id));
    }
    await tx.delete(tasks).where(eq(tasks.id, taskId));
    await recordEvents(tx, [
      { event_type: 'task.deleted', message: `Task deleted: ${task.title}.`, agent_id: input.agentId, task_id: null, board_id: board.id },
    ]);
  });
}
