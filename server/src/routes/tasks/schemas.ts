import { z } from 'zod';
import { TASK_STATUSES, type TaskStatus } from '../../db/schema';
import { HttpError } from '../../http/errors';
import { DateTimeInput, NonEmpty } from '../../http/inputs';
import { PageQuery } from '../../http/pagination';
import { TaskStatusEnum } from '../../presenters/tasks';

export const BoardParams = z.object({ board_id: z.uuid() });
export const TaskParams = z.object({ board_id: z.uuid(), task_id: z.uuid() });

const CustomFieldValues = z
  .record(z.string(), z.unknown())
  .meta({ description: 'Values by field key; null clears a value. Only fields bound to the board.' });

export const TaskCreate = z
  .object({
    title: NonEmpty('title is required', 500),
    description: z.string().max(100_000).nullable().optional(),
    status: TaskStatusEnum.default('inbox'),
    priority: z.string().trim().min(1).max(50).default('medium'),
    due_at: DateTimeInput.nullable().optional(),
    assigned_agent_id: z.uuid().nullable().optional(),
    depends_on_task_ids: z.array(z.uuid()).max(500).default([]),
    tag_ids: z.array(z.uuid()).max(500).default([]),
    created_by_user_id: z
      .uuid()
      .nullable()
      .optional()
      .meta({ description: 'Ignored: the creator is always the signed-in user.' }),
    custom_field_values: CustomFieldValues.default({}),
  })
  .meta({ id: 'TaskCreate' });
export type TaskCreate = z.infer<typeof TaskCreate>;

/** PATCH: an absent key leaves the value unchanged, an explicit null clears it. */
export const TaskUpdate = z
  .object({
    title: NonEmpty('title is required', 500).optional(),
    description: z.string().max(100_000).nullable().optional(),
    status: TaskStatusEnum.nullable().optional().meta({ description: 'null is refused with 422 "status is required"' }),
    priority: z.string().trim().min(1).max(50).optional(),
    due_at: DateTimeInput.nullable().optional(),
    assigned_agent_id: z.uuid().nullable().optional(),
    depends_on_task_ids: z.array(z.uuid()).max(500).optional(),
    tag_ids: z.array(z.uuid()).max(500).optional(),
    custom_field_values: CustomFieldValues.optional(),
    comment: z.string().max(100_000).nullable().optional().meta({ description: 'Stored as a task comment; blank = absent' }),
  })
  .meta({ id: 'TaskUpdate' });
export type TaskUpdate = z.infer<typeof TaskUpdate>;

const BoolQuery = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

export const TaskListQuery = PageQuery.extend({
  status: z.string().max(200).optional().meta({ description: 'Comma-separated: inbox,in_progress,review,done' }),
  assigned_agent_id: z.uuid().optional(),
  unassigned: BoolQuery.optional(),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

/** The status filter as a list; 422 "Unsupported task status filter." for an unknown value. */
export function parseStatusFilter(value: string | undefined): TaskStatus[] | null {
  if (value === undefined || value.trim() === '') return null;
  const parts = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
  if (parts.some((p) => !(TASK_STATUSES as readonly string[]).includes(p))) {
    throw new HttpError(422, 'Unsupported task status filter.');
  }
  return parts as TaskStatus[];
}

export const TaskCommentCreate = z
  .object({ message: NonEmpty('message is required', 50_000) })
  .meta({ id: 'TaskCommentCreate' });

/** 409 of task create/update: a blocked transition (with `code`), a board gate, or a dependency conflict. */
export const TaskConflictResponse = z
  .object({
    detail: z.union([
      z.string(),
      z.looseObject({
        message: z.string(),
        code: z.literal('task_blocked_cannot_transition').optional(),
        blocked_by_task_ids: z.array(z.uuid()),
      }),
    ]),
    request_id: z.string().optional(),
  })
  .meta({ id: 'TaskConflictResponse', description: 'Blocked by dependencies (code task_blocked_cannot_transition), a board gate, or a dependency cycle' });
