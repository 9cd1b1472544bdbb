import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { boardGroups } from '../../db/schema';
import { createGroupMemory, listGroupMemory } from '../../domain/memory/group-memory';
import { agentOperation, BOARD_AGENTS, USER_OR_AGENT_SECURITY } from '../../http/agent-openapi';
import { HttpError } from '../../http/errors';
import { Page, page } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { actorBoardFor, groupFor } from '../../policies';
import { BoardGroupMemoryRead, presentGroupMemory } from '../../presenters/memory';
import { BoardGroupMemoryCreate, BoardParams, GroupParams, MemoryListQuery, memoryAuthor } from './schemas';

const tags = ['board-group-memory'];
const GroupMemoryPage = Page(BoardGroupMemoryRead, 'LimitOffsetPage_BoardGroupMemoryRead');

/** Group memory: by group for members, and through a board for its users and agents. */
export const groupMemoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, worker } = app.services;
  const emptyPage = (query: { limit: number; offset: number }) => page([], 0, query);

  app.get(
    '/api/v1/board-groups/:group_id/memory',
    { schema: { operationId: 'list_board_group_memory', tags, params: GroupParams, querystring: MemoryListQuery, response: { 200: GroupMemoryPage, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { group } = await groupFor(request, request.params.group_id, 'read');
      const { rows, total } = await listGroupMemory(db, group.id, request.query);
      return page(rows.map(presentGroupMemory), total, request.query);
    },
  );

  app.post(
    '/api/v1/board-groups/:group_id/memory',
    { schema: { operationId: 'create_board_group_memory', tags, params: GroupParams, body: BoardGroupMemoryCreate, response: { 200: BoardGroupMemoryRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { group, context } = await groupFor(request, request.params.group_id, 'write');
      const author = { kind: 'user' as const, name: context.user.name, preferred_name: context.user.preferredName };
      const { row, notified } = await createGroupMemory(db, { group, author, body: request.body, baseUrl: config.baseUrl });
      if (notified) worker.wake();
      return presentGroupMemory(row);
    },
  );

  app.get(
    '/api/v1/boards/:board_id/group-memory',
    {
      schema: {
        ...agentOperation({
          operationId: 'list_board_group_memory_for_board',
          intent: 'agent_board_group_memory_discovery',
          roles: BOARD_AGENTS,
          description: "Lists the memory of the board's group newest first (empty when the board is in no group).",
          whenToUse: 'To read cross-board context or the group chat (is_chat=true).',
          requiredActor: 'user with board read, or an agent of the board',
          tags,
        }),
        security: USER_OR_AGENT_SECURITY,
        params: BoardParams,
        querystring: MemoryListQuery,
        response: { 200: GroupMemoryPage, ...errors(...AUTHED, 403, 404) },
      },
    },
    async (request) => {
      const { board } = await actorBoardFor(request, request.params.board_id, 'read');
      if (!board.boardGroupId) return emptyPage(request.query);
      const { rows, total } = await listGroupMemory(db, board.boardGroupId, request.query);
      return page(rows.map(presentGroupMemory), total, request.query);
    },
  );

  app.post(
    '/api/v1/boards/:board_id/group-memory',
    {
      schema: {
        ...agentOperation({
          operationId: 'create_board_group_memory_for_board',
          intent: 'agent_board_group_memory_record',
          roles: BOARD_AGENTS,
          description: "Records an entry in the board's group memory. tags [\"chat\"] posts to the group chat; tag \"broadcast\" or @all reaches every agent of the group.",
          whenToUse: 'To share context or talk with agents on the other boards of your group.',
          whenNotToUse: 'For your own board only: use the board memory instead.',
          requiredActor: 'user with board write, or an agent of the board',
          sideEffects: 'Chat messages notify the group\'s board leads and @mentioned agents; broadcasts notify every agent of the group.',
          tags,
        }),
        security: USER_OR_AGENT_SECURITY,
        params: BoardParams,
        body: BoardGroupMemoryCreate,
        response: { 200: BoardGroupMemoryRead, ...errors(...AUTHED, 403, 404) },
      },
    },
    async (request) => {
      const { board, actor } = await actorBoardFor(request, request.params.board_id, 'write');
      if (!board.boardGroupId) throw new HttpError(422, 'Board is not in a board group');
      const [group] = await db.select().from(boardGroups).where(eq(boardGroups.id, board.boardGroupId));
      if (!group) throw new HttpError(404, 'Not Found');
      const { row, notified } = await createGroupMemory(db, { group, author: memoryAuthor(actor), body: request.body, baseUrl: config.baseUrl });
      if (notified) worker.wake();
      return presentGroupMemory(row);
    },
  );
};
