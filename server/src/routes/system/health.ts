import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OkResponse, ok } from '../../presenters/common';
import { checkReadiness, closeRedisProbe } from '../../runtime/readiness';

const Check = z.object({ ok: z.boolean(), error: z.string().optional() }).meta({ id: 'ReadinessCheck' });
const Checks = z.record(z.string(), Check);
const Ready = z.object({ ok: z.literal(true), checks: Checks }).meta({ id: 'ReadyResponse' });
const NotReady = z
  .object({ detail: z.string(), request_id: z.string(), checks: Checks })
  .meta({ id: 'NotReadyResponse', description: 'Which dependency failed: database, migrations, job_queue or redis' });

/** Liveness (the process answers) and readiness (every dependency answers) probes. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onClose', async () => closeRedisProbe(app.services));
  const live = { schema: { tags: ['health'], response: { 200: OkResponse } } } as const;
  app.get('/health', { ...live, schema: { ...live.schema, operationId: 'health' } }, async () => ok);
  app.get('/healthz', { ...live, schema: { ...live.schema, operationId: 'healthz' } }, async () => ok);
  app.get(
    '/readyz',
    { schema: { operationId: 'readyz', tags: ['health'], response: { 200: Ready, 503: NotReady } } },
    async (request, reply) => {
      const { services } = app;
      if (services.state.shuttingDown) {
        return reply.code(503).send({ detail: 'Shutting down', request_id: request.id, checks: {} });
      }
      const readiness = await checkReadiness(services);
      if (readiness.ok) return { ok: true as const, checks: readiness.checks };
      const detail = `Not ready: ${readiness.failing
        .map((name) => `${name} (${readiness.checks[name].error ?? 'failed'})`)
        .join(', ')}`;
      request.log.warn({ failing: readiness.failing, checks: readiness.checks }, 'not ready');
      return reply.code(503).send({ detail, request_id: request.id, checks: readiness.checks });
    },
  );
};
