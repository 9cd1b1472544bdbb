import { describe, expect, it } from 'vitest';
import { backoffDelay, RECONNECT_BACKOFF } from '../../../src/gateway/backoff';
import {
  agentKeyFromSessionKey,
  gatewayMainAgentKey,
  leadAgentKey,
  mainSessionKey,
  slugify,
  workerAgentKey,
  workspacePath,
} from '../../../src/gateway/session-keys';
import { checkGatewayVersion, compareCalVer, parseCalVer } from '../../../src/gateway/version';

describe('CalVer', () => {
  it('parses YYYY.M.D, -REV and a leading v; rejects nonsense', () => {
    expect(parseCalVer('2026.9.6')).toEqual({ year: 2026, month: 9, day: 6, rev: 0 });
    expect(parseCalVer('v2026.02.9-3')).toEqual({ year: 2026, month: 2, day: 9, rev: 3 });
    expect(parseCalVer('2026.13.1')).toBeNull();
    expect(parseCalVer('2026.9')).toBeNull();
    expect(parseCalVer('')).toBeNull();
  });

  it('compares numerically, not as strings', () => {
    expect(compareCalVer(parseCalVer('2026.10.1')!, parseCalVer('2026.9.30')!)).toBeGreaterThan(0);
    expect(compareCalVer(parseCalVer('2026.3.31')!, parseCalVer('2026.3.31-1')!)).toBeLessThan(0);
  });

  it('checks against the minimum with clear messages', () => {
    expect(checkGatewayVersion('2026.9.6', '2026.02.9')).toEqual({ ok: true, version: '2026.9.6' });
    expect(checkGatewayVersion('2026.3.31', '2026.02.9').ok).toBe(true);
    const old = checkGatewayVersion('2026.1.5', '2026.02.9');
    expect(old).toMatchObject({ ok: false, reason: 'too_old' });
    expect(!old.ok && old.message).toBe('Gateway version 2026.1.5 is not supported. Minimum supported version is 2026.02.9.');
    expect(checkGatewayVersion(null, '2026.02.9')).toMatchObject({ ok: false, reason: 'unknown' });
    expect(checkGatewayVersion('dev', '2026.02.9')).toMatchObject({ ok: false, reason: 'bad_format' });
    expect(checkGatewayVersion('2026.9.6', 'soon')).toMatchObject({ ok: false, reason: 'invalid_minimum' });
    // Blank minimum falls back to the built-in floor.
    expect(checkGatewayVersion('2026.1.29', ' ')).toMatchObject({ ok: false, reason: 'too_old' });
    expect(checkGatewayVersion('2026.1.30', '')).toMatchObject({ ok: true });
  });
});

describe('session keys and workspaces', () => {
  it('derives deterministic agent keys and session keys', () => {
    expect(mainSessionKey(workerAgentKey('a1'))).toBe('agent:mc-a1:main');
    expect(mainSessionKey(leadAgentKey('b1'))).toBe('agent:lead-b1:main');
    expect(mainSessionKey(gatewayMainAgentKey('g1'))).toBe('agent:mc-gateway-g1:main');
    expect(agentKeyFromSessionKey('agent:mc-a1:main')).toBe('mc-a1');
    expect(agentKeyFromSessionKey('main')).toBeNull();
    expect(agentKeyFromSessionKey('agent::main')).toBeNull();
  });

  it('builds workspace paths, keeping the historic gateway-main form and ~', () => {
    expect(workspacePath('~/ws/', 'mc-a1')).toBe('~/ws/workspace-mc-a1');
    expect(workspacePath('/srv/ws', 'mc-gateway-g1')).toBe('/srv/ws/workspace-gateway-g1');
    expect(slugify(' Lead  Agent! ')).toBe('lead-agent');
  });
});

describe('reconnect backoff', () => {
  it('grows exponentially, is capped, and spreads by jitter', () => {
    const mid = () => 0.5;
    expect(backoffDelay(RECONNECT_BACKOFF, 1, mid)).toBe(500);
    expect(backoffDelay(RECONNECT_BACKOFF, 2, mid)).toBe(1000);
    expect(backoffDelay(RECONNECT_BACKOFF, 20, mid)).toBe(30_000);
    expect(backoffDelay(RECONNECT_BACKOFF, 3, () => 0)).toBe(1600);
    expect(backoffDelay(RECONNECT_BACKOFF, 3, () => 0.999999)).toBe(2400);
  });

  it('bounds attempts per minute while a gateway stays down', () => {
    let elapsed = 0;
    let attempts = 0;
    while (elapsed < 60_000) {
      attempts++;
      elapsed += backoffDelay(RECONNECT_BACKOFF, attempts, () => 0);
    }
    expect(attempts).toBeLessThanOrEqual(10);
  });
});
