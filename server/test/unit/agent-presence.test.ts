import { describe, expect, it } from 'vitest';
import { computedStatus, lastRunAt, sessionPresence } from '../../src/domain/agents/presence';

const now = new Date('2026-12-04T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const min = 60_000;

describe('presence from gateway session activity', () => {
  it('takes the latest finished run of any of the agent’s sessions, and now for a running one', () => {
    const sessions = [
      { key: 'agent:mc-a:main', status: 'done', startedAt: ago(20 * min).getTime(), endedAt: ago(19 * min).getTime() },
      { key: 'agent:mc-a:cron:hb', status: 'done', startedAt: ago(3 * min).getTime(), endedAt: ago(2 * min).getTime() },
      { key: 'agent:mc-b:main', status: 'done', startedAt: ago(1_000).getTime(), endedAt: ago(500).getTime() },
    ];
    expect(lastRunAt(sessions, 'mc-a', now)).toEqual(ago(2 * min));
    expect(lastRunAt([...sessions, { key: 'agent:mc-a:main', status: 'running', startedAt: ago(30 * min).getTime() }], 'mc-a', now)).toEqual(now);
    expect(lastRunAt([{ key: 'agent:mc-a:main', hasActiveRun: true }], 'mc-a', now)).toEqual(now);
    // Only the start is known: it counts.
    expect(lastRunAt([{ key: 'agent:mc-a:main', status: 'done', startedAt: ago(min).getTime() }], 'mc-a', now)).toEqual(ago(min));
  });

  it('ignores delivered messages without a run, failed runs, other agents and a gateway clock ahead', () => {
    expect(lastRunAt([{ key: 'agent:mc-a:main', updatedAt: ago(1_000).getTime() } as never], 'mc-a', now)).toBeNull();
    expect(lastRunAt([{ key: 'agent:mc-a:main', status: 'failed', endedAt: ago(1_000).getTime() }], 'mc-a', now)).toBeNull();
    expect(lastRunAt([{ key: 'agent:mc-ab:main', status: 'running' }], 'mc-a', now)).toBeNull();
    expect(lastRunAt([{ key: 'agent:mc-a:main', status: 'done', endedAt: now.getTime() + 5 * min }], 'mc-a', now)).toEqual(now);
    expect(lastRunAt([{ key: 'agent:mc-a:main', status: 'done', endedAt: 'soon' }], 'mc-a', now)).toBeNull();
  });

  it('keeps a checked-in agent online while it works, and nothing else', () => {
    const worked = ago(min);
    const idle = { status: 'online', lastSeenAt: ago(30 * min), lastWakeSentAt: ago(60 * min) };
    expect(computedStatus(idle, now)).toBe('offline');
    const seen = sessionPresence(idle, worked);
    expect(seen).toEqual(worked);
    expect(computedStatus({ ...idle, lastSeenAt: seen }, now)).toBe('online');
    // Never checked in, or woken again and not yet checked in: only a check-in counts.
    expect(sessionPresence({ status: 'provisioning', lastSeenAt: null, lastWakeSentAt: ago(min) }, worked)).toBeNull();
    expect(sessionPresence({ status: 'online', lastSeenAt: ago(30 * min), lastWakeSentAt: ago(2 * min) }, worked)).toBeNull();
    // Lifecycle states are not presence's to change (offline here = missed wake-ups).
    for (const status of ['updating', 'deleting', 'failed', 'offline']) expect(sessionPresence({ ...idle, status }, worked)).toBeNull();
    // Nothing newer, or newer by less than the touch step: no write.
    expect(sessionPresence(idle, null)).toBeNull();
    expect(sessionPresence({ ...idle, lastSeenAt: ago(min + 10_000) }, worked)).toBeNull();
    expect(sessionPresence({ ...idle, lastSeenAt: now }, worked)).toBeNull();
  });
});
