import { sql } from 'drizzle-orm';
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { boards } from './boards';
import { createdAt, id } from './columns';
import { tasks } from './tasks';

/** Audit log; `task.comment` events are also the task comments (message = comment body). */
export const activityEvents = pgTable(
  'activity_events',
  {
    id: id(),
    eventType: text('event_type').notNull(),
    message: text('message'),
    /** Acting agent (NULL for users); kept as history with NULL when the agent is deleted. */
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    /** A task's events and comments go with the task. */
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'cascade' }),
    boardId: uuid('board_id').references(() => boards.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('ix_activity_events_event_type_created_at').on(t.eventType, t.createdAt),
    index('ix_activity_events_task_comments')
      .on(t.taskId, t.createdAt)
      .where(sql`${t.eventType} = 'task.comment'`),
    index('ix_activity_events_task_id').on(t.taskId),
    index('ix_activity_events_board_id_created_at').on(t.boardId, t.createdAt),
    index('ix_activity_events_agent_id').on(t.agentId),
    index('ix_activity_events_created_at').on(t.createdAt),
  ],
);

export type ActivityEvent = typeof activityEvents.$inferSelect;
export type NewActivityEvent = typeof activityEvents.$inferInsert;
