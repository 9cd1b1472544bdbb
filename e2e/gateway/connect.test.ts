// Handshake, version/protocol negotiation, health and config, credentials and pairing against
// a real gateway of the version under test (OPENCLAW_VERSION / PROTOCOL).
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayConnection } from '../../server/src/gateway/connection';
import { GatewayError } from '../../server/src/gateway/errors';
import { createDeviceIdentity } from '../../server/src/gateway/identity';
import { GatewayManager, type DeviceTokenStore } from '../../server/src/gateway/manager';
import { probeGateway } from '../../server/src/gateway/probe';
import { GatewayRpc } from '../../server/src/gateway/rpc';
import { checkGatewayVersion } from '../../server/src/gateway/version';
import { useSharedGateway } from './harness/fixture';
import { startTlsProxy } from './harness/tls-proxy';
import { eventually } from './harness/wait';

const fx = useSharedGateway();
/** Mission Control always has an installation identity; protocol-3 gateways grant scopes only to devices. */
const identity = createDeviceIdentity();
const opened: Array<{ close(): Promise<void> }> = [];
function track<T extends { close(): Promise<void> }>(value: T): T {
  opened.push(value);
  return value;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
}, 120_000);

/** Makes the gateway see a remote client: it trusts 127.0.0.1 as a proxy (see the harness config). */
const REMOTE = { 'X-Forwarded-For': '203.0.113.7' };

describe(`handshake with OpenClaw ${process.env.OPENCLAW_VERSION}`, () => {
  it('negotiates the protocol the gateway speaks and reports its version and granted scopes', async () => {
    const conn = track(new GatewayConnection({ url: fx.gateway.url, token: fx.gateway.token, identity }));
    const hello = await conn.ready(30_000);
    expect(hello.protocol).toBe(fx.protocol);
    expect(hello.serverVersion).toBe(fx.version);
    expect(checkGatewayVersion(hello.serverVersion, '2026.02.9')).toEqual({ ok: true, version: fx.version });
    expect(hello.scopes).toContain('operator.admin');
    expect(hello.methods).toEqual(expect.arrayContaining(['health', 'config.get', 'agents.create', 'chat.send', 'chat.history']));
  });

  it('answers health and config.get over the shared connection, concurrently', async () => {
    const rpc = new GatewayRpc(track(new GatewayConnection({ url: fx.gateway.url, token: fx.gateway.token, identity })));
    const [health, config, agents] = await Promise.all([rpc.health(), rpc.configGet(), rpc.agentsList()]);
    expect(health.ok).toBe(true);
    expect(typeof config.hash).toBe('string');
    expect(agents.agents.map((a) => a.id)).toContain('main');
  });

  it('refuses a wrong token with a typed auth error and does not keep retrying it quickly', async () => {
    const conn = track(new GatewayConnection({ url: fx.gateway.url, token: 'wrong-token' }));
    const error = await conn.ready(30_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).kind).toBe('auth');
    expect((error as GatewayError).message).not.toContain(fx.gateway.token);
    expect(conn.status().retryDelayMs).toBeGreaterThanOrEqual(5_000);
  });

  it('surfaces an unknown method as an rpc error carrying the gateway code', async () => {
    const conn = track(new GatewayConnection({ url: fx.gateway.url, token: fx.gateway.token, identity }));
    const error = await conn.call('no.such.method', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ kind: 'rpc', code: 'INVALID_REQUEST', method: 'no.such.method' });
  });

  it('probes a gateway before it is saved: compatible, wrong token, too old, unreachable', async () => {
    const ok = await probeGateway({ url: fx.gateway.url, token: fx.gateway.token }, { identity, minVersion: '2026.02.9', timeoutMs: 30_000 });
    expect(ok).toMatchObject({ ok: true, version: fx.version });
    const wrong = await probeGateway({ url: fx.gateway.url, token: 'nope' }, { identity, timeoutMs: 30_000 });
    expect(wrong).toMatchObject({ ok: false, reason: 'connection', error: { kind: 'auth' } });
    const old = await probeGateway({ url: fx.gateway.url, token: fx.gateway.token }, { identity, minVersion: '2099.1.1', timeoutMs: 30_000 });
    expect(old).toMatchObject({ ok: false, reason: 'incompatible', message: `Gateway version ${fx.version} is not supported. Minimum supported version is 2099.1.1.` });
    const down = await probeGateway({ url: 'ws://127.0.0.1:1', token: 'x' }, { identity, timeoutMs: 10_000 });
    expect(down).toMatchObject({ ok: false, reason: 'connection', error: { kind: 'unreachable' } });
  });

  it('reports unreachable for a port nobody listens on', async () => {
    const conn = track(new GatewayConnection({ url: 'ws://127.0.0.1:1', token: 'x', reconnect: false }));
    const error = await conn.ready(10_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unreachable' });
  });

  it('with device pairing disabled connects without a device and says when scopes are missing', async () => {
    const manager = new GatewayManager({ identity: createDeviceIdentity() });
    opened.push({ close: () => manager.closeAll() });
    await manager.upsert({ id: 'local', url: fx.gateway.url, token: fx.gateway.token, disableDevicePairing: true });
    const status = await eventually(() => {
      const s = manager.status('local');
      return s?.connected ? s : undefined;
    }, { timeoutMs: 60_000, what: 'connected' });
    expect(status.protocol).toBe(fx.protocol);
    if (fx.protocol >= 4) {
      // 2026.9.6 retired the Control UI bypass; the backend client on the same host keeps its scopes.
      expect(manager.connection('local')!.clientMode).toBe('backend');
      expect(status.scopes).toContain('operator.admin');
      expect(status.missing_scopes).toEqual([]);
      expect((await manager.get('local')!.health()).ok).toBe(true);
    } else {
      // 2026.3.31 clears the scopes of a client without a device unless the gateway enables
      // its Control UI bypass: connected, but nothing works, and the status says why.
      expect(status.missing_scopes).toContain('operator.admin');
      expect(status.error).toMatch(/granted no/);
      const error = await manager.get('local')!.configGet().catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'auth', detailsCode: 'MISSING_SCOPE' });
    }
  });
});

describe(`wss with OpenClaw ${process.env.OPENCLAW_VERSION}`, () => {
  it('checks certificates by default; allow_insecure_tls accepts a self-signed one for that gateway only', async () => {
    const port = Number(new URL(fx.gateway.url).port);
    const proxy = await startTlsProxy(port);
    opened.push({ close: () => proxy.stop() });

    const strict = track(new GatewayConnection({ url: proxy.url, token: fx.gateway.token, identity, reconnect: false }));
    const error = await strict.ready(30_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ kind: 'unreachable', retryable: false });
    expect((error as GatewayError).message).toMatch(/^TLS error/);

    const manager = new GatewayManager({ identity });
    opened.push({ close: () => manager.closeAll() });
    await manager.upsert({ id: 'insecure', url: proxy.url, token: fx.gateway.token, allowInsecureTls: true });
    await manager.upsert({ id: 'strict', url: proxy.url, token: fx.gateway.token });
    await eventually(() => manager.status('insecure')?.connected, { timeoutMs: 60_000, what: 'insecure-TLS gateway connected' });
    expect((await manager.get('insecure')!.health()).ok).toBe(true);
    const strictStatus = await eventually(() => {
      const s = manager.status('strict');
      return s && !s.connected && s.error ? s : undefined;
    }, { timeoutMs: 60_000, what: 'strict gateway refused' });
    expect(strictStatus.error).toMatch(/TLS error/);
  });
});

describe(`device pairing with OpenClaw ${process.env.OPENCLAW_VERSION}`, () => {
  it('surfaces pairing-required with the approval command, then connects with the issued device token', async () => {
    const identity = createDeviceIdentity();
    const stored = new Map<string, string>();
    const store: DeviceTokenStore = {
      load: async (id) => stored.get(id) ?? null,
      save: async (id, issued) => {
        stored.set(id, issued.token);
      },
    };
    const manager = new GatewayManager({
      identity,
      deviceTokens: store,
      connection: { headers: REMOTE, backoff: { baseMs: 200, factor: 2, maxMs: 2_000, jitter: 0.2 } },
    });
    opened.push({ close: () => manager.closeAll() });
    await manager.upsert({ id: 'remote', url: fx.gateway.url, token: fx.gateway.token });

    const pending = await eventually(() => {
      const s = manager.status('remote');
      return s?.error_kind === 'pairing_required' ? s : undefined;
    }, { timeoutMs: 60_000, what: 'pairing_required status' });
    expect(pending.connected).toBe(false);
    expect(pending.pairing?.requestId).toBeTruthy();
    expect(pending.pairing?.deviceId).toBe(identity.deviceId);
    expect(pending.pairing?.approveCommand).toBe(`openclaw devices approve ${pending.pairing!.requestId}`);
    expect(pending.error).toContain(pending.pairing!.approveCommand);

    // An operator approves it (here through a local admin connection instead of the CLI).
    const admin = new GatewayRpc(track(new GatewayConnection({ url: fx.gateway.url, token: fx.gateway.token, identity: createDeviceIdentity() })));
    const list = await admin.devicePairList();
    expect(list.pending.map((p) => p.requestId)).toContain(pending.pairing!.requestId);
    await admin.devicePairApprove(pending.pairing!.requestId!);

    // The manager keeps retrying on its own and gets the device token on the next connect.
    await eventually(() => manager.status('remote')?.connected, { timeoutMs: 60_000, what: 'connected after approval' });
    const token = await eventually(() => stored.get('remote'), { timeoutMs: 30_000, what: 'device token stored' });
    expect(token).not.toBe(fx.gateway.token);

    // Later connects work with the device token alone (no shared secret).
    const byDevice = track(new GatewayConnection({ url: fx.gateway.url, deviceToken: token, identity, headers: REMOTE }));
    const hello = await byDevice.ready(30_000);
    // 2026.3.31's hello does not name the auth method; 2026.9.6 does.
    if (fx.protocol >= 4) expect(hello.authMethod).toBe('device-token');
    expect((await new GatewayRpc(byDevice).health()).ok).toBe(true);

    // A device the gateway never saw gets nowhere with that token.
    const stranger = track(new GatewayConnection({ url: fx.gateway.url, deviceToken: token, identity: createDeviceIdentity(), headers: REMOTE, reconnect: false }));
    const refused = await stranger.ready(30_000).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(['auth', 'pairing_required'], JSON.stringify({ ...(refused as GatewayError), message: (refused as GatewayError).message })).toContain((refused as GatewayError).kind);
  });
});
