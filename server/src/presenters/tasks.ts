import { z } from 'zod';
import { TASK_STATUSES, type ActivityEvent } from '../db/schema';
import { iso, Timestamp, Uuid } from './common';
import { TagRef } from './tags';

export const TaskStatusEnum = z.enum(TASK_STATUSES);

const taskFields = {
  id: Uuid,
  board_id: Uuid,
  title: z.string(),
  description: z.string().nullable(),
  status: TaskStatusEnum,
  priority: z.string(),
  due_at: Timestamp.nullable(),
  assigned_agent_id: Uuid.nullable(),
  created_by_user_id: Uuid.nullable(),
  in_progress_at: Timestamp.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
  depends_on_task_ids: z.array(Uuid).meta({ description: 'Dependencies in the order they were added' }),
  tag_ids: z.array(Uuid),
  tags: z.array(TagRef),
  blocked_by_task_ids: z
    .array(Uuid)
    .meta({ description: 'Dependencies that are not done (always empty for a done task)' }),
  is_blocked: z.boolean(),
};

/** A task with its dependencies, tags, blocked state and custom field values (spec 2.0). */
export const TaskRead = z
  .object({
    ...taskFields,
    custom_field_values: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'Every field bound to the board: stored value, else the default' }),
  })
  .meta({ id: 'TaskRead' });
export type TaskRead = z.infer<typeof TaskRead>;

/** A board snapshot card: TaskRead plus assignee name and approval counts, no custom fields. */
export const TaskCardRead = z
  .object({
    ...taskFields,
    custom_field_values: z.null(),
    assignee: z.string().nullable(),
    approvals_count: z.number().int(),
    approvals_pending_count: z.number().int(),
  })
  .meta({ id: 'TaskCardRead' });
export type TaskCardRead = z.infer<typeof TaskCardRead>;

export const TaskCommentRead = z
  .object({
    id: Uuid,
    message: z.string().nullable(),
    agent_id: Uuid.nullable(),
    task_id: Uuid.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'TaskCommentRead' });
export type TaskCommentRead = z.infer<typeof TaskCommentRead>;

export function presentComment(event: ActivityEvent): TaskCommentRead {
  return {
    id: event.id,
    message: event.message,
    agent_id: event.agentId,
    task_id: event.taskId,
    created_at: iso(event.createdAt)!,
  };
}
