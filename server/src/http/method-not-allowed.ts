import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors';

/** Turns route patterns into matchers so an unmatched request can be told 405 instead of 404. */
function matcher(url: string): RegExp {
  const pattern = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}/?$`);
}

/** Answers a request no route took; `fallback` may serve it first (the web app's index page). */
export function installNotFound(
  app: FastifyInstance,
  fallback: (request: FastifyRequest, reply: FastifyReply) => boolean = () => false,
): void {
  const routes: { method: string; test: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, test: matcher(route.url) });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allowed = [...new Set(routes.filter((r) => r.test.test(path)).map((r) => r.method))];
    if (allowed.length) {
      return sendError(request, reply.header('allow', allowed.join(', ')), 405, 'Method Not Allowed');
    }
    if (fallback(request, reply)) return reply;
    return sendError(request, reply, 404, 'Not Found');
  });
}
