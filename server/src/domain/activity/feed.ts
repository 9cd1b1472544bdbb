// The activity feed and the task-comment feed (spec 2.9): reads scoped to what the caller may see.
import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { activityEvents, agents, boards, tasks, type ActivityEvent } from '../../db/schema';

export interface Paging {
  limit: number;
  offset: number;
}

/** Who is reading: an agent sees its own events; a user the events of boards it may read. */
export type FeedScope = { kind: 'agent'; agentId: string } | { kind: 'boards'; visible: SQL };

export interface FeedRow {
  event: ActivityEvent;
  /** The event's board, or its task's board. */
  boardId: string | null;
}

const boardIdsWhere = (db: Queryable, visible: SQL) => db.select({ id: boards.id }).from(boards).where(visible);

/** One page of events newest first, and the total the scope allows. */
export async function activityFeed(db: Queryable, scope: FeedScope, paging: Paging): Promise<{ rows: FeedRow[]; total: number }> {
  const where =
    scope.kind === 'agent'
      ? eq(activityEvents.agentId, scope.agentId)
      : or(
          inArray(activityEvents.boardId, boardIdsWhere(db, scope.visible)),
          and(isNull(activityEvents.boardId), inArray(tasks.boardId, boardIdsWhere(db, scope.visible))),
        );
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ event: activityEvents, boardId: sql<string | null>`coalesce(${activityEvents.boardId}, ${tasks.boardId})` })
      .from(activityEvents)
      .leftJoin(tasks, eq(tasks.id, activityEvents.taskId))
      .where(where)
      .orderBy(desc(activityEvents.createdAt), desc(activityEvents.id))
      .limit(paging.limit)
      .offset(paging.offset),
    db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(activityEvents)
      .leftJoin(tasks, eq(tasks.id, activityEvents.taskId))
      .where(where),
  ]);
  return { rows, total };
}

export interface CommentFeedItem {
  id: string;
  created_at: Date;
  message: string;
  agent_id: string | null;
  agent_name: string | null;
  agent_role: string | null;
  task_id: string;
  task_title: string;
  board_id: string;
  board_name: string;
}

/** Task comments (non-blank) on the boards the condition selects, newest first. */
export async function taskCommentFeed(db: Queryable, visible: SQL, paging: Paging): Promise<{ rows: CommentFeedItem[]; total: number }> {
  const where = and(eq(activityEvents.eventType, 'task.comment'), sql`btrim(coalesce(${activityEvents.message}, '')) <> ''`, visible);
  const base = () =>
    db
      .select({
        id: activityEvents.id,
        created_at: activityEvents.createdAt,
        message: sql<string>`${activityEvents.message}`,
        agent_id: activityEvents.agentId,
        agent_name: agents.name,
        agent_role: sql<string | null>`${agents.identityProfile} ->> 'role'`,
        task_id: tasks.id,
        task_title: tasks.title,
        board_id: boards.id,
        board_name: boards.name,
      })
      .from(activityEvents)
      .innerJoin(tasks, eq(tasks.id, activityEvents.taskId))
      .innerJoin(boards, eq(boards.id, tasks.boardId))
      .leftJoin(agents, eq(agents.id, activityEvents.agentId))
      .where(where);
  const [rows, [{ total }]] = await Promise.all([
    base().orderBy(desc(activityEvents.createdAt), desc(activityEvents.id)).limit(paging.limit).offset(paging.offset),
    db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(activityEvents)
      .innerJoin(tasks, eq(tasks.id, activityEvents.taskId))
      .innerJoin(boards, eq(boards.id, tasks.boardId))
      .where(where),
  ]);
  return { rows, total };
}
