import type { Agent } from '../../db/schema';

export const OFFLINE_AFTER_MS = 10 * 60_000;
export const TOUCH_EVERY_MS = 30_000;
/** Lifecycle states shown as they are, whatever the last contact says. */
const KEPT = new Set(['updating', 'deleting', 'failed', 'offline']);
/** Lifecycle work in progress, which contact from the agent does not end. */
const IN_FLIGHT = new Set(['updating', 'deleting']);

/** The status an agent is shown with: lifecycle states kept, else derived from last contact. */
export function computedStatus(agent: Pick<Agent, 'status' | 'lastSeenAt'>, now = new Date()): string {
  if (KEPT.has(agent.status)) return agent.status;
  if (!agent.lastSeenAt) return 'provisioning';
  if (now.getTime() - agent.lastSeenAt.getTime() > OFFLINE_AFTER_MS) return 'offline';
  return agent.status;
}

/** The presence update for an authenticated agent request, or null when it is recent enough. */
export function presenceTouch(agent: Pick<Agent, 'status' | 'lastSeenAt'>, now = new Date()): { lastSeenAt: Date; status: string } | null {
  if (agent.lastSeenAt && now.getTime() - agent.lastSeenAt.getTime() < TOUCH_EVERY_MS && agent.status !== 'offline') return null;
  // Any authenticated call proves the agent is alive, so offline (missed wakes) ends here too.
  return { lastSeenAt: now, status: IN_FLIGHT.has(agent.status) ? agent.status : 'online' };
}
