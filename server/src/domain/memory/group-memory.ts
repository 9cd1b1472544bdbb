// Board-group memory: list and create (spec 2.13), with group chat notifications (spec 3.8).
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client';
import { boardGroupMemory, boards, type BoardGroup, type BoardGroupMemory } from '../../db/schema';
import { notBlank, type MemoryInput, type MemoryListQuery } from './board-memory';
import { chatAgentsOf, enqueueAgentNotices } from './notify';
import { authorName, GROUP_CHAT_ACTIVITY, groupChatMessage, groupChatNotices, groupDelivery, isChatTags, memorySource, normalizeTags, NOTICE_REASON, type MemoryAuthor } from './rules';

/** One page of a group's memory, newest first, and the total of the filter. */
export async function listGroupMemory(db: Queryable, groupId: string, query: MemoryListQuery): Promise<{ rows: BoardGroupMemory[]; total: number }> {
  const where = and(
    eq(boardGroupMemory.boardGroupId, groupId),
    query.is_chat === undefined ? undefined : eq(boardGroupMemory.isChat, query.is_chat),
    notBlank(boardGroupMemory.content),
  );
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(boardGroupMemory).where(where).orderBy(desc(boardGroupMemory.createdAt), desc(boardGroupMemory.id)).limit(query.limit).offset(query.offset),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(boardGroupMemory).where(where),
  ]);
  return { rows, total };
}

/**
 * Saves a group memory row. Chat rows, `broadcast`-tagged rows and `@all` messages notify agents
 * on the group's boards (all of them for a broadcast, else leads and mentioned agents), each
 * through an `agent.notify` job recorded in the same transaction with the activity it records on
 * the target agent's board.
 */
export async function createGroupMemory(
  db: Db,
  input: { group: BoardGroup; author: MemoryAuthor; body: MemoryInput; baseUrl: string },
): Promise<{ row: BoardGroupMemory; notified: number }> {
  const { group, author, body } = input;
  const tags = normalizeTags(body.tags);
  const isChat = isChatTags(tags);
  const authorAgentId = author.kind === 'agent' ? author.id : null;
  return db.transaction(async (tx) => {
    const notify = (await tx.select({ id: boards.id }).from(boards).where(eq(boards.boardGroupId, group.id))).map((b) => b.id);
    const notices = groupChatNotices({ content: body.content, tags, agents: await chatAgentsOf(tx, notify), authorAgentId });
    // A notifying row is signed like a chat row even without the `chat` tag (a broadcast).
    const source = memorySource(body.source, groupDelivery(body.content, tags).notify, author);
    const [row] = await tx.insert(boardGroupMemory).values({ boardGroupId: group.id, content: body.content, tags, isChat, source }).returning();
    const from = source ?? authorName(author);
    await enqueueAgentNotices(
      tx,
      group.organizationId,
      notices.map((n) => ({
        agent_id: n.agent.id,
        board_lead_of: null,
        message: groupChatMessage({ kind: n.kind, group, agentBoardId: n.agent.board_id!, from, content: body.content, baseUrl: input.baseUrl }),
        deliver: false,
        reason: NOTICE_REASON.group[n.kind],
        activity: { board_id: n.agent.board_id!, task_id: null, ...GROUP_CHAT_ACTIVITY },
      })),
    );
    return { row, notified: notices.length };
  });
}
