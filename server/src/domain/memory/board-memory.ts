// Board memory: list and create (spec 2.15), with board chat notifications (spec 3.7).
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db, Queryable } from '../../db/client';
import { boardMemory, type Board, type BoardMemory } from '../../db/schema';
import { recordActivity } from '../activity/record';
import { chatAgentsOf, enqueueAgentNotices } from './notify';
import {
  authorName,
  BOARD_CHAT_ACTIVITY,
  boardChatMessage,
  boardChatNotices,
  isChatTags,
  memorySource,
  normalizeTags,
  NOTICE_REASON,
  type MemoryAuthor,
} from './rules';

export interface MemoryListQuery {
  is_chat?: boolean;
  limit: number;
  offset: number;
}

export interface MemoryInput {
  content: string;
  tags?: string[] | null;
  source?: string | null;
}

/** Rows whose content is blank are never listed. */
export const notBlank = (column: SQL | AnyPgColumn) => sql`btrim(${column}) <> ''`;

/** One page of a board's memory, newest first, and the total of the filter. */
export async function listBoardMemory(db: Queryable, boardId: string, query: MemoryListQuery): Promise<{ rows: BoardMemory[]; total: number }> {
  const where = and(
    eq(boardMemory.boardId, boardId),
    query.is_chat === undefined ? undefined : eq(boardMemory.isChat, query.is_chat),
    notBlank(boardMemory.content),
  );
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(boardMemory).where(where).orderBy(desc(boardMemory.createdAt), desc(boardMemory.id)).limit(query.limit).offset(query.offset),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(boardMemory).where(where),
  ]);
  return { rows, total };
}

/**
 * Saves a memory row; a chat row also messages the board's leads and mentioned agents (or, for
 * `/pause` and `/resume`, every agent) through `agent.notify` jobs recorded in the same
 * transaction, each carrying the activity its delivery records.
 */
export async function createBoardMemory(
  db: Db,
  input: { board: Board; author: MemoryAuthor; body: MemoryInput; baseUrl: string },
): Promise<{ row: BoardMemory; notified: number }> {
  const { board, author, body } = input;
  const tags = normalizeTags(body.tags);
  const isChat = isChatTags(tags);
  const authorAgentId = author.kind === 'agent' ? author.id : null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(boardMemory)
      .values({ boardId: board.id, content: body.content, tags, isChat, source: memorySource(body.source, isChat, author) })
      .returning();
    await recordActivity(tx, {
      eventType: isChat ? 'board.chat.message' : 'board.memory.created',
      message: isChat ? `${authorName(author)} wrote in board chat.` : `${authorName(author)} added a board memory note.`,
      boardId: board.id,
      agentId: authorAgentId,
    });
    if (!isChat) return { row, notified: 0 };
    const notices = boardChatNotices({ content: body.content, agents: await chatAgentsOf(tx, [board.id]), authorAgentId });
    const from = row.source ?? authorName(author);
    await enqueueAgentNotices(
      tx,
      board.organizationId,
      notices.map((n) => ({
        agent_id: n.agent.id,
        board_lead_of: null,
        message: boardChatMessage({ kind: n.kind, board, from, content: body.content, baseUrl: input.baseUrl }),
        deliver: n.kind === 'command',
        reason: NOTICE_REASON.board[n.kind],
        activity: { board_id: board.id, task_id: null, ...BOARD_CHAT_ACTIVITY },
      })),
    );
    return { row, notified: notices.length };
  });
}
