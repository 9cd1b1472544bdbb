import { and, asc, count, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../../db/client';
import { activityEvents, tasks, type ActivityEvent, type TaskStatus } from '../../../db/schema';
import type { TaskRead } from '../../../presenters/tasks';
import { loadTaskReads } from '../read-model';

export interface TaskFilter {
  statuses: TaskStatus[] | null;
  assignedAgentId?: string;
  unassigned?: boolean;
}

/** A page of the board's tasks, newest first, fully decorated; and the filter's total. */
export async function listTasks(
  db: Queryable,
  boardId: string,
  filter: TaskFilter,
  pageQuery: { limit: number; offset: number },
): Promise<{ items: TaskRead[]; total: number }> {
  const conditions: SQL[] = [eq(tasks.boardId, boardId)];
  if (filter.statuses) conditions.push(inArray(tasks.status, filter.statuses));
  if (filter.assignedAgentId) conditions.push(eq(tasks.assignedAgentId, filter.assignedAgentId));
  if (filter.unassigned) conditions.push(isNull(tasks.assignedAgentId));
  const where = and(...conditions);
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(tasks).where(where).orderBy(desc(tasks.createdAt), desc(tasks.id)).limit(pageQuery.limit).offset(pageQuery.offset),
    db.select({ total: count() }).from(tasks).where(where),
  ]);
  return { items: await loadTaskReads(db, rows), total };
}

/** A page of the task's comments, oldest first; and their total. */
export async function listComments(
  db: Queryable,
  taskId: string,
  pageQuery: { limit: number; offset: number },
): Promise<{ items: ActivityEvent[]; total: number }> {
  const where = and(eq(activityEvents.taskId, taskId), eq(activityEvents.eventType, 'task.comment'));
  const [items, [{ total }]] = await Promise.all([
    db.select().from(activityEvents).where(where).orderBy(asc(activityEvents.createdAt), asc(activityEvents.id)).limit(pageQuery.limit).offset(pageQuery.offset),
    db.select({ total: count() }).from(activityEvents).where(where),
  ]);
  return { items, total };
}
