// Presence from the gateway's own session activity: a recurring job per gateway reads its
// sessions and records when each checked-in agent last ran a model turn as `last_seen_at`, so an
// agent busy on a long task (not calling Mission Control) is never shown offline. Reads of an
// agent never write; only this job and the agent's own calls do.
import { and, eq, inArray, isNotNull, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { agents, gateways, type Gateway, type Job } from '../../db/schema';
import { describeGatewayError, isGatewayError } from '../../gateway/errors';
import { DeferJob } from '../../jobs/errors';
import { enqueueJob } from '../../jobs/queue';
import type { Services } from '../../services';
import { gatewayAgentKey } from './gateway-identity';
import { KEPT_STATUSES, lastRunAt, sessionPresence } from './presence';

export const PRESENCE_QUEUE = 'agent.presence.sync';
/** Gateway session lists are read whole; more sessions than this are not looked at. */
const SESSION_LIMIT = 1000;
const READY_TIMEOUT_MS = 2_000;

/**
 * Makes sure the gateway's presence sync runs (one pending job per gateway, deduplicated). Its
 * first pass is one interval away; after that it re-schedules itself while the gateway has agents.
 */
export async function schedulePresenceSync(tx: Queryable, gateway: Pick<Gateway, 'id' | 'organizationId'>, intervalMs: number): Promise<void> {
  await enqueueJob(tx, PRESENCE_QUEUE, { gateway_id: gateway.id }, { organizationId: gateway.organizationId, dedupeKey: gateway.id, runAt: new Date(Date.now() + intervalMs) });
}

/** At startup: a presence sync for every gateway that has agents (existing ones are kept). */
export async function schedulePresenceSyncs(services: Services): Promise<void> {
  const rows = await services.db
    .select({ id: gateways.id, organizationId: gateways.organizationId })
    .from(gateways)
    .where(inArray(gateways.id, services.db.selectDistinct({ id: agents.gatewayId }).from(agents)));
  for (const gateway of rows) await schedulePresenceSync(services.db, gateway, services.config.agents.presenceSyncMs);
}

/** The `agent.presence.sync` job: one pass over a gateway's sessions, then the next one later. */
export async function runPresenceSyncJob(services: Services, job: Job): Promise<void> {
  const { gateway_id } = job.payload as { gateway_id: string };
  const intervalMs = services.config.agents.presenceSyncMs;
  const [gateway] = await services.db.select().from(gateways).where(eq(gateways.id, gateway_id));
  if (!gateway) return;
  const onGateway = await services.db.select().from(agents).where(and(eq(agents.gatewayId, gateway.id), isNotNull(agents.openclawSessionId)));
  if (!onGateway.length) return; // the next provisioning on this gateway schedules it again

  let sessions;
  try {
    // Best effort: a gateway that is not connected now is skipped rather than waited for, so a
    // gateway outage never holds up the worker's other jobs.
    const { rpc } = await services.gateways.handle(gateway, READY_TIMEOUT_MS);
    sessions = (await rpc.sessionsList({ limit: SESSION_LIMIT }, { timeoutMs: 15_000 })).sessions;
  } catch (error) {
    if (!isGatewayError(error)) throw error;
    // An unreachable gateway is not a failure of this job: check-ins still keep agents online.
    throw new DeferJob(intervalMs, `presence sync: ${describeGatewayError(error)}`);
  }
  const observedAt = new Date();
  for (const agent of onGateway) {
    const seen = sessionPresence(agent, lastRunAt(sessions, gatewayAgentKey(agent), observedAt));
    if (!seen) continue;
    // The same conditions again in SQL: a check-in, wake-up or lifecycle change since the read wins.
    await services.db
      .update(agents)
      .set({ lastSeenAt: seen })
      .where(
        and(
          eq(agents.id, agent.id),
          lt(agents.lastSeenAt, seen),
          or(isNull(agents.lastWakeSentAt), sql`${agents.lastSeenAt} >= ${agents.lastWakeSentAt}`),
          notInArray(agents.status, KEPT_STATUSES),
        ),
      );
  }
  throw new DeferJob(intervalMs, 'next presence sync');
}
