import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { boards, type NewBoard } from '../../db/schema';
import { slugify } from '../../domain/common/slug';
import { createBoard, deleteBoard, updateBoard } from '../../domain/boards/operations';
import { Page, page } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { boardAccessFor, boardFor, boardsVisibleTo, orgAdmin, orgMember } from '../../policies';
import { BoardPage, BoardRead, presentBoard } from '../../presenters/boards';
import { OkResponse, ok } from '../../presenters/common';
import { BoardCreate, BoardListQuery, BoardParams, BoardUpdate, toColumns } from './schemas';

const tags = ['boards'];

export const boardRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.services;

  app.get(
    '/api/v1/boards',
    { schema: { operationId: 'list_boards', tags, querystring: BoardListQuery, response: { 200: BoardPage, ...errors(...AUTHED, 403) } } },
    async (request) => {
      const { member } = await orgMember(request);
      const { gateway_id, board_group_id, limit, offset } = request.query;
      const where = and(
        boardsVisibleTo(member, 'read'),
        gateway_id ? eq(boards.gatewayId, gateway_id) : undefined,
        board_group_id ? eq(boards.boardGroupId, board_group_id) : undefined,
      );
      const rows = await db
        .select()
        .from(boards)
        .where(where)
        .orderBy(sql`lower(${boards.name})`, desc(boards.createdAt), asc(boards.id))
        .limit(limit)
        .offset(offset);
      const [{ total }] = await db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(boards).where(where);
      return page(rows.map(presentBoard), total, request.query);
    },
  );

  app.post(
    '/api/v1/boards',
    { schema: { operationId: 'create_board', tags, body: BoardCreate, response: { 200: BoardRead, ...errors(...AUTHED, 403) } } },
    async (request) => {
      const { organizationId, member } = await orgAdmin(request);
      const body = request.body;
      const values = { ...toColumns(body), organizationId, slug: slugify(body.slug || body.name) || 'board' } as NewBoard;
      return presentBoard(await createBoard(db, values, member));
    },
  );

  app.get(
    '/api/v1/boards/:board_id',
    { schema: { operationId: 'get_board', tags, params: BoardParams, response: { 200: BoardRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => presentBoard(await boardFor(request, request.params.board_id, 'read')),
  );

  app.patch(
    '/api/v1/boards/:board_id',
    { schema: { operationId: 'update_board', tags, params: BoardParams, body: BoardUpdate, response: { 200: BoardRead, ...errors(...AUTHED, 403, 404, 409) } } },
    async (request) => {
      const board = await boardFor(request, request.params.board_id, 'write');
      const patch = toColumns(request.body) as Partial<NewBoard>;
      if (request.body.slug !== undefined) patch.slug = slugify(request.body.slug || request.body.name || board.name) || 'board';
      return presentBoard(await updateBoard(app.services, board, patch));
    },
  );

  app.delete(
    '/api/v1/boards/:board_id',
    { schema: { operationId: 'delete_board', tags, params: BoardParams, response: { 200: OkResponse, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { board } = await boardAccessFor(request, request.params.board_id, 'admin');
      await deleteBoard(app.services, board);
      return ok;
    },
  );
};
