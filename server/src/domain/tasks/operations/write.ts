// Writing a decided task change inside the caller's transaction: columns, dependency edges, tags,
// custom field values, dependents sent back to the inbox, and the activity events.
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client';
import { tagAssignments, taskCustomFieldValues, taskDependencies, tasks, type NewTask } from '../../../db/schema';
import { recordActivity } from '../../activity/record';
import type { CustomFieldWrite } from '../custom-fields';
import type { DependentUpdate } from '../dependencies';
import type { ActivityEventDraft, TaskColumnChanges } from '../types';

/** The `tasks` columns for a rules change set (snake_case → the schema's field names). */
export function taskColumns(c: TaskColumnChanges): Partial<NewTask> {
  const out: Partial<NewTask> = {};
  if (c.title !== undefined) out.title = c.title;
  if (c.description !== undefined) out.description = c.description;
  if (c.status !== undefined) out.status = c.status;
  if (c.priority !== undefined) out.priority = c.priority;
  if (c.due_at !== undefined) out.dueAt = c.due_at;
  if (c.assigned_agent_id !== undefined) out.assignedAgentId = c.assigned_agent_id;
  if (c.in_progress_at !== undefined) out.inProgressAt = c.in_progress_at;
  if (c.previous_in_progress_at !== undefined) out.previousInProgressAt = c.previous_in_progress_at;
  if (c.done_at !== undefined) out.doneAt = c.done_at;
  if (c.updated_at !== undefined) out.updatedAt = c.updated_at;
  return out;
}

/**
 * Replaces the task's outgoing edges. Edges of one request get created_at one millisecond apart
 * so reads return them in the order they were given.
 */
export async function replaceDependencies(tx: Queryable, boardId: string, taskId: string, ids: readonly string[], now: Date): Promise<void> {
  await tx.delete(taskDependencies).where(eq(taskDependencies.taskId, taskId));
  if (ids.length === 0) return;
  await tx.insert(taskDependencies).values(
    ids.map((dependsOnTaskId, i) => ({ boardId, taskId, dependsOnTaskId, createdAt: new Date(now.getTime() + i) })),
  );
}

/** Replaces the task's tags; insertion order (the seq column) is the tag order. */
export async function replaceTags(tx: Queryable, taskId: string, ids: readonly string[]): Promise<void> {
  await tx.delete(tagAssignments).where(eq(tagAssignments.taskId, taskId));
  if (ids.length === 0) return;
  await tx.insert(tagAssignments).values(ids.map((tagId) => ({ taskId, tagId })));
}

export async function writeCustomFields(tx: Queryable, taskId: string, write: CustomFieldWrite, now: Date): Promise<void> {
  for (const definitionId of write.deletes) {
    await tx
      .delete(taskCustomFieldValues)
      .where(and(eq(taskCustomFieldValues.taskId, taskId), eq(taskCustomFieldValues.taskCustomFieldDefinitionId, definitionId)));
  }
  if (write.upserts.length === 0) return;
  await tx
    .insert(taskCustomFieldValues)
    .values(write.upserts.map((u) => ({ taskId, taskCustomFieldDefinitionId: u.definition_id, value: u.value })))
    .onConflictDoUpdate({
      target: [taskCustomFieldValues.taskId, taskCustomFieldValues.taskCustomFieldDefinitionId],
      set: { value: sql`excluded.value`, updatedAt: now },
    });
}

export async function applyDependentUpdates(tx: Queryable, updates: readonly DependentUpdate[]): Promise<void> {
  for (const u of updates) await tx.update(tasks).set(taskColumns(u.changes)).where(eq(tasks.id, u.task_id));
}

/**
 * Records the events of one change. With `at`, they get created_at `at`, `at`+1 ms, … so reads
 * ordered by created_at show them in the order given (a comment before the status change it
 * came with); without it, the transaction's now().
 */
export async function recordEvents(tx: Queryable, drafts: readonly ActivityEventDraft[], at?: Date) {
  return recordActivity(
    tx,
    ...drafts.map((d, i) => ({
      eventType: d.event_type,
      message: d.message,
      agentId: d.agent_id,
      taskId: d.task_id,
      boardId: d.board_id,
      ...(at ? { createdAt: new Date(at.getTime() + i) } : {}),
    })),
  );
}
