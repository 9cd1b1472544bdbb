import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { agentTaskRoutes } from './agent';
import { userTaskRoutes } from './user';

export const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(userTaskRoutes);
  await app.register(agentTaskRoutes);
};
