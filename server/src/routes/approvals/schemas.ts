import { z } from 'zod';
import { NonEmpty } from '../../http/inputs';
import { PageQuery } from '../../http/pagination';
import { ApprovalStatusEnum } from '../../presenters/approvals';

export const BoardParams = z.object({ board_id: z.uuid() });
export const ApprovalParams = z.object({ board_id: z.uuid(), approval_id: z.uuid() });

export const ApprovalCreate = z
  .object({
    action_type: NonEmpty('action_type is required', 200).meta({ description: 'What needs approving, e.g. task.complete' }),
    task_id: z.uuid().nullable().optional(),
    task_ids: z.array(z.uuid()).max(200).default([]),
    payload: z
      .record(z.string(), z.unknown())
      .nullable()
      .optional()
      .meta({ description: 'Must carry a non-blank `reason` (or `decision.reason`) unless lead_reasoning is given. Task ids found here (task_id, task_ids) are linked too.' }),
    confidence: z.number().min(0).max(100),
    rubric_scores: z.record(z.string(), z.number().int()).nullable().optional(),
    status: ApprovalStatusEnum.default('pending').meta({ description: 'Agents may only create pending approvals' }),
    agent_id: z.uuid().nullable().optional().meta({ description: 'Ignored: the author is the authenticated agent (null for users).' }),
    lead_reasoning: z.string().max(20_000).nullable().optional().meta({ description: 'Copied into payload.reason when the payload has none' }),
  })
  .meta({ id: 'ApprovalCreate' });
export type ApprovalCreate = z.infer<typeof ApprovalCreate>;

export const ApprovalUpdate = z
  .object({ status: ApprovalStatusEnum.nullable().optional().meta({ description: 'null is refused with 422 "status is required"' }) })
  .meta({ id: 'ApprovalUpdate' });

export const ApprovalListQuery = PageQuery.extend({ status: ApprovalStatusEnum.optional() });
export type ApprovalListQuery = z.infer<typeof ApprovalListQuery>;
