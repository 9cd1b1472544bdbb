// The board snapshot (spec 3.10): everything a board page needs in one answer, loaded with a
// fixed number of statements whatever the number of tasks, agents or approvals (no N+1), all
// started at once: the task cards (5, selected by board), agents, pending count and latest chat
// (3), and the latest approvals followed by their task links (2, or 3 with legacy approvals).
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { agents, approvals, boardMemory, type Board } from '../../db/schema';
import { presentAgent } from '../../presenters/agents';
import { presentBoard } from '../../presenters/boards';
import { presentBoardMemory } from '../../presenters/memory';
import { loadApprovalReads } from '../approvals/read-model';
import { loadBoardTaskCards } from '../tasks/cards';

/** Latest approvals and chat messages a snapshot carries. */
export const SNAPSHOT_APPROVALS = 200;
export const SNAPSHOT_CHAT_MESSAGES = 200;

export async function boardSnapshot(db: Queryable, board: Board, now = new Date(), offlineAfterMs?: number) {
  const [cards, agentRows, approvalReads, [pending], chatRows] = await Promise.all([
    loadBoardTaskCards(db, board.id),
    db.select().from(agents).where(eq(agents.boardId, board.id)).orderBy(desc(agents.createdAt), desc(agents.id)),
    db
      .select()
      .from(approvals)
      .where(eq(approvals.boardId, board.id))
      .orderBy(desc(approvals.createdAt), desc(approvals.id))
      .limit(SNAPSHOT_APPROVALS)
      .then((rows) => loadApprovalReads(db, rows)),
    db.select({ value: count() }).from(approvals).where(and(eq(approvals.boardId, board.id), eq(approvals.status, 'pending'))),
    db
      .select()
      .from(boardMemory)
      .where(and(eq(boardMemory.boardId, board.id), eq(boardMemory.isChat, true), sql`btrim(${boardMemory.content}) <> ''`))
      .orderBy(desc(boardMemory.createdAt), desc(boardMemory.id))
      .limit(SNAPSHOT_CHAT_MESSAGES),
  ]);
  return {
    board: presentBoard(board),
    tasks: cards,
    agents: agentRows.map((a) => presentAgent(a, { now, offlineAfterMs })),
    approvals: approvalReads,
    // The latest messages, oldest first (chat order).
    chat_messages: chatRows.reverse().map(presentBoardMemory),
    pending_approvals_count: Number(pending?.value ?? 0),
  };
}
