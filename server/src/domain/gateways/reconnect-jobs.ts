import { GATEWAY_AGENT_DELETE_QUEUE, LIFECYCLE_QUEUE, NOTIFY_QUEUE } from '../../jobs/queue-names';
import type { Services } from '../../services';

/**
 * When a gateway's connection comes up, the jobs that failed against it and wait out a retry
 * backoff (lifecycle runs of its agents, messages to them, removals from it) run now instead of
 * up to five minutes later. Jobs deferred on purpose (a rate limit's retry-after, a check-in
 * deadline) are left alone: they have not failed an attempt.
 */
export async function runGatewayJobsNow(services: Services, gatewayId: string): Promise<number> {
  const rows = await services.database.query<{ id: string }>(
    `UPDATE jobs SET run_at = now(), updated_at = now()
      WHERE state = 'pending' AND attempts > 0 AND run_at > now()
        AND ((queue IN ($2, $3) AND payload->>'agent_id' IN (SELECT id::text FROM agents WHERE gateway_id = $1::uuid))
          OR (queue = $3 AND payload->>'board_lead_of' IN (SELECT id::text FROM boards WHERE gateway_id = $1::uuid))
          OR (queue = $4 AND payload->>'gateway_id' = $1::text))
      RETURNING id`,
    [gatewayId, LIFECYCLE_QUEUE, NOTIFY_QUEUE, GATEWAY_AGENT_DELETE_QUEUE],
  );
  if (rows.length > 0) {
    services.logger.info({ gateway_id: gatewayId, jobs: rows.length }, 'gateway connected: retrying its waiting jobs now');
    services.worker.wake();
  }
  return rows.length;
}

/** Subscribes the retry-now rule to the gateways' connection changes; returns the unsubscribe. */
export function retryGatewayJobsOnConnect(services: Services): () => void {
  return services.gateways.manager.onStatusChange((status) => {
    if (!status.connected || services.state.shuttingDown) return;
    runGatewayJobsNow(services, status.gateway_id).catch((error: unknown) => {
      services.logger.warn({ gateway_id: status.gateway_id, error: String(error) }, 'could not retry the gateway\'s waiting jobs');
    });
  });
}
