import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { organizationMembers } from '../../db/schema';
import { requireUser } from '../../http/auth';
import { forbidden } from '../../http/errors';
import { errors } from '../../http/route-schema';
import { Timestamp, iso } from '../../presenters/common';
import { databaseSize, gatewayStates, jobCounts, uptimeSeconds } from '../../runtime/introspection';
import { VERSION } from '../../runtime/version';

const ADMIN_ROLES = ['owner', 'admin'];

export const SystemStatus = z
  .object({
    version: z.string(),
    started_at: Timestamp,
    uptime_seconds: z.number(),
    database: z.object({ kind: z.enum(['pglite', 'postgres']), size_bytes: z.number() }),
    queue: z.object({
      depth: z.number().describe('Jobs waiting or running'),
      pending: z.number(),
      running: z.number(),
      done: z.number(),
      failed: z.number(),
    }),
    gateways: z.object({ connected: z.number(), total: z.number() }),
  })
  .meta({ id: 'SystemStatus' });

/** `GET /api/v1/status`: what an operator checks first; owners and admins of their organization only. */
export const statusRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/status',
    { schema: { operationId: 'system_status', tags: ['system'], response: { 200: SystemStatus, ...errors(401, 403) } } },
    async (request) => {
      const { user, organizationId } = await requireUser(request);
      const { services } = app;
      const membership = await services.db
        .select({ id: organizationMembers.id })
        .from(organizationMembers)
        .where(
          and(
            eq(organizationMembers.organizationId, organizationId),
            eq(organizationMembers.userId, user.id),
            inArray(organizationMembers.role, ADMIN_ROLES),
          ),
        )
        .limit(1);
      if (!membership.length) throw forbidden('Only organization owners and admins can see the system status');
      const [size, jobs, gateways] = await Promise.all([
        databaseSize(services.database),
        jobCounts(services.database),
        gatewayStates(services),
      ]);
      return {
        version: VERSION,
        started_at: iso(services.startedAt)!,
        uptime_seconds: Math.round(uptimeSeconds(services)),
        database: { kind: services.database.kind, size_bytes: size },
        queue: { depth: jobs.pending + jobs.running, ...jobs },
        gateways,
      };
    },
  );
};
