import { boolean, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { boardGroups, boards } from './boards';
import { createdAt, id } from './columns';

/** Board context entries and board chat (is_chat). */
export const boardMemory = pgTable(
  'board_memory',
  {
    id: id(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    content: text('content').notNull(),
    tags: jsonb('tags').$type<string[]>(),
    isChat: boolean('is_chat').notNull().default(false),
    source: text('source'),
    createdAt: createdAt(),
  },
  (t) => [index('ix_board_memory_board_id_is_chat_created_at').on(t.boardId, t.isChat, t.createdAt)],
);

/** Board-group context entries and group chat (is_chat). */
export const boardGroupMemory = pgTable(
  'board_group_memory',
  {
    id: id(),
    boardGroupId: uuid('board_group_id')
      .notNull()
      .references(() => boardGroups.id, { onDelete: 'cascade' }),
    content: text('content').notNull(),
    tags: jsonb('tags').$type<string[]>(),
    isChat: boolean('is_chat').notNull().default(false),
    source: text('source'),
    createdAt: createdAt(),
  },
  (t) => [
    index('ix_board_group_memory_group_id_is_chat_created_at').on(
      t.boardGroupId,
      t.isChat,
      t.createdAt,
    ),
  ],
);

export type BoardMemory = typeof boardMemory.$inferSelect;
export type NewBoardMemory = typeof boardMemory.$inferInsert;
export type BoardGroupMemory = typeof boardGroupMemory.$inferSelect;
export type NewBoardGroupMemory = typeof boardGroupMemory.$inferInsert;
