import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from './columns';
import { gateways } from './gateways';
import { organizations } from './organizations';

export const boardGroups = pgTable(
  'board_groups',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ix_board_groups_organization_id').on(t.organizationId),
    index('ix_board_groups_slug').on(t.slug),
  ],
);

export const boards = pgTable(
  'boards',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description').notNull().default(''),
    // Required by the API, nullable here so deleting a gateway can never fail on this reference
    // (the application refuses or cleans up first; the database only unlinks).
    gatewayId: uuid('gateway_id').references(() => gateways.id, { onDelete: 'set null' }),
    boardGroupId: uuid('board_group_id').references(() => boardGroups.id, {
      onDelete: 'set null',
    }),
    boardType: text('board_type').notNull().default('goal'),
    objective: text('objective'),
    successMetrics: jsonb('success_metrics').$type<Record<string, unknown>>(),
    targetDate: ts('target_date'),
    goalConfirmed: boolean('goal_confirmed').notNull().default(false),
    goalSource: text('goal_source'),
    requireApprovalForDone: boolean('require_approval_for_done').notNull().default(true),
    requireReviewBeforeDone: boolean('require_review_before_done').notNull().default(false),
    commentRequiredForReview: boolean('comment_required_for_review').notNull().default(false),
    blockStatusChangesWithPendingApproval: boolean('block_status_changes_with_pending_approval')
      .notNull()
      .default(false),
    onlyLeadCanChangeStatus: boolean('only_lead_can_change_status').notNull().default(false),
    /** Cap on worker agents (the lead is not counted). */
    maxAgents: integer('max_agents').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ix_boards_organization_id').on(t.organizationId),
    index('ix_boards_slug').on(t.slug),
    index('ix_boards_gateway_id').on(t.gatewayId),
    index('ix_boards_board_group_id').on(t.boardGroupId),
    index('ix_boards_board_type').on(t.boardType),
    check('ck_boards_max_agents_non_negative', sql`${t.maxAgents} >= 0`),
  ],
);

export type BoardGroup = typeof boardGroups.$inferSelect;
export type NewBoardGroup = typeof boardGroups.$inferInsert;
export type Board = typeof boards.$inferSelect;
export type NewBoard = typeof boards.$inferInsert;
