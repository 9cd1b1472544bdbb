import { z } from 'zod';
import { BOARD_TYPES } from '../../domain/boards/rules';
import { DateTimeInput, NonEmpty } from '../../http/inputs';
import { PageQuery } from '../../http/pagination';

const Metrics = z.record(z.string(), z.unknown());
const text = (max = 10_000) => z.string().trim().max(max);

/** Fields a client may write, without defaults (shared by create and update). */
const writable = {
  name: NonEmpty('name is required', 200),
  slug: text(200),
  description: NonEmpty('description is required'),
  gateway_id: z.uuid().nullable(),
  board_group_id: z.uuid().nullable(),
  board_type: z.enum(BOARD_TYPES),
  objective: text().nullable(),
  success_metrics: Metrics.nullable(),
  target_date: DateTimeInput.nullable(),
  goal_confirmed: z.boolean(),
  goal_source: text(200).nullable(),
  require_approval_for_done: z.boolean(),
  require_review_before_done: z.boolean(),
  comment_required_for_review: z.boolean(),
  block_status_changes_with_pending_approval: z.boolean(),
  only_lead_can_change_status: z.boolean(),
  max_agents: z.number().int().min(0).max(1000),
};

export const BoardCreate = z
  .object({
    ...writable,
    slug: writable.slug.optional(),
    gateway_id: writable.gateway_id.optional(),
    board_group_id: writable.board_group_id.optional(),
    board_type: writable.board_type.default('goal'),
    objective: writable.objective.optional(),
    success_metrics: writable.success_metrics.optional(),
    target_date: writable.target_date.optional(),
    goal_confirmed: writable.goal_confirmed.default(false),
    goal_source: writable.goal_source.optional(),
    require_approval_for_done: writable.require_approval_for_done.default(true),
    require_review_before_done: writable.require_review_before_done.default(false),
    comment_required_for_review: writable.comment_required_for_review.default(false),
    block_status_changes_with_pending_approval: writable.block_status_changes_with_pending_approval.default(false),
    only_lead_can_change_status: writable.only_lead_can_change_status.default(false),
    max_agents: writable.max_agents.default(1),
  })
  .meta({ id: 'BoardCreate' });

/** Every field optional; a field left out is left alone, an explicit null clears nullable ones. */
export const BoardUpdate = z.object(Object.fromEntries(Object.entries(writable).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof writable]: z.ZodOptional<(typeof writable)[K]> }).meta({ id: 'BoardUpdate' });

export const BoardListQuery = PageQuery.extend({ gateway_id: z.uuid().optional(), board_group_id: z.uuid().optional() });
export const BoardParams = z.object({ board_id: z.uuid() });

const COLUMNS = {
  name: 'name',
  slug: 'slug',
  description: 'description',
  gateway_id: 'gatewayId',
  board_group_id: 'boardGroupId',
  board_type: 'boardType',
  objective: 'objective',
  success_metrics: 'successMetrics',
  target_date: 'targetDate',
  goal_confirmed: 'goalConfirmed',
  goal_source: 'goalSource',
  require_approval_for_done: 'requireApprovalForDone',
  require_review_before_done: 'requireReviewBeforeDone',
  comment_required_for_review: 'commentRequiredForReview',
  block_status_changes_with_pending_approval: 'blockStatusChangesWithPendingApproval',
  only_lead_can_change_status: 'onlyLeadCanChangeStatus',
  max_agents: 'maxAgents',
} as const;

/** The API body's present keys as schema columns (absent keys stay absent). */
export function toColumns(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMNS)) if (body[key] !== undefined) out[column] = body[key];
  return out;
}
