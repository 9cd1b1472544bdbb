import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const HEALTH_PATHS = new Set(['/health', '/healthz', '/readyz']);

/** The request id: the caller's `X-Request-Id` when it is sane, else a fresh 32-hex id. */
export function requestIdFor(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  const trimmed = value?.trim();
  return trimmed && SAFE_ID.test(trimmed) ? trimmed : randomUUID().replace(/-/g, '');
}

/** X-Request-Id and the security headers on every response; one log line per request. */
export function installRequestContext(app: FastifyInstance, config: Config): void {
  const headers = Object.entries(config.securityHeaders).filter(([, value]) => value !== '');
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('x-request-id')) reply.header('x-request-id', request.id);
    for (const [name, value] of headers) if (!reply.hasHeader(name)) reply.header(name, value);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (HEALTH_PATHS.has(path) && !config.log.includeHealth) return;
    logCompletion(request, reply.statusCode, reply.elapsedTime, config.log.slowMs);
  });
}

/**
 * The one line per request: request id (from the request logger), method, route pattern, path
 * (without the query string, which may carry secrets), status, duration and client IP. Server
 * errors log at error, client errors and slow requests at warn (with `slow: true`), the rest at info.
 */
function logCompletion(request: FastifyRequest, status: number, elapsed: number, slowMs: number): void {
  const slow = slowMs > 0 && elapsed >= slowMs;
  const fields = {
    method: request.method,
    route: request.routeOptions.url ?? null,
    path: request.url.split('?')[0],
    status_code: status,
    duration_ms: Math.round(elapsed * 10) / 10,
    client_ip: request.clientIp,
    ...(slow ? { slow: true } : {}),
  };
  if (status >= 500) request.log.error(fields, 'http.request');
  else if (status >= 400 || slow) request.log.warn(fields, slow ? 'http.request.slow' : 'http.request');
  else request.log.info(fields, 'http.request');
}
