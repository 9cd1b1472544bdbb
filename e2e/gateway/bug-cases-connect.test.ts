// Connection bug cases against a real gateway (shared: nothing here stops it).
// BR-38: the connect metadata the gateway pins (platform, scopes): what it records for us, and a
//   device paired under another platform is told so (pairing again), not shown as a dead gateway.
// BR-43: wss:// with a self-signed certificate through the registration API: refused with a
//   certificate message unless that gateway allows it; the override stays with that gateway; a
//   ws:// URL to a TLS port answers promptly.
// BR-44: gateway URLs with explicit default ports, IPv6, paths and blanks around them are valid;
//   http(s), out-of-range ports, non-URLs and blanks are 422.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayConnection } from '../../server/src/gateway/connection';
import { GatewayError } from '../../server/src/gateway/errors';
import { clientPlatform } from '../../server/src/gateway/handshake';
import { createDeviceIdentity } from '../../server/src/gateway/identity';
import { GatewayManager } from '../../server/src/gateway/manager';
import { GatewayRpc } from '../../server/src/gateway/rpc';
import { createTestApp, type TestApp } from '../../server/test/support/app';
import { useSharedGateway } from './harness/fixture';
import { startTlsProxy, type TlsProxy } from './harness/tls-proxy';
import { eventually } from './harness/wait';

const fx = useSharedGateway();
/** Makes the gateway see a remote client: it trusts 127.0.0.1 as a proxy (see the harness config). */
const REMOTE = { 'X-Forwarded-For': '203.0.113.9' };
const FAST = { baseMs: 200, factor: 2, maxMs: 2_000, jitter: 0.2 };
let t: TestApp;
let admin: GatewayRpc;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  t = await createTestApp();
  const conn = new GatewayConnection({ url: fx.gateway.url, token: fx.gateway.token, identity: createDeviceIdentity() });
  closers.push(() => conn.close());
  admin = new GatewayRpc(conn);
  await conn.ready(60_000);
}, 120_000);
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await t?.close();
}, 120_000);

const register = (body: Record<string, unknown>) =>
  t.api('POST', '/api/v1/gateways', { body: { name: 'Gateway', token: fx.gateway.token, workspace_root: fx.gateway.workspaceRoot, ...body } });
const count = async () => (await t.api('GET', '/api/v1/gateways')).json().total as number;
type Paired = { deviceId?: string; platform?: string; scopes?: string[] };

describe(`BR-38 connect metadata on OpenClaw ${fx.version}`, () => {
  it('the gateway grants operator.read and operator.admin and records our device with the host platform', async () => {
    const identity = createDeviceIdentity();
    const conn = new GatewayConnection({ url: fx.gateway.url, token: fx.gateway.token, identity });
    closers.push(() => conn.close());
    const hello = await conn.ready(30_000);
    expect(hello.scopes).toEqual(expect.arrayContaining(['operator.read', 'operator.admin']));
    // 2026.3.31 pairs a local client silently and shows the record; 2026.9.6 does not pair local
    // shared-secret clients at all (the remote pairing below shows what it records).
    const paired = ((await admin.devicePairList()).paired as Paired[]).find((d) => d.deviceId === identity.deviceId);
    if (fx.protocol === 3) {
      expect(paired?.platform).toBe(clientPlatform());
      expect(paired?.scopes).toEqual(expect.arrayContaining(['operator.read', 'operator.admin']));
    } else {
      expect(paired).toBeUndefined();
    }
  });

  it('a device paired under another platform: disconnected with a message naming the platform change, connected once approved', async () => {
    const identity = createDeviceIdentity();
    // Paired from a "windows" host first (through a proxy, so an operator has to approve it).
    const asWindows = () => new GatewayConnection({ url: fx.gateway.url, token: fx.gateway.token, identity, headers: REMOTE, platform: 'windows', reconnect: false });
    const first = asWindows();
    const refused = await first.ready(30_000).catch((e: unknown) => e);
    await first.close();
    expect(refused).toMatchObject({ kind: 'pairing_required' });
    await admin.devicePairApprove((refused as GatewayError).pairing!.requestId!);
    const windows = asWindows();
    closers.push(() => windows.close());
    await windows.ready(30_000);
    await windows.close();
    const pinned = ((await admin.devicePairList()).paired as Paired[]).find((d) => d.deviceId === identity.deviceId);
    expect(pinned).toMatchObject({ platform: 'windows' });

    // Mission Control with that device reports the host's platform: the gateway wants a new approval.
    const manager = new GatewayManager({ identity, connection: { headers: REMOTE, backoff: FAST } });
    closers.push(() => manager.closeAll());
    await manager.upsert({ id: 'moved', url: fx.gateway.url, token: fx.gateway.token });
    const status = await eventually(() => {
      const s = manager.status('moved');
      return s?.error_kind === 'pairing_required' ? s : undefined;
    }, { timeoutMs: 60_000, what: 'pairing required for the platform change' });
    expect(status.connected).toBe(false);
    expect(status.pairing?.reason).toBe('metadata-upgrade');
    expect(status.error).toMatch(/different platform/);
    expect(status.error).toContain(`openclaw devices approve ${status.pairing!.requestId}`);

    await admin.devicePairApprove(status.pairing!.requestId!);
    await eventually(() => manager.status('moved')?.connected, { timeoutMs: 60_000, what: 'connected after approval' });
    const paired = ((await admin.devicePairList()).paired as Paired[]).find((d) => d.deviceId === identity.deviceId);
    expect(paired?.platform).toBe(clientPlatform());
    expect(['linux', 'darwin', 'windows']).toContain(paired?.platform);
    expect(paired?.scopes).toEqual(expect.arrayContaining(['operator.read', 'operator.admin']));
  });
});

describe(`BR-43 self-signed wss:// gateways through the API on OpenClaw ${fx.version}`, () => {
  let proxy: TlsProxy;
  let wrongName: TlsProxy;
  beforeAll(async () => {
    const port = Number(new URL(fx.gateway.url).port);
    proxy = await startTlsProxy(port);
    wrongName = await startTlsProxy(port, { certificateHost: 'wrong-host.example.test' });
    closers.push(() => proxy.stop(), () => wrongName.stop());
  });

  it('refused with a certificate message and nothing stored; allowed for that gateway only; the override is not global', async () => {
    const before = await count();
    const strict = await register({ url: proxy.url, allow_insecure_tls: false });
    expect(strict.statusCode, strict.body).toBe(502);
    expect(strict.json().detail).toMatch(/TLS error: .*certificate/i);
    expect(await count()).toBe(before);

    const insecure = await register({ url: proxy.url, allow_insecure_tls: true });
    expect(insecure.statusCode, insecure.body).toBe(200);
    expect(insecure.json()).toMatchObject({ url: proxy.url, allow_insecure_tls: true });
    const status = (await t.api('GET', `/api/v1/gateways/status?gateway_id=${insecure.json().id}`)).json();
    expect(status).toMatchObject({ connected: true, server_version: fx.version });

    // With that gateway connected, another one with a certificate for another name is still checked.
    const other = await register({ url: wrongName.url, allow_insecure_tls: false });
    expect(other.statusCode, other.body).toBe(502);
    expect(other.json().detail).toMatch(/TLS error: .*certificate/i);
    expect(await count()).toBe(before + 1);
  });

  it('plain ws:// to the TLS port: a prompt 422 saying to use wss://; nothing stored', async () => {
    const before = await count();
    const started = Date.now();
    const res = await register({ url: `ws://127.0.0.1:${proxy.port}` });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().detail).toBe(
      `Gateway compatibility check failed: 127.0.0.1:${proxy.port} answers with TLS, not plain WebSocket. Use a wss:// URL (with allow_insecure_tls for a self-signed certificate).`,
    );
    expect(await count()).toBe(before);
  });
});

describe(`BR-44 gateway URL forms on OpenClaw ${fx.version}`, () => {
  const port = () => new URL(fx.gateway.url).port;

  it('blanks around a valid URL are trimmed; the trimmed URL is stored', async () => {
    const res = await register({ url: `  ws://127.0.0.1:${port()}  ` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().url).toBe(`ws://127.0.0.1:${port()}`);
  });

  it.each([
    ['an explicit default port', () => 'ws://127.0.0.1:80'],
    ['IPv6 loopback', () => `ws://[::1]:${port()}`],
    ['a path', () => `ws://127.0.0.1:${port()}/gateway`],
  ])('%s is a valid URL: registered or a connection error, never a validation error', async (_what, url) => {
    const res = await register({ url: url() });
    expect([200, 502], res.body).toContain(res.statusCode);
    if (res.statusCode === 502) expect(res.json().detail).toMatch(/^Gateway compatibility check failed: /);
  });

  it.each(['https://gw.example.test:443', `http://localhost:18789`, 'wss://gw.example.test:65536', 'not-a-url', '', '   '])('%j is 422 with a reason', async (url) => {
    const before = await count();
    const res = await register({ url });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ request_id: expect.any(String) });
    expect(JSON.stringify(res.json().detail)).toMatch(/ws:\/\/ or wss:\/\//);
    expect(await count()).toBe(before);
  });
});
