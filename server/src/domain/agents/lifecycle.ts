import type { Agent } from '../../db/schema';

/**
 * The agent lifecycle as pure decisions. A run is requested (provision or update), talks to the
 * gateway, and ends either delivered (waiting for the agent's check-in) or failed with the error
 * kept on the agent. A reconcile at the check-in deadline re-wakes the agent a few times and then
 * marks it offline with the reason. Nothing can stay "provisioning"/"updating" without a job or
 * an error that says why.
 */
export type LifecycleAction = 'provision' | 'update';

export const CHECKIN_DEADLINE_MS = 30_000;
export const MAX_WAKE_ATTEMPTS = 3;
export const NEVER_CHECKED_IN = 'Agent did not check in after wake; max wake attempts reached';

type AgentFacts = Pick<
  Agent,
  'status' | 'lastSeenAt' | 'lastWakeSentAt' | 'wakeAttempts' | 'checkinDeadlineAt' | 'lifecycleGeneration'
>;

/** Columns written when a lifecycle run starts. */
export function runRequested(agent: AgentFacts, action: LifecycleAction, wake: boolean, now: Date, deadlineMs = CHECKIN_DEADLINE_MS) {
  return {
    provisionRequestedAt: now,
    provisionAction: action,
    status: action === 'update' ? 'updating' : 'provisioning',
    lifecycleGeneration: agent.lifecycleGeneration + 1,
    lastProvisionError: null,
    ...(wake ? { wakeAttempts: agent.wakeAttempts + 1, lastWakeSentAt: now, checkinDeadlineAt: new Date(now.getTime() + deadlineMs) } : {}),
  };
}

/**
 * Columns written when the gateway accepted everything. The agent is not "online" until it
 * checks in: a woken agent waits for its check-in (its status reads from last contact); an
 * agent provisioned without a wake keeps its previous presence.
 */
export function runSucceeded(agent: AgentFacts, wake: boolean, now: Date, deadlineMs = CHECKIN_DEADLINE_MS) {
  return {
    provisionRequestedAt: null,
    provisionAction: null,
    status: agent.lastSeenAt ? 'online' : 'provisioning',
    lastProvisionError: null,
    ...(wake ? { checkinDeadlineAt: new Date(now.getTime() + deadlineMs) } : {}),
  };
}

/** Columns written when the gateway refused or could not be reached: the error is kept and shown. */
export function runFailed(error: string) {
  return { provisionRequestedAt: null, provisionAction: null, status: 'failed', lastProvisionError: error.slice(0, 2000) };
}

/**
 * Columns written when a run failed on something that may pass (gateway unreachable, timeout)
 * and its job will try again: shown as `failed` with the reason at once, never left looking
 * busy; the pending action stays recorded and the retry starts the run afresh. A gateway that
 * closed the connection to restart (close code 1012, as 2026.3.31 does after the configuration
 * change the run itself made) is part of a normal run: the agent keeps its status and only the
 * reason is noted; a gateway that stays away fails the next attempt as unreachable.
 */
export function runRetrying(error: string, gatewayRestarting = false) {
  const lastProvisionError = error.slice(0, 2000);
  return gatewayRestarting ? { lastProvisionError } : { status: 'failed', lastProvisionError };
}

/** Whether a gateway error is the gateway closing the connection to restart (WebSocket 1012). */
export function isGatewayRestart(error: { closeCode?: number | null } | null | undefined): boolean {
  return error?.closeCode === 1012;
}

export type ReconcileDecision =
  | { kind: 'done'; reason: string }
  | { kind: 'later'; delayMs: number }
  | { kind: 'offline'; changes: { status: 'offline'; checkinDeadlineAt: null; lastProvisionError: string } }
  | { kind: 'rewake' };

/** What a reconcile job does with an agent at (or before) its check-in deadline. */
export function reconcileDecision(agent: AgentFacts | null, jobGeneration: number, now: Date, maxAttempts = MAX_WAKE_ATTEMPTS): ReconcileDecision {
  if (!agent) return { kind: 'done', reason: 'agent deleted' };
  if (agent.lifecycleGeneration !== jobGeneration) return { kind: 'done', reason: 'superseded by a newer lifecycle run' };
  if (agent.status === 'deleting') return { kind: 'done', reason: 'agent is being deleted' };
  const checkedIn = agent.lastSeenAt && (!agent.lastWakeSentAt || agent.lastSeenAt >= agent.lastWakeSentAt);
  if (checkedIn) return { kind: 'done', reason: 'agent checked in' };
  if (agent.checkinDeadlineAt && agent.checkinDeadlineAt > now) {
    return { kind: 'later', delayMs: agent.checkinDeadlineAt.getTime() - now.getTime() };
  }
  if (agent.wakeAttempts >= maxAttempts) {
    return { kind: 'offline', changes: { status: 'offline', checkinDeadlineAt: null, lastProvisionError: NEVER_CHECKED_IN } };
  }
  return { kind: 'rewake' };
}
