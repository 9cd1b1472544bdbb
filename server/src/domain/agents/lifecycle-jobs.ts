import { and, eq, ne } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { agents, gateways, users, type Agent, type Job } from '../../db/schema';
import { describeGatewayError, isGatewayError, isTransient } from '../../gateway/errors';
import { DeferJob, PermanentJobError } from '../../jobs/errors';
import { enqueueJob } from '../../jobs/queue';
import { LIFECYCLE_QUEUE } from '../../jobs/queue-names';
import type { Services } from '../../services';
import { recordActivity } from '../activity/record';
import { gatewayAgentKey } from './gateway-identity';
import { readHeldToken, tokenForRun } from './held-token';
import { runOnGateway } from './gateway-steps';
import { schedulePresenceSync } from './presence-jobs';
import { isGatewayRestart, reconcileDecision, runFailed, runRequested, runRetrying, runSucceeded, type LifecycleAction } from './lifecycle';
import { boardOf, oldestOwner, workspaceContext } from './workspace-context';

/**
 * Attempts of one run: with the worker's backoff (5 s doubling to 5 min, jittered) about 10 to 20
 * minutes of retries, and a gateway that comes back runs the waiting retry at once
 * (domain/gateways/reconnect-jobs.ts).
 */
const LIFECYCLE_MAX_ATTEMPTS = 10;
export const RECONCILE_QUEUE = 'agent.lifecycle.reconcile';

export interface LifecycleRequest {
  action: LifecycleAction;
  wake?: boolean;
  resetSession?: boolean;
  forceBootstrap?: boolean;
  overwrite?: boolean;
  /** Whose profile USER.md describes (the user who asked), else the organization's oldest owner. */
  userId?: string | null;
  /** A re-wake by the reconcile job keeps counting wake attempts; any other request starts afresh. */
  rewake?: boolean;
}

/**
 * Asks for a lifecycle run in the caller's transaction: the agent shows `provisioning` or
 * `updating` from now on, and the durable job does the gateway work (retried on outages).
 */
export async function requestLifecycle(tx: Queryable, agent: Agent, organizationId: string, request: LifecycleRequest): Promise<Agent> {
  const [updated] = await tx
    .update(agents)
    .set({
      status: request.action === 'update' ? 'updating' : 'provisioning',
      provisionAction: request.action,
      provisionRequestedAt: new Date(),
      lastProvisionError: null,
      ...(request.rewake ? {} : { wakeAttempts: 0 }),
    })
    .where(eq(agents.id, agent.id))
    .returning();
  await enqueueJob(
    tx,
    LIFECYCLE_QUEUE,
    { agent_id: agent.id, action: request.action, wake: request.wake ?? true, reset_session: request.resetSession ?? true, force_bootstrap: request.forceBootstrap ?? false, overwrite: request.overwrite ?? false, user_id: request.userId ?? null },
    { organizationId, maxAttempts: LIFECYCLE_MAX_ATTEMPTS },
  );
  return updated;
}

type LifecyclePayload = { agent_id: string; action: LifecycleAction; wake: boolean; reset_session: boolean; force_bootstrap: boolean; overwrite: boolean; user_id: string | null };

async function load(services: Services, agentId: string) {
  const [agent] = await services.db.select().from(agents).where(eq(agents.id, agentId));
  if (!agent) return null;
  const [gateway] = await services.db.select().from(gateways).where(eq(gateways.id, agent.gatewayId));
  return gateway ? { agent, gateway } : null;
}

/** The `agent.lifecycle` job: one provisioning or update run against the agent's gateway. */
export async function runLifecycleJob(services: Services, job: Job): Promise<void> {
  const payload = job.payload as LifecyclePayload;
  const loaded = await load(services, payload.agent_id);
  if (!loaded || loaded.agent.status === 'deleting') return;
  const { gateway } = loaded;
  // The job retries on its own: a gateway that is down fails this attempt at once (BR-41).
  const handle = await services.gateways.handle(gateway, 20_000, { now: true }).catch((error) => failRun(services, job, loaded.agent, payload.action, error));

  // The token the workspace holds is written again while it works; otherwise a new one (tokenForRun).
  const held = await readHeldToken(handle.rpc, handle.protocol, gatewayAgentKey(loaded.agent)).catch((error) => failRun(services, job, loaded.agent, payload.action, error));
  const now = new Date();
  const { agent, token } = await services.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(agents).where(eq(agents.id, payload.agent_id)).for('update');
    const rotated = tokenForRun(locked, held);
    const [updated] = await tx
      .update(agents)
      .set({ ...rotated.columns, ...runRequested(locked, payload.action, payload.wake, now, services.config.agents.checkinDeadlineMs), openclawSessionId: `agent:${gatewayAgentKey(locked)}:main` })
      .where(eq(agents.id, locked.id))
      .returning();
    return { agent: updated, token: rotated.token };
  });

  const board = await boardOf(services.db, agent);
  const [requester] = payload.user_id ? await services.db.select().from(users).where(eq(users.id, payload.user_id)) : [];
  const user = requester ?? (agent.boardId ? null : await oldestOwner(services.db, gateway.organizationId));
  const ctx = workspaceContext({ agent, gateway, board, user, token, protocol: handle.protocol, baseUrl: services.config.baseUrl });
  const verb = payload.action === 'provision' ? 'Provisioned' : 'Updated';
  try {
    await runOnGateway(handle.rpc, handle.protocol, gatewayAgentKey(agent), ctx, {
      action: payload.action,
      wake: payload.wake,
      resetSession: payload.reset_session,
      forceBootstrap: payload.force_bootstrap || payload.action === 'provision',
      overwrite: payload.overwrite,
      idempotencyKey: `wake-${agent.id}-${agent.lifecycleGeneration}`,
      heartbeat: (agent.heartbeatConfig as Record<string, unknown> | null) ?? null,
    });
  } catch (error) {
    await failRun(services, job, agent, payload.action, error);
  }

  await services.db.transaction(async (tx) => {
    const [current] = await tx.select().from(agents).where(eq(agents.id, agent.id)).for('update');
    if (!current || current.lifecycleGeneration !== agent.lifecycleGeneration) return;
    const done = runSucceeded(current, payload.wake, new Date(), services.config.agents.checkinDeadlineMs);
    await tx.update(agents).set(done).where(eq(agents.id, agent.id));
    await recordActivity(tx, { eventType: `agent.${payload.action}.direct`, message: `${verb} directly for ${agent.name}.`, boardId: agent.boardId, agentId: agent.id });
    await schedulePresenceSync(tx, gateway, services.config.agents.presenceSyncMs);
    if (payload.wake) {
      await recordActivity(tx, { eventType: 'agent.wakeup.sent', message: `Wake-up message sent to ${agent.name}.`, boardId: agent.boardId, agentId: agent.id });
      await enqueueJob(tx, RECONCILE_QUEUE, { agent_id: agent.id, generation: agent.lifecycleGeneration }, { organizationId: gateway.organizationId, runAt: done.checkinDeadlineAt });
    }
  });
}

/**
 * A run that failed, wherever it failed (reaching the gateway or during the run): the agent shows
 * `failed` with the reason at once, never `provisioning`/`updating` (BR-41). A passing failure
 * (unreachable, timeout) is retried by the job until its attempts run out; anything else ends
 * the run. A newer run or a deletion since this one started is left alone.
 */
async function failRun(services: Services, job: Job, agent: Agent, action: LifecycleAction, error: unknown): Promise<never> {
  const message = isGatewayError(error) ? describeGatewayError(error) : error instanceof Error ? error.message : String(error);
  const retry = isGatewayError(error) && isTransient(error) && job.attempts < job.maxAttempts;
  await services.db.transaction(async (tx) => {
    const [changed] = await tx
      .update(agents)
      .set(retry ? runRetrying(message, isGatewayError(error) && isGatewayRestart(error)) : runFailed(message))
      .where(and(eq(agents.id, agent.id), eq(agents.lifecycleGeneration, agent.lifecycleGeneration), ne(agents.status, 'deleting')))
      .returning();
    const verb = action === 'provision' ? 'Provision' : 'Update';
    if (changed && !retry) await recordActivity(tx, { eventType: `agent.${action}.failed`, message: `${verb} message failed: ${message}`, boardId: agent.boardId, agentId: agent.id });
  });
  if (!retry) throw new PermanentJobError(message);
  if (isGatewayError(error) && error.retryAfterMs) throw new DeferJob(error.retryAfterMs, message);
  throw error;
}

/** The `agent.lifecycle.reconcile` job at the check-in deadline: done, later, re-wake or offline. */
export async function runReconcileJob(services: Services, job: Job): Promise<void> {
  const payload = job.payload as { agent_id: string; generation: number };
  const [agent] = await services.db.select().from(agents).where(eq(agents.id, payload.agent_id));
  const decision = reconcileDecision(agent ?? null, payload.generation, new Date(), services.config.agents.maxWakeAttempts);
  if (decision.kind === 'done') return;
  if (decision.kind === 'later') throw new DeferJob(decision.delayMs, 'check-in deadline not reached');
  const [gateway] = await services.db.select().from(gateways).where(eq(gateways.id, agent.gatewayId));
  await services.db.transaction(async (tx) => {
    if (decision.kind === 'offline') {
      await tx.update(agents).set(decision.changes).where(eq(agents.id, agent.id));
      await recordActivity(tx, { eventType: 'agent.checkin.missed', message: `${agent.name} did not check in after ${agent.wakeAttempts} wake-ups; marked offline.`, boardId: agent.boardId, agentId: agent.id });
    } else if (gateway) {
      await requestLifecycle(tx, agent, gateway.organizationId, { action: 'update', wake: true, resetSession: true, rewake: true });
    }
  });
  services.worker.wake();
}
