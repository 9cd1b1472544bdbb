import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { boards } from './boards';
import { createdAt, id, ts } from './columns';
import { tasks } from './tasks';

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const approvals = pgTable(
  'approvals',
  {
    id: id(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    /**
     * Primary (first) linked task. On task delete the application re-points it to the next linked
     * task or deletes the approval; the database only unlinks.
     */
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'set null' }),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    /** Free text, e.g. `task.complete`. */
    actionType: text('action_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>(),
    /** 0–100. */
    confidence: doublePrecision('confidence').notNull(),
    rubricScores: jsonb('rubric_scores').$type<Record<string, number>>(),
    status: text('status').$type<ApprovalStatus>().notNull().default('pending'),
    createdAt: createdAt(),
    /** Set when status becomes approved/rejected, cleared when reopened. */
    resolvedAt: ts('resolved_at'),
  },
  (t) => [
    index('ix_approvals_board_id_created_at').on(t.boardId, t.createdAt),
    index('ix_approvals_task_id').on(t.taskId),
    index('ix_approvals_agent_id').on(t.agentId),
    index('ix_approvals_status').on(t.status),
    check('ck_approvals_status', sql`${t.status} IN ('pending', 'approved', 'rejected')`),
    check('ck_approvals_confidence_range', sql`${t.confidence} BETWEEN 0 AND 100`),
  ],
);

export const approvalTaskLinks = pgTable(
  'approval_task_links',
  {
    id: id(),
    approvalId: uuid('approval_id')
      .notNull()
      .references(() => approvals.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    /** Insertion order (= the approval's task order); created_at ties inside one transaction. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('uq_approval_task_links_approval_id_task_id').on(t.approvalId, t.taskId),
    index('ix_approval_task_links_task_id').on(t.taskId),
  ],
);

export type Approval = typeof approvals.$inferSelect;
export type NewApproval = typeof approvals.$inferInsert;
export type ApprovalTaskLink = typeof approvalTaskLinks.$inferSelect;
export type NewApprovalTaskLink = typeof approvalTaskLinks.$inferInsert;
