import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { boards } from './boards';
import { createdAt, id, updatedAt } from './columns';

export interface OnboardingMessage {
  role: 'user' | 'assistant';
  content: string;
  /** ISO-8601 UTC. */
  timestamp: string;
}

export const boardOnboardingSessions = pgTable(
  'board_onboarding_sessions',
  {
    id: id(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    /** Gateway session used for the onboarding conversation. */
    sessionKey: text('session_key').notNull(),
    /** active → completed → confirmed. */
    status: text('status').notNull().default('active'),
    messages: jsonb('messages').$type<OnboardingMessage[]>(),
    draftGoal: jsonb('draft_goal').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ix_board_onboarding_sessions_board_id_created_at').on(t.boardId, t.createdAt),
    index('ix_board_onboarding_sessions_status').on(t.status),
    // The latest session of a board is the most recently updated one.
    index('ix_board_onboarding_sessions_board_id_updated_at').on(t.boardId, t.updatedAt),
    // Two concurrent starts cannot open two conversations for one board.
    uniqueIndex('uq_board_onboarding_sessions_active_board').on(t.boardId).where(sql`status = 'active'`),
  ],
);

export type BoardOnboardingSession = typeof boardOnboardingSessions.$inferSelect;
export type NewBoardOnboardingSession = typeof boardOnboardingSessions.$inferInsert;
