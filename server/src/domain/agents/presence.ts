import type { Agent } from '../../db/schema';

export const OFFLINE_AFTER_MS = 10 * 60_000;
export const TOUCH_EVERY_MS = 30_000;
const KEPT = new Set(['updating', 'deleting']);

/** The status an agent is shown with: lifecycle states kept, else derived from last contact. */
export function computedStatus(agent: Pick<Agent, 'status' | 'lastSeenAt'>, now = new Date()): string {
  if (KEPT.has(agent.status)) return agent.status;
  if (!agent.lastSeenAt) return 'provisioning';
  if (now.getTime() - agent.lastSeenAt.getTime() > OFFLINE_AFTER_MS) return 'offline';
  return agent.status;
}

/** The presence update for an authenticated agent request, or null when it is recent enough. */
export function presenceTouch(agent: Pick<Agent, 'status' | 'lastSeenAt'>, now = new Date()): { lastSeenAt: Date; status: string } | null {
  if (agent.lastSeenAt && now.getTime() - agent.lastSeenAt.getTime() < TOUCH_EVERY_MS) return null;
  return { lastSeenAt: now, status: KEPT.has(agent.status) ? agent.status : 'online' };
}
