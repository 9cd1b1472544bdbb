import type { FastifyInstance } from 'fastify';
import { activityRoutes } from './activity';
import { agentSelfRoutes } from './agent';
import { agentRoutes } from './agents';
import { approvalRoutes } from './approvals';
import { gatewayRoutes } from './gateways';
import { gatewayRuntimeRoutes } from './gateways/runtime';
import { boardGroupRoutes } from './board-groups';
import { boardRoutes } from './boards';
import { customFieldRoutes } from './custom-fields';
import { onboardingRoutes } from './onboarding';
import { organizationRoutes } from './organizations';
import { memoryRoutes } from './memory';
import { dashboardMetricsRoutes } from './metrics';
import { snapshotRoutes } from './snapshots';
import { healthRoutes } from './system/health';
import { metricsRoutes } from './system/metrics';
import { statusRoutes } from './system/status';
import { tagRoutes } from './tags';
import { taskRoutes } from './tasks';
import { authRoutes, userRoutes } from './users';
import { webhookRoutes } from './webhooks';

/** Every route of the API, in one place so the surface is easy to review. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(statusRoutes);
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(webhookRoutes);
  await app.register(agentSelfRoutes);
  await app.register(gatewayRuntimeRoutes);
  await app.register(activityRoutes);
  await app.register(dashboardMetricsRoutes);
  await app.register(gatewayRoutes);
  await app.register(agentRoutes);
  await app.register(organizationRoutes);
  await app.register(customFieldRoutes);
  await app.register(tagRoutes);
  await app.register(boardGroupRoutes);
  await app.register(onboardingRoutes);
  await app.register(boardRoutes);
  await app.register(memoryRoutes);
  await app.register(snapshotRoutes);
  await app.register(taskRoutes);
  await app.register(approvalRoutes);
}
