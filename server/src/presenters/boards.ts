import { Page } from '../http/pagination';
import { z } from 'zod';
import type { Board, BoardGroup } from '../db/schema';
import { iso, Timestamp, Uuid } from './common';

export const BoardRead = z
  .object({
    id: Uuid,
    organization_id: Uuid,
    name: z.string(),
    slug: z.string(),
    description: z.string(),
    gateway_id: Uuid.nullable(),
    board_group_id: Uuid.nullable(),
    board_type: z.string(),
    objective: z.string().nullable(),
    success_metrics: z.record(z.string(), z.unknown()).nullable(),
    target_date: Timestamp.nullable(),
    goal_confirmed: z.boolean(),
    goal_source: z.string().nullable(),
    require_approval_for_done: z.boolean(),
    require_review_before_done: z.boolean(),
    comment_required_for_review: z.boolean(),
    block_status_changes_with_pending_approval: z.boolean(),
    only_lead_can_change_status: z.boolean(),
    max_agents: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'BoardRead' });

export const BoardGroupRead = z
  .object({
    id: Uuid,
    organization_id: Uuid,
    name: z.string(),
    slug: z.string(),
    description: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'BoardGroupRead' });

/** The paginated board list (users' and agents' board discovery share it). */
export const BoardPage = Page(BoardRead, 'LimitOffsetPage_BoardRead');

export function presentBoard(board: Board): z.infer<typeof BoardRead> {
  return {
    id: board.id,
    organization_id: board.organizationId,
    name: board.name,
    slug: board.slug,
    description: board.description,
    gateway_id: board.gatewayId,
    board_group_id: board.boardGroupId,
    board_type: board.boardType,
    objective: board.objective,
    success_metrics: board.successMetrics ?? null,
    target_date: iso(board.targetDate),
    goal_confirmed: board.goalConfirmed,
    goal_source: board.goalSource,
    require_approval_for_done: board.requireApprovalForDone,
    require_review_before_done: board.requireReviewBeforeDone,
    comment_required_for_review: board.commentRequiredForReview,
    block_status_changes_with_pending_approval: board.blockStatusChangesWithPendingApproval,
    only_lead_can_change_status: board.onlyLeadCanChangeStatus,
    max_agents: board.maxAgents,
    created_at: iso(board.createdAt)!,
    updated_at: iso(board.updatedAt)!,
  };
}

export function presentBoardGroup(group: BoardGroup): z.infer<typeof BoardGroupRead> {
  return {
    id: group.id,
    organization_id: group.organizationId,
    name: group.name,
    slug: group.slug,
    description: group.description,
    created_at: iso(group.createdAt)!,
    updated_at: iso(group.updatedAt)!,
  };
}
