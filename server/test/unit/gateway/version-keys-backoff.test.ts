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
import { checkGatewayVersion, compareCalVer, gatewayVersionOf, parseCalVer } from '../../../src/gateway/version';

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

describe('BR-39: versions as gateways really report them', () => {
  const MIN = '2026.02.9';
  it.each([
    ['2026.2.17', true],
    ['2026.02.17', true],
    ['v2026.2.17', true],
    ['2026.2.17-beta.1', true],
    ['V2026.9.1-RC.2', true],
    ['2026.2.9-beta.1', false],
    ['2026.1.30', false],
    ['garbage', false],
    ['2026.2.17-', false],
    ['', false],
    [null, false],
  ])('%s against %s → ok=%s', (reported, ok) => {
    expect(checkGatewayVersion(reported, MIN).ok).toBe(ok);
  });

  it('a pre-release sorts before its release and by its identifiers', () => {
    const v = (s: string) => parseCalVer(s)!;
    expect(parseCalVer('2026.9.1-beta.1')).toEqual({ year: 2026, month: 9, day: 1, rev: 0, pre: ['beta', '1'] });
    expect(compareCalVer(v('2026.9.1-beta.1'), v('2026.9.1'))).toBeLessThan(0);
    expect(compareCalVer(v('2026.9.1-beta.2'), v('2026.9.1-beta.10'))).toBeLessThan(0);
    expect(compareCalVer(v('2026.9.1-alpha.3'), v('2026.9.1-beta.1'))).toBeLessThan(0);
    expect(compareCalVer(v('2026.9.1-beta'), v('2026.9.1-beta.1'))).toBeLessThan(0);
    expect(compareCalVer(v('2026.9.1-beta.1'), v('2026.8.30'))).toBeGreaterThan(0);
    expect(compareCalVer(v('2026.9.1-beta.1'), v('2026.9.1-beta.1'))).toBe(0);
  });

  it('refusals name the version found and the minimum', () => {
    const old = checkGatewayVersion('2026.1.30', MIN);
    expect(!old.ok && old.message).toBe('Gateway version 2026.1.30 is not supported. Minimum supported version is 2026.02.9.');
    const bad = checkGatewayVersion('garbage', MIN);
    expect(!bad.ok && bad.message).toBe("Gateway reported an unsupported version format 'garbage'. Minimum supported version is 2026.02.9.");
    const missing = checkGatewayVersion(null, MIN);
    expect(!missing.ok && missing.message).toMatch(/Unable to determine gateway version.*2026\.02\.9/);
  });

  it('a missing or placeholder version ("dev") uses the release in the build id or the config metadata; anything else stays as reported', () => {
    expect(gatewayVersionOf({ reported: '2026.9.6', buildId: '2027.1.1-release-x' })).toBe('2026.9.6');
    expect(gatewayVersionOf({ reported: 'dev', buildId: '2026.9.6-release-eb377ac59e6c-2026-09-23T16-33-12.144Z' })).toBe('2026.9.6');
    expect(gatewayVersionOf({ reported: 'dev', buildId: null, configVersion: '2026.3.31' })).toBe('2026.3.31');
    expect(gatewayVersionOf({ reported: ' Unknown ', buildId: 'nightly', configVersion: '2026.3.31' })).toBe('2026.3.31');
    expect(gatewayVersionOf({ reported: null, configVersion: '2026.3.31' })).toBe('2026.3.31');
    expect(gatewayVersionOf({ reported: 'dev', buildId: 'nightly', configVersion: 'x' })).toBe('dev');
    expect(gatewayVersionOf({ reported: null })).toBeNull();
    expect(gatewayVersionOf({ reported: 'garbage', buildId: '2026.9.6-release-x', configVersion: '2026.9.6' })).toBe('garbage');
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
