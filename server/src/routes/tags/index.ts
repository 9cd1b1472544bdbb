import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../../db/client';
import { tags as tagTable, type Tag } from '../../db/schema';
import { DEFAULT_TAG_COLOR, normalizeColor, tagSlug } from '../../domain/tags/rules';
import { isUniqueViolation } from '../../http/db-errors';
import { conflict, HttpError, invalidField } from '../../http/errors';
import { NonEmpty } from '../../http/inputs';
import { Page, PageQuery, page } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { orgAdmin, orgMember } from '../../policies';
import { OkResponse, ok } from '../../presenters/common';
import { presentTag, TagRead } from '../../presenters/tags';

const tags = ['tags'];
const TagParams = z.object({ tag_id: z.uuid() });
const Color = z
  .string()
  .max(20)
  .transform((value, ctx) => {
    const result = normalizeColor(value);
    if ('error' in result) {
      ctx.addIssue({ code: 'custom', message: result.error });
      return z.NEVER;
    }
    return result.color;
  });
const fields = {
  name: NonEmpty('name is required', 200),
  slug: z.string().max(200).nullable(),
  color: Color,
  description: z.string().trim().max(10_000).nullable(),
};
const TagCreate = z
  .object({ name: fields.name, slug: fields.slug.optional(), color: fields.color.default(DEFAULT_TAG_COLOR), description: fields.description.optional() })
  .meta({ id: 'TagCreate' });
const TagUpdate = z
  .object({ name: fields.name.optional(), slug: fields.slug.optional(), color: fields.color.optional(), description: fields.description.optional() })
  .meta({ id: 'TagUpdate' });

/** Number of tasks carrying the tag (bug 21: create and update reported 0). */
// Qualified by hand: Drizzle leaves columns bare in a select list.
const taskCount = sql<number>`(select count(*) from tag_assignments ta where ta.tag_id = "tags"."id")`.mapWith(Number);

async function tagWithCount(db: Queryable, organizationId: string, tagId: string) {
  const [row] = await db
    .select({ tag: tagTable, taskCount })
    .from(tagTable)
    .where(and(eq(tagTable.id, tagId), eq(tagTable.organizationId, organizationId)));
  if (!row) throw new HttpError(404, 'Not Found');
  return row;
}

const SLUG_TAKEN = 'Tag slug already exists in this organization. Choose another slug.';

async function saving<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(SLUG_TAKEN);
    throw error;
  }
}

export const tagRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.services;

  app.get(
    '/api/v1/tags',
    { schema: { operationId: 'list_tags', tags, querystring: PageQuery, response: { 200: Page(TagRead, 'LimitOffsetPage_TagRead'), ...errors(...AUTHED, 403) } } },
    async (request) => {
      const { organizationId } = await orgMember(request);
      const where = eq(tagTable.organizationId, organizationId);
      const rows = await db
        .select({ tag: tagTable, taskCount })
        .from(tagTable)
        .where(where)
        .orderBy(sql`lower(${tagTable.name})`, asc(tagTable.createdAt), asc(tagTable.id))
        .limit(request.query.limit)
        .offset(request.query.offset);
      const [{ total }] = await db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(tagTable).where(where);
      return page(rows.map((row) => presentTag(row.tag, row.taskCount)), total, request.query);
    },
  );

  app.post(
    '/api/v1/tags',
    { schema: { operationId: 'create_tag', tags, body: TagCreate, response: { 200: TagRead, ...errors(...AUTHED, 403, 409) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const { name, slug, color, description } = request.body;
      const tag = await saving(async () => {
        const [row] = await db
          .insert(tagTable)
          .values({ organizationId, name, slug: tagSlug(slug, name), color, description: description || null })
          .returning();
        return row;
      });
      return presentTag(tag, 0);
    },
  );

  app.get(
    '/api/v1/tags/:tag_id',
    { schema: { operationId: 'get_tag', tags, params: TagParams, response: { 200: TagRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { organizationId } = await orgMember(request);
      const row = await tagWithCount(db, organizationId, request.params.tag_id);
      return presentTag(row.tag, row.taskCount);
    },
  );

  app.patch(
    '/api/v1/tags/:tag_id',
    { schema: { operationId: 'update_tag', tags, params: TagParams, body: TagUpdate, response: { 200: TagRead, ...errors(...AUTHED, 403, 404, 409) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const { tag } = await tagWithCount(db, organizationId, request.params.tag_id);
      const body = request.body;
      const patch: Partial<Tag> = {};
      if (body.name !== undefined) patch.name = body.name;
      if (body.slug !== undefined) patch.slug = tagSlug(body.slug, body.name ?? tag.name);
      if (body.color !== undefined) patch.color = body.color;
      if (body.description !== undefined) patch.description = body.description || null;
      if (!Object.keys(patch).length) throw invalidField(['body'], 'At least one field is required');
      await saving(async () => {
        await db.update(tagTable).set(patch).where(eq(tagTable.id, tag.id));
      });
      const row = await tagWithCount(db, organizationId, tag.id);
      return presentTag(row.tag, row.taskCount);
    },
  );

  app.delete(
    '/api/v1/tags/:tag_id',
    { schema: { operationId: 'delete_tag', tags, params: TagParams, response: { 200: OkResponse, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      // Assignments go with the tag (ON DELETE CASCADE).
      const deleted = await db.delete(tagTable).where(and(eq(tagTable.id, request.params.tag_id), eq(tagTable.organizationId, organizationId))).returning();
      if (!deleted.length) throw new HttpError(404, 'Not Found');
      return ok;
    },
  );
};
