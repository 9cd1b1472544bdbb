import { z } from 'zod';
import type { BoardGroupMemory, BoardMemory } from '../db/schema';
import { iso, Timestamp, Uuid } from './common';

const memoryFields = {
  id: Uuid,
  content: z.string(),
  tags: z.array(z.string()).nullable(),
  source: z.string().nullable(),
  is_chat: z.boolean(),
  created_at: Timestamp,
};

export const BoardMemoryRead = z.object({ ...memoryFields, board_id: Uuid }).meta({ id: 'BoardMemoryRead' });
export const BoardGroupMemoryRead = z.object({ ...memoryFields, board_group_id: Uuid }).meta({ id: 'BoardGroupMemoryRead' });

export function presentBoardMemory(row: BoardMemory): z.infer<typeof BoardMemoryRead> {
  return { id: row.id, board_id: row.boardId, content: row.content, tags: row.tags ?? null, source: row.source, is_chat: row.isChat, created_at: iso(row.createdAt)! };
}

export function presentGroupMemory(row: BoardGroupMemory): z.infer<typeof BoardGroupMemoryRead> {
  return { id: row.id, board_group_id: row.boardGroupId, content: row.content, tags: row.tags ?? null, source: row.source, is_chat: row.isChat, created_at: iso(row.createdAt)! };
}
