import { randomBytes } from 'node:crypto';
import { and, asc, eq, exists, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boardGroups, boards } from '../../db/schema';
import { slugify } from '../../domain/common/slug';
import { NonEmpty } from '../../http/inputs';
import { Page, PageQuery, page } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { boardsVisibleTo, grantAllows, groupFor, orgAdmin, orgMember } from '../../policies';
import { BoardGroupRead, presentBoardGroup } from '../../presenters/boards';
import { OkResponse, ok } from '../../presenters/common';

const tags = ['board-groups'];
const GroupParams = z.object({ group_id: z.uuid() });
const fields = {
  name: NonEmpty('name is required', 200),
  slug: z.string().trim().max(200),
  description: z.string().trim().max(10_000).nullable(),
};
const BoardGroupCreate = z
  .object({ name: fields.name, slug: fields.slug.optional(), description: fields.description.optional() })
  .meta({ id: 'BoardGroupCreate' });
const BoardGroupUpdate = z
  .object({ name: fields.name.optional(), slug: fields.slug.optional(), description: fields.description.optional() })
  .meta({ id: 'BoardGroupUpdate' });

const groupSlug = (value: string) => slugify(value) || randomBytes(4).toString('hex');

export const boardGroupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.services;

  app.get(
    '/api/v1/board-groups',
    { schema: { operationId: 'list_board_groups', tags, querystring: PageQuery, response: { 200: Page(BoardGroupRead, 'LimitOffsetPage_BoardGroupRead'), ...errors(...AUTHED, 403) } } },
    async (request) => {
      const { member, organizationId } = await orgMember(request);
      // Without org-wide read, only groups holding a board the member can read are listed.
      const visible = grantAllows(member, null, 'read')
        ? undefined
        : exists(db.select({ one: sql`1` }).from(boards).where(and(eq(boards.boardGroupId, boardGroups.id), boardsVisibleTo(member, 'read'))));
      const where = and(eq(boardGroups.organizationId, organizationId), visible);
      const rows = await db
        .select()
        .from(boardGroups)
        .where(where)
        .orderBy(sql`lower(${boardGroups.name})`, asc(boardGroups.createdAt), asc(boardGroups.id))
        .limit(request.query.limit)
        .offset(request.query.offset);
      const [{ total }] = await db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(boardGroups).where(where);
      return page(rows.map(presentBoardGroup), total, request.query);
    },
  );

  app.post(
    '/api/v1/board-groups',
    { schema: { operationId: 'create_board_group', tags, body: BoardGroupCreate, response: { 200: BoardGroupRead, ...errors(...AUTHED, 403) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const { name, slug, description } = request.body;
      const [group] = await db
        .insert(boardGroups)
        .values({ organizationId, name, slug: groupSlug(slug || name), description: description || null })
        .returning();
      return presentBoardGroup(group);
    },
  );

  app.get(
    '/api/v1/board-groups/:group_id',
    { schema: { operationId: 'get_board_group', tags, params: GroupParams, response: { 200: BoardGroupRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => presentBoardGroup((await groupFor(request, request.params.group_id, 'read')).group),
  );

  app.patch(
    '/api/v1/board-groups/:group_id',
    { schema: { operationId: 'update_board_group', tags, params: GroupParams, body: BoardGroupUpdate, response: { 200: BoardGroupRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { group } = await groupFor(request, request.params.group_id, 'write');
      await orgAdmin(request);
      const { name, slug, description } = request.body;
      const patch: Partial<typeof boardGroups.$inferInsert> = {};
      if (name !== undefined) patch.name = name;
      if (slug !== undefined) patch.slug = groupSlug(slug || name || group.name);
      if (description !== undefined) patch.description = description || null;
      if (!Object.keys(patch).length) return presentBoardGroup(group);
      const [updated] = await db.update(boardGroups).set(patch).where(eq(boardGroups.id, group.id)).returning();
      return presentBoardGroup(updated);
    },
  );

  app.delete(
    '/api/v1/board-groups/:group_id',
    { schema: { operationId: 'delete_board_group', tags, params: GroupParams, response: { 200: OkResponse, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { group } = await groupFor(request, request.params.group_id, 'write');
      await orgAdmin(request);
      // Boards are unlinked (ON DELETE SET NULL) and the group's memory goes with it (CASCADE).
      await db.delete(boardGroups).where(eq(boardGroups.id, group.id));
      return ok;
    },
  );
};
