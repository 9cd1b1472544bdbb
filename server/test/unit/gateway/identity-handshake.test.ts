import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildConnectParams, clientPlatform, controlUiOrigin, OPERATOR_SCOPES, parseHello } from '../../../src/gateway/handshake';
import {
  createDeviceIdentity,
  deviceIdFromPublicKey,
  deviceSignaturePayload,
  rawPublicKey,
  validateDeviceIdentity,
} from '../../../src/gateway/identity';

describe('device identity', () => {
  it('derives the id as sha256 hex of the raw 32-byte key and validates pairs', () => {
    const identity = createDeviceIdentity();
    expect(rawPublicKey(identity.publicKeyPem)).toHaveLength(32);
    expect(identity.deviceId).toMatch(/^[0-9a-f]{64}$/);
    expect(deviceIdFromPublicKey(identity.publicKeyPem)).toBe(identity.deviceId);
    expect(validateDeviceIdentity(identity)).toBe(identity);
    const other = createDeviceIdentity();
    expect(() => validateDeviceIdentity({ ...identity, privateKeyPem: other.privateKeyPem })).toThrow(/do not match/);
    expect(() => validateDeviceIdentity({ ...identity, deviceId: other.deviceId })).toThrow(/id/);
  });

  it('builds v2 and v3 signature payloads field by field', () => {
    const fields = {
      deviceId: 'dev',
      clientId: 'gateway-client',
      clientMode: 'backend',
      role: 'operator',
      scopes: ['operator.read', 'operator.admin'],
      signedAtMs: 1700000000000,
      token: 'tok',
      nonce: 'n-1',
      platform: ' Linux ',
      deviceFamily: null,
    };
    expect(deviceSignaturePayload(fields, 'v2')).toBe('v2|dev|gateway-client|backend|operator|operator.read,operator.admin|1700000000000|tok|n-1');
    expect(deviceSignaturePayload(fields, 'v3')).toBe('v3|dev|gateway-client|backend|operator|operator.read,operator.admin|1700000000000|tok|n-1|linux|');
    expect(deviceSignaturePayload({ ...fields, token: null }, 'v2')).toBe('v2|dev|gateway-client|backend|operator|operator.read,operator.admin|1700000000000||n-1');
  });
});

describe('connect params', () => {
  const identity = createDeviceIdentity();
  const base = { nonce: 'nonce-1', nowMs: 1_800_000_000_000, clientVersion: '1.0.0', platform: 'linux' };

  it('offers protocols 3..4 as the backend client with the shared token and a verifiable signed device', () => {
    const params = buildConnectParams({ ...base, mode: 'backend', credentials: { token: 'secret' }, identity });
    expect(params).toMatchObject({
      minProtocol: 3,
      maxProtocol: 4,
      client: { id: 'gateway-client', mode: 'backend', platform: 'linux', version: '1.0.0' },
      role: 'operator',
      scopes: [...OPERATOR_SCOPES],
      auth: { token: 'secret' },
    });
    const device = params.device!;
    expect(device).toMatchObject({ id: identity.deviceId, nonce: 'nonce-1', signedAt: base.nowMs });
    expect(Buffer.from(device.publicKey, 'base64url').equals(rawPublicKey(identity.publicKeyPem))).toBe(true);
    const payload = `v3|${identity.deviceId}|gateway-client|backend|operator|${OPERATOR_SCOPES.join(',')}|${base.nowMs}|secret|nonce-1|linux|`;
    const ok = verify(null, Buffer.from(payload), createPublicKey(identity.publicKeyPem), Buffer.from(device.signature, 'base64url'));
    expect(ok).toBe(true);
  });

  it('BR-38: reports the host OS as the platform gateways pin at pairing, and asks for operator.read and operator.admin', () => {
    expect(clientPlatform('linux')).toBe('linux');
    expect(clientPlatform('darwin')).toBe('darwin');
    expect(clientPlatform('win32')).toBe('windows');
    expect(['linux', 'darwin', 'windows']).toContain(clientPlatform());
    expect(clientPlatform()).toBe(clientPlatform(process.platform));
    expect(OPERATOR_SCOPES).toEqual(expect.arrayContaining(['operator.read', 'operator.admin', 'operator.approvals', 'operator.pairing']));
  });

  it('uses an issued device token when there is no shared secret and signs over it', () => {
    const params = buildConnectParams({ ...base, mode: 'backend', credentials: { deviceToken: 'dt-1' }, identity });
    expect(params.auth).toEqual({ deviceToken: 'dt-1' });
    const payload = `v3|${identity.deviceId}|gateway-client|backend|operator|${OPERATOR_SCOPES.join(',')}|${base.nowMs}|dt-1|nonce-1|linux|`;
    expect(verify(null, Buffer.from(payload), createPublicKey(identity.publicKeyPem), Buffer.from(params.device!.signature, 'base64url'))).toBe(true);
  });

  it('control-UI mode sends no device; blank tokens are not sent', () => {
    const params = buildConnectParams({ ...base, mode: 'control-ui', credentials: { token: '  ' }, identity });
    expect(params.client).toMatchObject({ id: 'openclaw-control-ui', mode: 'ui' });
    expect(params.device).toBeUndefined();
    expect(params.auth).toBeUndefined();
    expect(controlUiOrigin('wss://gw.example.com:8443/x')).toBe('https://gw.example.com:8443');
    expect(controlUiOrigin('ws://[::1]:18789')).toBe('http://[::1]:18789');
  });

  it('reads the hello, tolerating missing parts', () => {
    const hello = parseHello({
      type: 'hello-ok',
      protocol: 3,
      server: { version: '2026.3.31', connId: 'c1', buildId: '2026.3.31-release-abc' },
      features: { methods: ['health', 1], events: ['tick'] },
      auth: { role: 'operator', scopes: ['operator.admin'], deviceToken: 'dt' },
      policy: { tickIntervalMs: 30000 },
      snapshot: { sessionDefaults: { mainSessionKey: 'agent:main:main', defaultAgentId: 'main' } },
    });
    expect(hello).toMatchObject({
      protocol: 3,
      serverVersion: '2026.3.31',
      serverBuildId: '2026.3.31-release-abc',
      methods: ['health'],
      scopes: ['operator.admin'],
      deviceToken: 'dt',
      tickIntervalMs: 30000,
      mainSessionKey: 'agent:main:main',
    });
    expect(parseHello({ type: 'hello-ok' })).toBeNull();
    expect(parseHello({ protocol: 4 })).toMatchObject({ serverVersion: null, methods: [], scopes: [] });
  });
});
