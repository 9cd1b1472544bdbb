import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createBoardMemory, listBoardMemory } from '../../domain/memory/board-memory';
import { agentOperation, BOARD_AGENTS, USER_OR_AGENT_SECURITY } from '../../http/agent-openapi';
import { Page, page } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import type { Board } from '../../db/schema';
import type { MemoryAuthor } from '../../domain/memory/rules';
import { actorBoardFor, agentBoardFor } from '../../policies';

import { BoardMemoryRead, presentBoardMemory } from '../../presenters/memory';
import { groupMemoryRoutes } from './group';
import { BoardMemoryCreate, BoardParams, MemoryListQuery, memoryAuthor } from './schemas';

const tags = ['board-memory'];
const MemoryPage = Page(BoardMemoryRead, 'LimitOffsetPage_BoardMemoryRead');

/** Board memory (context notes and board chat) for users and agents, and group memory. */
export const memoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, worker } = app.services;

  const list = async (board: Board, query: { is_chat?: boolean; limit: number; offset: number }) => {
    const { rows, total } = await listBoardMemory(db, board.id, query);
    return page(rows.map(presentBoardMemory), total, query);
  };
  const create = async (board: Board, author: MemoryAuthor, body: { content: string; tags?: string[] | null; source?: string | null }) => {
    const { row, notified } = await createBoardMemory(db, { board, author, body, baseUrl: config.baseUrl });
    if (notified) worker.wake();
    return presentBoardMemory(row);
  };

  app.get(
    '/api/v1/boards/:board_id/memory',
    { schema: { operationId: 'list_board_memory', tags, security: USER_OR_AGENT_SECURITY, params: BoardParams, querystring: MemoryListQuery, response: { 200: MemoryPage, ...errors(...AUTHED, 403, 404) } } },
    async (request) => list((await actorBoardFor(request, request.params.board_id, 'read')).board, request.query),
  );

  app.post(
    '/api/v1/boards/:board_id/memory',
    { schema: { operationId: 'create_board_memory', tags, security: USER_OR_AGENT_SECURITY, params: BoardParams, body: BoardMemoryCreate, response: { 200: BoardMemoryRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { board, actor } = await actorBoardFor(request, request.params.board_id, 'write');
      return create(board, memoryAuthor(actor), request.body);
    },
  );

  app.get(
    '/api/v1/agent/boards/:board_id/memory',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_list_board_memory',
          intent: 'agent_board_memory_discovery',
          roles: BOARD_AGENTS,
          description: "Lists the board's memory newest first: context notes and, with is_chat=true, the board chat.",
          whenToUse: 'To read board context or catch up on the board chat before acting.',
          tags,
        }),
        params: BoardParams,
        querystring: MemoryListQuery,
        response: { 200: MemoryPage, ...errors(...AUTHED, 403, 404, 429) },
      },
    },
    async (request) => list((await agentBoardFor(request, request.params.board_id)).board, request.query),
  );

  app.post(
    '/api/v1/agent/boards/:board_id/memory',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_create_board_memory',
          intent: 'agent_board_memory_record',
          roles: BOARD_AGENTS,
          description: 'Records a board memory entry. With tags ["chat"] it is a board chat message that the lead and mentioned agents receive.',
          whenToUse: 'To save durable board context, or to reply in the board chat (tags ["chat"]).',
          whenNotToUse: 'For progress on a task: comment on the task instead.',
          sideEffects: 'Chat messages notify the board lead and @mentioned agents.',
          tags,
        }),
        params: BoardParams,
        body: BoardMemoryCreate,
        response: { 200: BoardMemoryRead, ...errors(...AUTHED, 403, 404, 429) },
      },
    },
    async (request) => {
      const { board, actor } = await agentBoardFor(request, request.params.board_id);
      return create(board, memoryAuthor(actor), request.body);
    },
  );

  await app.register(groupMemoryRoutes);
};
