import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Finds web/dist next to the server code, from the sources and from the bundle alike. */
export function webDistDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    dir = dirname(dir);
  }
  return null;
}

const NOT_APP = /^\/(api|docs|openapi\.json|health|healthz|readyz|metrics)(\/|$)/;

/**
 * Serves the built web app at `/`. Unknown GET paths outside the API get index.html so the
 * client-side router can take them; returns the fallback for the not-found handler.
 */
export async function installWebApp(app: FastifyInstance): Promise<(request: FastifyRequest, reply: FastifyReply) => boolean> {
  const root = webDistDir();
  if (!root) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><title>Mission Control</title><h1>Mission Control</h1><p>The web app is not built. Run <code>npm start</code> or see <a href="/docs">the API docs</a>.</p>'),
    );
    return () => false;
  }
  await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  return (request, reply) => {
    const path = request.url.split('?')[0];
    if (request.method !== 'GET' || NOT_APP.test(path) || !String(request.headers.accept ?? '').includes('text/html')) return false;
    void reply.header('cache-control', 'no-cache').sendFile('index.html');
    return true;
  };
}
