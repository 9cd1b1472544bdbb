import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** Stable operationIds in the style API clients of the reference know: name_path_method. */
export function operationIdFor(name: string, url: string, method: string): string {
  const path = url.replace(/[:{}]/g, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `${name}_${path}_${method.toLowerCase()}`;
}

export async function installOpenApi(app: FastifyInstance, version: string): Promise<void> {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { operationId?: string; hide?: boolean } | undefined;
    if (!schema?.operationId || route.method === 'HEAD') return;
    const method = Array.isArray(route.method) ? route.method[0] : route.method;
    route.schema = { ...schema, operationId: operationIdFor(schema.operationId, route.url, method) };
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mission Control API',
        version,
        description: 'Control plane for teams that run AI agents on OpenClaw gateways.',
      },
      components: {
        securitySchemes: {
          userToken: { type: 'http', scheme: 'bearer', description: 'Local token or Clerk session JWT' },
          agentToken: { type: 'apiKey', in: 'header', name: 'X-Agent-Token' },
        },
      },
      security: [{ userToken: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
