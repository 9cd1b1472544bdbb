import { z } from 'zod';
import { APPROVAL_STATUSES } from '../db/schema';
import { Timestamp, Uuid } from './common';

export const ApprovalStatusEnum = z.enum(APPROVAL_STATUSES);

export const ApprovalRead = z
  .object({
    id: Uuid,
    board_id: Uuid,
    action_type: z.string(),
    task_id: Uuid.nullable().meta({ description: 'The first linked task' }),
    task_ids: z.array(Uuid).meta({ description: 'Linked tasks in the order they were linked' }),
    task_titles: z.array(z.string()).meta({ description: 'Titles of the linked tasks that still exist, same order' }),
    payload: z.record(z.string(), z.unknown()).nullable(),
    confidence: z.number(),
    rubric_scores: z.record(z.string(), z.number().int()).nullable(),
    status: ApprovalStatusEnum,
    agent_id: Uuid.nullable().meta({ description: 'The agent that requested the approval (null: a user)' }),
    created_at: Timestamp,
    resolved_at: Timestamp.nullable(),
  })
  .meta({ id: 'ApprovalRead' });
export type ApprovalRead = z.infer<typeof ApprovalRead>;
