import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boards } from '../../db/schema';
import { dashboard } from '../../domain/metrics/dashboard';
import { RANGE_KEYS } from '../../domain/metrics/ranges';
import { forbidden } from '../../http/errors';
import { AUTHED, errors } from '../../http/route-schema';
import { boardsVisibleTo, orgMember } from '../../policies';
import { DashboardMetrics } from '../../presenters/metrics';

const DashboardQuery = z.object({
  range_key: z.enum(RANGE_KEYS).default('24h'),
  board_id: z.uuid().optional(),
  group_id: z.uuid().optional(),
});

/** The dashboard over the boards the member can read, optionally one board or one group. */
export const dashboardMetricsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, database } = app.services;

  app.get(
    '/api/v1/metrics/dashboard',
    { schema: { operationId: 'dashboard_metrics', tags: ['metrics'], querystring: DashboardQuery, response: { 200: DashboardMetrics, ...errors(...AUTHED, 403) } } },
    async (request) => {
      const { member } = await orgMember(request);
      const { range_key, board_id, group_id } = request.query;
      const readable = boardsVisibleTo(member, 'read');
      if (board_id) {
        const [board] = await db.select({ id: boards.id }).from(boards).where(and(eq(boards.id, board_id), readable));
        if (!board) throw forbidden('Board access denied');
      }
      const scope = await db
        .select({ id: boards.id })
        .from(boards)
        .where(and(readable, board_id ? eq(boards.id, board_id) : undefined, group_id ? eq(boards.boardGroupId, group_id) : undefined));
      return dashboard(database, scope.map((b) => b.id), range_key);
    },
  );
};
