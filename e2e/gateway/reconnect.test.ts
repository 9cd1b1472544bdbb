// Connection resilience against a real gateway: sudden death and restart, a frozen process
// (SIGSTOP), and no reconnect storm while it is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../server/src/gateway/connection';
import { GatewayError } from '../../server/src/gateway/errors';
import { createDeviceIdentity } from '../../server/src/gateway/identity';
import { GatewayManager, type GatewayStatus } from '../../server/src/gateway/manager';
import { readyNow } from '../../server/src/gateway/ready-now';
import { useOwnGateway } from './harness/fixture';
import { eventually } from './harness/wait';

const fx = useOwnGateway();
const BACKOFF = { baseMs: 250, factor: 2, maxMs: 4_000, jitter: 0.2 };
let manager: GatewayManager;
const transitions: GatewayStatus[] = [];
const warnings: string[] = [];

beforeAll(async () => {
  manager = new GatewayManager({
    identity: createDeviceIdentity(),
    connection: { keepaliveIntervalMs: 1_000, connectTimeoutMs: 5_000, backoff: BACKOFF, callTimeoutMs: 10_000 },
    logger: { info: () => {}, warn: (message, fields) => warnings.push(`${message} ${JSON.stringify(fields)}`) },
  });
  manager.onStatusChange((s) => transitions.push(s));
  await manager.upsert({ id: 'gw', url: fx.gateway.url, token: fx.gateway.token });
  await eventually(() => manager.status('gw')?.connected, { what: 'first connect' });
}, 120_000);
afterAll(async () => {
  fx.gateway?.thaw();
  await manager?.closeAll();
}, 120_000);

const status = () => manager.status('gw')!;
const connection = () => manager.connection('gw')!;

describe(`reconnection with OpenClaw ${process.env.OPENCLAW_VERSION}`, () => {
  it('keeps one shared connection for an unchanged config and reports it connected', async () => {
    const before = connection();
    await manager.upsert({ id: 'gw', url: fx.gateway.url, token: fx.gateway.token });
    expect(connection()).toBe(before);
    expect(status()).toMatchObject({ connected: true, server_version: fx.version, protocol: fx.protocol, error: null });
  });

  it('notices a killed gateway, backs off without a storm, and reconnects on its own after restart', async () => {
    const connId = connection().status().hello?.connId;
    const delays: number[] = [];
    const off = connection().onStateChange((s: ConnectionStatus) => {
      if (s.state === 'backoff' && s.retryDelayMs !== null) delays.push(s.retryDelayMs);
    });
    warnings.length = 0;
    await fx.gateway.kill();
    await eventually(() => !status().connected, { timeoutMs: 30_000, what: 'disconnected status' });
    expect(status().error_kind).toBe('unreachable');

    // While it is down, each retry waits longer than the one before (jittered exponential).
    await eventually(() => delays.length >= 5, { timeoutMs: 60_000, what: 'five retries while down' });
    off();
    for (let i = 1; i < 5; i++) {
      const floor = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * BACKOFF.factor ** (i - 1)) * (1 - BACKOFF.jitter);
      expect(delays[i - 1]).toBeGreaterThanOrEqual(Math.floor(floor));
    }
    // Logged once per state change, not once per attempt.
    expect(warnings.filter((w) => w.includes('gateway connection failed'))).toHaveLength(1);

    // A caller that retries on its own (a lifecycle job) asks for an answer now: the connection
    // tries at once and that failure is the answer, long before the (ten minute) deadline; a
    // plain ready() would wait it out while the gateway stays down.
    const asked = await readyNow(connection(), 600_000).catch((e: unknown) => e);
    expect(asked).toBeInstanceOf(GatewayError);
    expect(asked).toMatchObject({ kind: 'unreachable', closeCode: null });

    const calling = manager.get('gw')!.health({ timeoutMs: 120_000 });
    await fx.gateway.restart();
    await eventually(() => status().connected, { timeoutMs: 60_000, what: 'reconnected' });
    expect(connection().status().hello?.connId).not.toBe(connId);
    // A call made while the gateway was down waits for the reconnect and then succeeds.
    expect((await calling).ok).toBe(true);
  });

  it('detects a frozen gateway by keepalive, fails calls with a timeout, and recovers when it thaws', async () => {
    expect(status().connected).toBe(true);
    fx.gateway.freeze();
    const call = await manager.get('gw')!.health({ timeoutMs: 3_000 }).catch((e: unknown) => e);
    expect(call).toBeInstanceOf(GatewayError);
    expect((call as GatewayError).kind).toBe('timeout');
    await eventually(() => !status().connected, { timeoutMs: 30_000, what: 'frozen gateway detected' });
    expect(transitions.some((t) => !t.connected && t.error_kind === 'timeout')).toBe(true);
    fx.gateway.thaw();
    await eventually(() => status().connected, { timeoutMs: 90_000, what: 'reconnected after thaw' });
    expect((await manager.get('gw')!.health()).ok).toBe(true);
  });

  it('stops retrying once removed', async () => {
    const conn = connection();
    await manager.remove('gw');
    expect(conn.status().state).toBe('closed');
    expect(manager.status('gw')).toBeNull();
  });
});
