import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { installClientIp } from './http/client-ip';
import { installErrorHandling } from './http/errors';
import { clientErrorHandler, installContentSecurityPolicy } from './http/hardening';
import { installJsonBodies } from './http/json-body';
import { installMetrics } from './http/metrics';
import { installNotFound } from './http/method-not-allowed';
import { installOpenApi } from './http/openapi';
import { installRateLimits } from './http/rate-limits';
import { installRequestContext, requestIdFor } from './http/request-context';
import { installWebApp } from './http/web-app';
import { registerRoutes } from './routes';
import { VERSION } from './runtime/version';
import type { Services } from './services';

export { VERSION };

/** Builds the HTTP application over ready-made services (database, config, logger). */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: services.logger as unknown as FastifyBaseLogger,
    // Our own completion line (http/request-context.ts) replaces Fastify's request logging.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    genReqId: (req) => requestIdFor(req.headers['x-request-id']),
    bodyLimit: 1_048_576,
    // Never Fastify's trustProxy: http/client-ip.ts resolves the client (right-most untrusted hop).
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    clientErrorHandler: clientErrorHandler(config),
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate('services', services);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installClientIp(app, config.trustedProxies, services.logger);
  installRequestContext(app, config);
  if (services.metrics) installMetrics(app, services.metrics);
  installJsonBodies(app);
  await installRateLimits(app, config, services.logger);
  if (config.corsOrigins.length) {
    await app.register(cors, {
      origin: config.corsOrigins,
      credentials: true,
      exposedHeaders: ['X-Total-Count', 'X-Limit', 'X-Offset', 'X-Request-Id'],
    });
  }
  installContentSecurityPolicy(app);
  await installOpenApi(app, VERSION);
  const fallback = await installWebApp(app);
  installNotFound(app, fallback);
  await registerRoutes(app);
  return app;
}
