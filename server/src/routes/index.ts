import type { FastifyInstance } from 'fastify';
import { healthRoutes } from './system/health';
import { metricsRoutes } from './system/metrics';
import { statusRoutes } from './system/status';
import { authRoutes, userRoutes } from './users';

/** Every route of the API, in one place so the surface is easy to review. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(statusRoutes);
  await app.register(authRoutes);
  await app.register(userRoutes);
}
