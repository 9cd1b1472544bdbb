import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { bearerToken } from '../../auth/local-token';
import { JOB_STATES } from '../../db/schema/jobs';
import { unauthorized } from '../../http/errors';
import { family } from '../../http/metrics';
import { gatewayStates, jobCounts, uptimeSeconds } from '../../runtime/introspection';
import { VERSION } from '../../runtime/version';
import type { Services } from '../../services';

function tokenAccepted(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Gauges read at scrape time: queue, gateways, SSE clients, process. */
async function currentGauges(services: Services): Promise<string> {
  let text = family('mc_build_info', 'gauge', 'Mission Control version of this process.', [[{ version: VERSION }, 1]]);
  text += family('mc_uptime_seconds', 'gauge', 'Seconds since this process started serving.', [[{}, uptimeSeconds(services)]]);
  text += family('mc_process_resident_memory_bytes', 'gauge', 'Resident memory of this process.', [[{}, process.memoryUsage().rss]]);
  try {
    const jobs = await jobCounts(services.database);
    text += family('mc_jobs', 'gauge', 'Jobs in the queue by state.', JOB_STATES.map((state) => [{ state }, jobs[state]]));
    const gateways = await gatewayStates(services);
    text += family('mc_gateways', 'gauge', 'Gateways by connection state.', [
      [{ state: 'connected' }, gateways.connected],
      [{ state: 'disconnected' }, Math.max(0, gateways.total - gateways.connected)],
    ]);
    text += family('mc_database_up', 'gauge', 'Whether the database answered this scrape.', [[{}, 1]]);
  } catch {
    text += family('mc_database_up', 'gauge', 'Whether the database answered this scrape.', [[{}, 0]]);
  }
  if (services.sseClients) {
    text += family('mc_sse_clients', 'gauge', 'Open live-event (SSE) connections.', [[{}, services.sseClients()]]);
  }
  return text;
}

/** Prometheus `/metrics`, registered only when METRICS_ENABLED; Bearer METRICS_TOKEN when set. */
export const metricsRoutes: FastifyPluginAsync = async (app) => {
  const { services } = app;
  const { metrics } = services;
  if (!metrics) return;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const expected = services.config.metrics.token;
    if (expected && !tokenAccepted(bearerToken(request.headers.authorization), expected)) throw unauthorized();
    const body = metrics.render() + (await currentGauges(services));
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(body);
  });
};
