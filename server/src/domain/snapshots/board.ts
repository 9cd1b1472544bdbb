// The board snapshot (spec 3.10): everything a board page needs in one answer, loaded with a
// fixed number of statements whatever the number of tasks, agents or approvals (no N+1):
// tasks, agents, latest approvals, pending count and latest chat (5), then the task cards' and
// approvals' decorations in bulk (4, and 1 or 2) through the tasks and approvals read models;
// the cards are every task of the board, so their decorations are selected by board, not by id.
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { agents, approvals, boardMemory, tasks, type Board } from '../../db/schema';
import { presentAgent } from '../../presenters/agents';
import { presentBoard } from '../../presenters/boards';
import { presentBoardMemory } from '../../presenters/memory';
import { loadApprovalReads } from '../approvals/read-model';
import { loadTaskCards } from '../tasks/read-model';

/** Latest approvals and chat messages a snapshot carries. */
export const SNAPSHOT_APPROVALS = 200;
export const SNAPSHOT_CHAT_MESSAGES = 200;

export async function boardSnapshot(db: Queryable, board: Board, now = new Date()) {
  const [taskRows, agentRows, approvalRows, [pending], chatRows] = await Promise.all([
    db.select().from(tasks).where(eq(tasks.boardId, board.id)).orderBy(desc(tasks.createdAt), desc(tasks.id)),
    db.select().from(agents).where(eq(agents.boardId, board.id)).orderBy(desc(agents.createdAt), desc(agents.id)),
    db.select().from(approvals).where(eq(approvals.boardId, board.id)).orderBy(desc(approvals.createdAt), desc(approvals.id)).limit(SNAPSHOT_APPROVALS),
    db.select({ value: count() }).from(approvals).where(and(eq(approvals.boardId, board.id), eq(approvals.status, 'pending'))),
    db
      .select()
      .from(boardMemory)
      .where(and(eq(boardMemory.boardId, board.id), eq(boardMemory.isChat, true), sql`btrim(${boardMemory.content}) <> ''`))
      .orderBy(desc(boardMemory.createdAt), desc(boardMemory.id))
      .limit(SNAPSHOT_CHAT_MESSAGES),
  ]);
  const [cards, approvalReads] = await Promise.all([loadTaskCards(db, taskRows, { boardId: board.id }), loadApprovalReads(db, approvalRows)]);
  return {
    board: presentBoard(board),
    tasks: cards,
    agents: agentRows.map((a) => presentAgent(a, now)),
    approvals: approvalReads,
    // The latest messages, oldest first (chat order).
    chat_messages: chatRows.reverse().map(presentBoardMemory),
    pending_approvals_count: Number(pending?.value ?? 0),
  };
}
