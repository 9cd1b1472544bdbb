import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
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
  ],
);

export type BoardOnboardingSession = typeof boardOnboardingSessions.$inferSelect;
export type NewBoardOnboardingSession = typeof boardOnboardingSessions.$inferInsert;
