import { runGatewayAgentDeleteJob, runNotifyJob } from '../domain/agents/delivery-jobs';
import { RECONCILE_QUEUE, runLifecycleJob, runReconcileJob } from '../domain/agents/lifecycle-jobs';
import { PRESENCE_QUEUE, runPresenceSyncJob } from '../domain/agents/presence-jobs';
import { retryGatewayJobsOnConnect } from '../domain/gateways/reconnect-jobs';
import type { Services } from '../services';
import { GATEWAY_AGENT_DELETE_QUEUE, LIFECYCLE_QUEUE, NOTIFY_QUEUE } from './queue-names';

/**
 * Every queue's handler, registered on the services' worker. Each area adds its own line here.
 * Jobs waiting to retry against a gateway run as soon as its connection comes back.
 */
export function registerJobHandlers(services: Services): void {
  services.worker
    .handle(LIFECYCLE_QUEUE, (job) => runLifecycleJob(services, job))
    .handle(RECONCILE_QUEUE, (job) => runReconcileJob(services, job))
    .handle(NOTIFY_QUEUE, (job) => runNotifyJob(services, job))
    .handle(GATEWAY_AGENT_DELETE_QUEUE, (job) => runGatewayAgentDeleteJob(services, job))
    .handle(PRESENCE_QUEUE, (job) => runPresenceSyncJob(services, job));
  retryGatewayJobsOnConnect(services);
}
