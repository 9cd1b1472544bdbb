import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OkResponse, ok } from '../../presenters/common';
import { errors } from '../../http/route-schema';
import { sendError } from '../../http/errors';

/** Liveness and readiness probes; readiness waits for the database and its migrations. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const live = { schema: { tags: ['health'], response: { 200: OkResponse } } } as const;
  app.get('/health', { ...live, schema: { ...live.schema, operationId: 'health' } }, async () => ok);
  app.get('/healthz', { ...live, schema: { ...live.schema, operationId: 'healthz' } }, async () => ok);
  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'readyz',
        tags: ['health'],
        response: { 200: OkResponse, 503: errors(503)[503] },
      },
    },
    async (request, reply) => {
      const { services } = app;
      if (services.state.shuttingDown) return sendError(request, reply, 503, 'Shutting down');
      if (!services.state.migrated) return sendError(request, reply, 503, 'Database migrations not applied');
      try {
        await services.database.query('SELECT 1');
      } catch {
        return sendError(request, reply, 503, 'Database unavailable');
      }
      return ok;
    },
  );
};
