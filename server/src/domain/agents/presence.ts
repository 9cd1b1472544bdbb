import type { Agent } from '../../db/schema';

export const OFFLINE_AFTER_MS = 10 * 60_000;
export const TOUCH_EVERY_MS = 30_000;
/** Lifecycle states shown as they are, whatever the last contact says. */
export const KEPT_STATUSES = ['updating', 'deleting', 'failed', 'offline'];
const KEPT = new Set(KEPT_STATUSES);
/** Lifecycle work in progress, which contact from the agent does not end. */
const IN_FLIGHT = new Set(['updating', 'deleting']);

/**
 * The status an agent is shown with: lifecycle states kept, else derived from last contact
 * (offline after `offlineAfterMs` without any, AGENT_OFFLINE_AFTER_SECONDS).
 */
export function computedStatus(agent: Pick<Agent, 'status' | 'lastSeenAt'>, now = new Date(), offlineAfterMs = OFFLINE_AFTER_MS): string {
  if (KEPT.has(agent.status)) return agent.status;
  if (!agent.lastSeenAt) return 'provisioning';
  if (now.getTime() - agent.lastSeenAt.getTime() > offlineAfterMs) return 'offline';
  return agent.status;
}

/** The presence update for an authenticated agent request, or null when it is recent enough. */
export function presenceTouch(agent: Pick<Agent, 'status' | 'lastSeenAt'>, now = new Date()): { lastSeenAt: Date; status: string } | null {
  if (agent.lastSeenAt && now.getTime() - agent.lastSeenAt.getTime() < TOUCH_EVERY_MS && agent.status !== 'offline') return null;
  // Any authenticated call proves the agent is alive, so offline (missed wakes) ends here too.
  return { lastSeenAt: now, status: IN_FLIGHT.has(agent.status) ? agent.status : 'online' };
}

/** The fields of a gateway `sessions.list` entry that presence reads (both protocols report them). */
export interface SessionActivity {
  key: string;
  status?: unknown;
  hasActiveRun?: unknown;
  startedAt?: unknown;
  endedAt?: unknown;
}

const ms = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

/**
 * When the agent with gateway id `agentKey` last ran a model turn, from its sessions on the
 * gateway: a run in progress counts as `observedAt`, a finished one by its end (or start).
 * Messages delivered to a session do not count (they bump `updatedAt` even when no model runs),
 * nor do runs that failed or were aborted. Never later than `observedAt`.
 */
export function lastRunAt(sessions: readonly SessionActivity[], agentKey: string, observedAt: Date): Date | null {
  let best: number | null = null;
  for (const s of sessions) {
    if (!s.key.startsWith(`agent:${agentKey}:`)) continue;
    const at = s.status === 'running' || s.hasActiveRun === true ? observedAt.getTime() : s.status === 'done' ? (ms(s.endedAt) ?? ms(s.startedAt)) : null;
    if (at !== null && (best === null || at > best)) best = at;
  }
  return best === null ? null : new Date(Math.min(best, observedAt.getTime()));
}

/**
 * The `last_seen_at` to record from the agent's model activity on its gateway, or null to leave
 * it. Only an agent that has checked in since its last wake-up is kept alive this way: a check-in
 * proves it can reach Mission Control, and the wake-up deadline must still see only check-ins.
 * Lifecycle states are left alone; small steps are skipped like presenceTouch does.
 */
export function sessionPresence(agent: Pick<Agent, 'status' | 'lastSeenAt' | 'lastWakeSentAt'>, activityAt: Date | null): Date | null {
  if (!activityAt || !agent.lastSeenAt || KEPT.has(agent.status)) return null;
  if (agent.lastWakeSentAt && agent.lastSeenAt < agent.lastWakeSentAt) return null;
  if (activityAt.getTime() - agent.lastSeenAt.getTime() < TOUCH_EVERY_MS) return null;
  return activityAt;
}
