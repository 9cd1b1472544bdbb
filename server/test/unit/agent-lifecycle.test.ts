import { describe, expect, it } from 'vitest';
import { mintAgentToken, verifyAgentToken } from '../../src/auth/agent-tokens';
import { heldSlot, tokenForRun } from '../../src/domain/agents/held-token';
import { isGatewayRestart, NEVER_CHECKED_IN, reconcileDecision, runFailed, runRequested, runRetrying, runSucceeded } from '../../src/domain/agents/lifecycle';

const now = new Date('2026-12-04T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const base = { status: 'provisioning', lastSeenAt: null, lastWakeSentAt: ago(40_000), wakeAttempts: 1, checkinDeadlineAt: ago(10_000), lifecycleGeneration: 4 } as const;

describe('lifecycle runs', () => {
  it('a run with a wake bumps the generation, counts the wake and sets the deadline', () => {
    const changes = runRequested({ ...base }, 'update', true, now);
    expect(changes).toMatchObject({ status: 'updating', lifecycleGeneration: 5, wakeAttempts: 2, lastWakeSentAt: now, lastProvisionError: null });
    expect(changes.checkinDeadlineAt!.getTime() - now.getTime()).toBe(30_000);
    expect(runRequested({ ...base }, 'provision', false, now)).not.toHaveProperty('wakeAttempts');
  });

  it('success never claims the agent is online before it has been seen', () => {
    expect(runSucceeded({ ...base }, true, now).status).toBe('provisioning');
    expect(runSucceeded({ ...base, lastSeenAt: ago(1000) }, false, now).status).toBe('online');
  });

  it('failure keeps the error and ends the pending run', () => {
    expect(runFailed('Gateway unreachable')).toEqual({ provisionRequestedAt: null, provisionAction: null, status: 'failed', lastProvisionError: 'Gateway unreachable' });
  });

  it('a failure that will be retried shows failed with the reason at once, keeping the pending action (BR-41)', () => {
    expect(runRetrying('Gateway unreachable: connect ECONNREFUSED')).toEqual({ status: 'failed', lastProvisionError: 'Gateway unreachable: connect ECONNREFUSED' });
    expect(runRetrying('x'.repeat(5000)).lastProvisionError).toHaveLength(2000);
    // A gateway restarting under the run (close 1012, 2026.3.31 after our config change) is not a failure to show.
    expect(runRetrying('Gateway unreachable: connection lost: service restart', true)).toEqual({ lastProvisionError: 'Gateway unreachable: connection lost: service restart' });
    expect(isGatewayRestart({ closeCode: 1012 })).toBe(true);
    for (const closeCode of [1006, 1001, 1013, null, undefined]) expect(isGatewayRestart({ closeCode })).toBe(false);
  });
});

describe('reconcile at the check-in deadline', () => {
  it.each([
    ['agent deleted', null, 4, 'done'],
    ['stale job', { ...base }, 3, 'done'],
    ['being deleted', { ...base, status: 'deleting' }, 4, 'done'],
    ['checked in after the wake', { ...base, lastSeenAt: ago(5_000) }, 4, 'done'],
    ['deadline not reached', { ...base, checkinDeadlineAt: new Date(now.getTime() + 12_000) }, 4, 'later'],
    ['missed, attempts left', { ...base }, 4, 'rewake'],
    ['missed, attempts used up', { ...base, wakeAttempts: 3 }, 4, 'offline'],
    ['seen only before the wake', { ...base, lastSeenAt: ago(60_000) }, 4, 'rewake'],
  ] as const)('%s → %s', (_name, agent, generation, kind) => {
    const decision = reconcileDecision(agent, generation, now);
    expect(decision.kind).toBe(kind);
    if (decision.kind === 'later') expect(decision.delayMs).toBe(12_000);
    if (decision.kind === 'offline') expect(decision.changes.lastProvisionError).toBe(NEVER_CHECKED_IN);
  });
});

describe('the token a lifecycle run writes (bug 29)', () => {
  const current = mintAgentToken();
  const previous = mintAgentToken();
  const agent = { agentTokenPrefix: current.prefix, agentTokenHash: current.hash, previousTokenPrefix: previous.prefix, previousTokenHash: previous.hash };

  it('a workspace token that still authenticates is written again and nothing stored changes', () => {
    expect(tokenForRun(agent, current.token)).toEqual({ token: current.token, columns: {} });
    expect(tokenForRun(agent, previous.token)).toEqual({ token: previous.token, columns: {} });
  });

  it('no token, an unknown one, or the right secret under another prefix: a new token, and the one the agent last proved it holds stays valid', () => {
    const otherPrefix = `mca_${mintAgentToken().prefix}.${current.token.split('.')[1]}`;
    expect(heldSlot(agent, otherPrefix)).toBeNull();
    for (const held of [null, mintAgentToken().token, otherPrefix]) {
      const run = tokenForRun(agent, held);
      expect(run.token).not.toBe(held);
      expect(verifyAgentToken(run.token, run.columns.agentTokenHash ?? null)).toBe(true);
      expect(run.columns.previousTokenHash).toBe(previous.hash);
    }
    const fresh = { agentTokenPrefix: current.prefix, agentTokenHash: current.hash, previousTokenPrefix: null, previousTokenHash: null };
    expect(tokenForRun(fresh, null).columns.previousTokenHash).toBe(current.hash);
  });

  it('runs in a row that each find the token the last one wrote keep it: every token a workspace carried still works', () => {
    let stored = { agentTokenPrefix: null as string | null, agentTokenHash: null as string | null, previousTokenPrefix: null as string | null, previousTokenHash: null as string | null };
    let workspace: string | null = null;
    const carried: string[] = [];
    for (let run = 0; run < 4; run++) {
      const next = tokenForRun(stored, workspace);
      stored = { ...stored, ...next.columns };
      workspace = next.token;
      carried.push(workspace);
    }
    for (const token of carried) expect(verifyAgentToken(token, stored.agentTokenHash) || verifyAgentToken(token, stored.previousTokenHash)).toBe(true);
  });
});
