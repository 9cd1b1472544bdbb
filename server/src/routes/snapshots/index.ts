import { and, asc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../../db/client';
import { boardGroups, boards } from '../../db/schema';
import { boardSnapshot } from '../../domain/snapshots/board';
import { groupSnapshot } from '../../domain/snapshots/group';
import { agentOperation, BOARD_AGENTS, USER_OR_AGENT_SECURITY } from '../../http/agent-openapi';
import { trustedSerializerCompiler } from '../../http/trusted-serializer';
import { AUTHED, errors } from '../../http/route-schema';
import { actorBoardFor, boardsVisibleTo, groupFor } from '../../policies';
import { BoardGroupSnapshot, BoardSnapshot } from '../../presenters/snapshots';

const BoardParams = z.object({ board_id: z.uuid() });
const GroupParams = z.object({ group_id: z.uuid() });
const flag = z.stringbool().default(false);
const perBoardTaskLimit = z.coerce.number().int().min(0).max(100).default(5);
const GroupSnapshotQuery = z.object({ include_done: flag, per_board_task_limit: perBoardTaskLimit });
const BoardGroupSnapshotQuery = GroupSnapshotQuery.extend({ include_self: flag });

/** The boards of a group to show, by name: all of them, or those `visible` allows; minus `except`. */
function groupBoards(db: Queryable, groupId: string, visible?: SQL, except?: string) {
  return db
    .select()
    .from(boards)
    .where(and(eq(boards.boardGroupId, groupId), visible, except ? ne(boards.id, except) : undefined))
    .orderBy(sql`lower(${boards.name})`, asc(boards.createdAt), asc(boards.id));
}

/** Board and group snapshots: one answer per page, loaded with a fixed number of statements. */
export const snapshotRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.services;

  app.get(
    '/api/v1/boards/:board_id/snapshot',
    {
      schema: {
        operationId: 'get_board_snapshot',
        tags: ['boards'],
        description: "A board with all its tasks (as cards), agents, latest approvals and chat, in one response.",
        security: USER_OR_AGENT_SECURITY,
        params: BoardParams,
        response: { 200: BoardSnapshot, ...errors(...AUTHED, 403, 404) },
      },
      serializerCompiler: trustedSerializerCompiler,
    },
    async (request) => boardSnapshot(db, (await actorBoardFor(request, request.params.board_id, 'read')).board, new Date(), request.server.services.config.agents.offlineAfterMs),
  );

  app.get(
    '/api/v1/boards/:board_id/group-snapshot',
    {
      schema: {
        ...agentOperation({
          operationId: 'get_board_group_snapshot',
          intent: 'agent_board_group_snapshot',
          roles: BOARD_AGENTS,
          description: "The other boards of this board's group: task counts by status and the most relevant tasks of each.",
          whenToUse: 'To see what the other boards of your group are working on before coordinating with them.',
          requiredActor: 'user with board read, or an agent of the board',
          tags: ['boards'],
        }),
        security: USER_OR_AGENT_SECURITY,
        params: BoardParams,
        querystring: BoardGroupSnapshotQuery,
        response: { 200: BoardGroupSnapshot, ...errors(...AUTHED, 403, 404) },
      },
    },
    async (request) => {
      const { board, actor } = await actorBoardFor(request, request.params.board_id, 'read');
      const { include_self, include_done, per_board_task_limit } = request.query;
      if (!board.boardGroupId) return { group: null, boards: [] };
      const [group] = await db.select().from(boardGroups).where(eq(boardGroups.id, board.boardGroupId));
      if (!group) return { group: null, boards: [] };
      // A user sees the boards they can read; an agent of the group sees the group's boards.
      const visible = actor.kind === 'user' ? boardsVisibleTo(actor.member, 'read') : undefined;
      const shown = await groupBoards(db, group.id, visible, include_self ? undefined : board.id);
      return groupSnapshot(db, group, shown, { includeDone: include_done, perBoardTaskLimit: per_board_task_limit });
    },
  );

  app.get(
    '/api/v1/board-groups/:group_id/snapshot',
    {
      schema: {
        operationId: 'get_group_snapshot',
        tags: ['board-groups'],
        params: GroupParams,
        querystring: GroupSnapshotQuery,
        response: { 200: BoardGroupSnapshot, ...errors(...AUTHED, 403, 404) },
      },
    },
    async (request) => {
      const { group, context } = await groupFor(request, request.params.group_id, 'read');
      const shown = await groupBoards(db, group.id, boardsVisibleTo(context.member, 'read'));
      const { include_done, per_board_task_limit } = request.query;
      return groupSnapshot(db, group, shown, { includeDone: include_done, perBoardTaskLimit: per_board_task_limit });
    },
  );
};
