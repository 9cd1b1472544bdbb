import { describe, expect, it } from 'vitest';
import {
  closeError,
  connectErrorFromShape,
  describeGatewayError,
  isTransient,
  rpcErrorFromShape,
  transportError,
} from '../../../src/gateway/errors';
import { buildRequest, parseFrame } from '../../../src/gateway/frames';

describe('frames', () => {
  it('builds closed request frames and leaves out absent params', () => {
    expect(buildRequest('1', 'health')).toEqual({ type: 'req', id: '1', method: 'health' });
    expect(buildRequest('2', 'chat.send', { a: 1 })).toEqual({ type: 'req', id: '2', method: 'chat.send', params: { a: 1 } });
    expect(() => buildRequest('', 'x')).toThrow();
  });

  it('parses responses, errors and events; ignores anything else', () => {
    expect(parseFrame('{"type":"res","id":"a","ok":true,"payload":{"x":1}}')).toEqual({ type: 'res', id: 'a', ok: true, payload: { x: 1 } });
    expect(parseFrame('{"type":"res","id":"a","ok":false,"error":{"code":"UNAVAILABLE","message":"busy","retryable":true,"retryAfterMs":500,"details":{"code":"X"}}}')).toEqual({
      type: 'res',
      id: 'a',
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'busy', retryable: true, retryAfterMs: 500, details: { code: 'X' } },
    });
    expect(parseFrame('{"type":"event","event":"tick","payload":{"ts":1},"seq":3}')).toEqual({ type: 'event', event: 'tick', payload: { ts: 1 }, seq: 3 });
    expect(parseFrame('not json')).toBeNull();
    expect(parseFrame('[1,2]')).toBeNull();
    expect(parseFrame('{"type":"res"}')).toBeNull();
  });
});

describe('error mapping', () => {
  it('maps pairing required with the approval command', () => {
    const err = connectErrorFromShape({
      code: 'NOT_PAIRED',
      message: 'pairing required: device is not approved yet',
      details: { code: 'PAIRING_REQUIRED', requestId: 'req-123', deviceId: 'dev', reason: 'not-paired' },
    });
    expect(err.kind).toBe('pairing_required');
    expect(err.pairing).toEqual({ requestId: 'req-123', deviceId: 'dev', reason: 'not-paired', approveCommand: 'openclaw devices approve req-123' });
    expect(describeGatewayError(err)).toContain('openclaw devices approve req-123');
  });

  it('maps token mismatch, protocol mismatch and startup answers by code', () => {
    expect(connectErrorFromShape({ code: 'INVALID_REQUEST', message: 'unauthorized', details: { code: 'AUTH_TOKEN_MISMATCH' } }).kind).toBe('auth');
    expect(connectErrorFromShape({ code: 'NOT_PAIRED', message: 'device identity required', details: { code: 'DEVICE_IDENTITY_REQUIRED' } }).kind).toBe('auth');
    expect(connectErrorFromShape({ code: 'INVALID_REQUEST', message: 'protocol mismatch', details: { code: 'PROTOCOL_MISMATCH' } }).kind).toBe('protocol');
    const starting = connectErrorFromShape({ code: 'UNAVAILABLE', message: 'gateway starting', retryable: true, retryAfterMs: 500 });
    expect(starting.kind).toBe('unreachable');
    expect(starting.retryAfterMs).toBe(500);
    expect(isTransient(starting)).toBe(true);
    // Decided on codes: a message that merely mentions "unauthorized" is not an auth failure.
    expect(connectErrorFromShape({ code: 'INVALID_REQUEST', message: 'unauthorized: x' }).kind).toBe('protocol');
  });

  it('maps RPC answers: missing scope is auth, the rest rpc with retry hints kept', () => {
    const scope = rpcErrorFromShape('config.patch', { code: 'FORBIDDEN', message: 'missing scope: operator.admin', details: { code: 'MISSING_SCOPE', missingScope: 'operator.admin' } });
    expect(scope.kind).toBe('auth');
    expect(describeGatewayError(scope)).toContain('`operator.admin`');
    const busy = rpcErrorFromShape('sessions.list', { code: 'UNAVAILABLE', message: 'busy', retryable: true, retryAfterMs: 200 });
    expect(busy.kind).toBe('rpc');
    expect(busy.method).toBe('sessions.list');
    expect(isTransient(busy)).toBe(true);
    const bad = rpcErrorFromShape('agents.update', { code: 'INVALID_REQUEST', message: 'agent "x" not found' });
    expect(bad.kind).toBe('rpc');
    expect(isTransient(bad)).toBe(false);
  });

  it('maps close codes and transport failures', () => {
    expect(closeError(1012, 'service restart').kind).toBe('unreachable');
    expect(closeError(1006, '').message).toContain('1006');
    expect(closeError(1002, 'protocol mismatch').kind).toBe('protocol');
    expect(closeError(4001, 'gateway auth changed').kind).toBe('auth');
    const refused = transportError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(refused.kind).toBe('unreachable');
    expect(refused.retryable).toBe(true);
    const tls = transportError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }));
    expect(tls.message).toMatch(/^TLS error/);
    expect(tls.retryable).toBe(false);
  });
});
