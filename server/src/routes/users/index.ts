import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { users } from '../../db/schema';
import { deleteAccount } from '../../domain/users/delete-account';
import { requireUser } from '../../http/auth';
import { AUTHED, errors } from '../../http/route-schema';
import { OkResponse, ok } from '../../presenters/common';
import { UserRead, presentUser } from '../../presenters/users';

const optionalText = z.string().max(10_000).nullable().optional();
const UserUpdate = z
  .object({
    name: optionalText,
    preferred_name: optionalText,
    pronouns: optionalText,
    timezone: optionalText,
    notes: optionalText,
    context: optionalText,
  })
  .strict()
  .meta({ id: 'UserUpdate' });

const FIELDS = {
  name: 'name',
  preferred_name: 'preferredName',
  pronouns: 'pronouns',
  timezone: 'timezone',
  notes: 'notes',
  context: 'context',
} as const;

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['users'];
  app.get(
    '/api/v1/users/me',
    { schema: { operationId: 'get_me', tags, response: { 200: UserRead, ...errors(401) } } },
    async (request) => presentUser((await requireUser(request)).user),
  );

  app.patch(
    '/api/v1/users/me',
    { schema: { operationId: 'update_me', tags, body: UserUpdate, response: { 200: UserRead, ...errors(...AUTHED) } } },
    async (request) => {
      const { user } = await requireUser(request);
      const patch: Record<string, string | null> = {};
      for (const [field, column] of Object.entries(FIELDS)) {
        const value = request.body[field as keyof typeof FIELDS];
        if (value !== undefined) patch[column] = value === null ? null : value.trim() || null;
      }
      if (!Object.keys(patch).length) return presentUser(user);
      const [updated] = await app.services.db.update(users).set(patch).where(eq(users.id, user.id)).returning();
      return presentUser(updated);
    },
  );

  app.delete(
    '/api/v1/users/me',
    { schema: { operationId: 'delete_me', tags, response: { 200: OkResponse, ...errors(401, 502) } } },
    async (request) => {
      const { user } = await requireUser(request);
      await deleteAccount(app.services, user);
      return ok;
    },
  );
};

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/auth/bootstrap',
    { schema: { operationId: 'bootstrap_user', tags: ['auth'], response: { 200: UserRead, ...errors(401) } } },
    async (request) => presentUser((await requireUser(request)).user),
  );
};
