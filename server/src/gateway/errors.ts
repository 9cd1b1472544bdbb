// One error type for everything that can go wrong talking to a gateway. Decisions are made on
// the gateway's structured codes (`code`, `details.code`, `retryable`), never on message text.
import type { GatewayErrorShape } from './frames';

export type GatewayErrorKind =
  /** Cannot reach the gateway (refused, DNS, TLS, socket closed, startup/restart in progress). */
  | 'unreachable'
  /** Shared token/password rejected, device signature rejected, or a scope is missing. */
  | 'auth'
  /** The gateway wants an operator to approve this device first. */
  | 'pairing_required'
  /** The gateway speaks an incompatible protocol or rejected the frames we sent. */
  | 'protocol'
  /** No answer within the time limit (also a frozen gateway). */
  | 'timeout'
  /** The gateway answered a request with an error. */
  | 'rpc';

export interface PairingInfo {
  requestId: string | null;
  deviceId: string | null;
  reason: string | null;
  /** The operator command that approves the request on the gateway host. */
  approveCommand: string;
}

export interface GatewayErrorInit {
  code?: string | null;
  detailsCode?: string | null;
  details?: Record<string, unknown> | null;
  retryable?: boolean;
  retryAfterMs?: number | null;
  closeCode?: number | null;
  method?: string | null;
  pairing?: PairingInfo | null;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly kind: GatewayErrorKind;
  readonly code: string | null;
  readonly detailsCode: string | null;
  readonly details: Record<string, unknown> | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly closeCode: number | null;
  readonly method: string | null;
  readonly pairing: PairingInfo | null;

  constructor(kind: GatewayErrorKind, message: string, init: GatewayErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GatewayError';
    this.kind = kind;
    this.code = init.code ?? null;
    this.detailsCode = init.detailsCode ?? null;
    this.details = init.details ?? null;
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.closeCode = init.closeCode ?? null;
    this.method = init.method ?? null;
    this.pairing = init.pairing ?? null;
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

export function approveCommandFor(requestId: string | null): string {
  return requestId ? `openclaw devices approve ${requestId}` : 'openclaw devices approve --latest';
}

function pairingFrom(details: Record<string, unknown> | undefined): PairingInfo {
  const requestId = str(details?.requestId);
  return {
    requestId,
    deviceId: str(details?.deviceId),
    reason: str(details?.reason),
    approveCommand: approveCommandFor(requestId),
  };
}

function isAuthDetailsCode(code: string | null): boolean {
  return (
    code !== null &&
    (code.startsWith('AUTH_') ||
      code.startsWith('DEVICE_AUTH_') ||
      code.startsWith('CONTROL_UI_') ||
      code === 'DEVICE_IDENTITY_REQUIRED' ||
      code === 'MISSING_SCOPE')
  );
}

/** Classifies an error answer to the `connect` request. */
export function connectErrorFromShape(shape: GatewayErrorShape): GatewayError {
  const detailsCode = str(shape.details?.code);
  const init: GatewayErrorInit = {
    code: shape.code,
    detailsCode,
    details: shape.details ?? null,
    retryable: shape.retryable ?? false,
    retryAfterMs: shape.retryAfterMs ?? null,
    method: 'connect',
  };
  const message = shape.message || 'gateway refused the connection';
  if (detailsCode === 'PAIRING_REQUIRED') {
    return new GatewayError('pairing_required', message, { ...init, pairing: pairingFrom(shape.details) });
  }
  if (detailsCode === 'PROTOCOL_MISMATCH') return new GatewayError('protocol', message, init);
  if (shape.code === 'UNAVAILABLE') return new GatewayError('unreachable', message, { ...init, retryable: true });
  if (isAuthDetailsCode(detailsCode) || shape.code === 'NOT_PAIRED' || shape.code === 'FORBIDDEN') {
    return new GatewayError('auth', message, init);
  }
  return new GatewayError('protocol', message, init);
}

/**
 * Protocol-3 gateways (2026.3.x) answer a missing scope with INVALID_REQUEST and no structured
 * code, only the fixed text `missing scope: <scope>`; newer ones send FORBIDDEN/MISSING_SCOPE.
 * This is the one place a message is read, and only for that exact legacy form.
 */
function legacyMissingScope(shape: GatewayErrorShape): string | null {
  if (shape.code !== 'INVALID_REQUEST' || shape.details?.code !== undefined) return null;
  return /^missing scope: ([a-z0-9._-]+)$/i.exec(shape.message.trim())?.[1] ?? null;
}

/** Classifies an error answer to an ordinary request. */
export function rpcErrorFromShape(method: string, shape: GatewayErrorShape): GatewayError {
  const legacyScope = legacyMissingScope(shape);
  if (legacyScope) {
    return new GatewayError('auth', shape.message, {
      code: shape.code,
      detailsCode: 'MISSING_SCOPE',
      details: { code: 'MISSING_SCOPE', missingScope: legacyScope },
      method,
    });
  }
  const detailsCode = str(shape.details?.code);
  const init: GatewayErrorInit = {
    code: shape.code,
    detailsCode,
    details: shape.details ?? null,
    retryable: shape.retryable ?? false,
    retryAfterMs: shape.retryAfterMs ?? null,
    method,
  };
  const message = shape.message || `${method} failed`;
  if (detailsCode === 'PAIRING_REQUIRED') {
    return new GatewayError('pairing_required', message, { ...init, pairing: pairingFrom(shape.details) });
  }
  if (shape.code === 'FORBIDDEN' || shape.code === 'NOT_PAIRED' || isAuthDetailsCode(detailsCode)) {
    return new GatewayError('auth', message, init);
  }
  return new GatewayError('rpc', message, init);
}

/** Classifies a socket close that we did not ask for. */
export function closeError(code: number, reason: string): GatewayError {
  const text = reason || `connection closed (code ${code})`;
  switch (code) {
    case 1002:
      return new GatewayError('protocol', text, { closeCode: code });
    case 1008:
    case 4001:
      return new GatewayError('auth', text, { closeCode: code });
    case 4000:
      return new GatewayError('timeout', text, { closeCode: code, retryable: true });
    default:
      // 1000/1001 (shutdown), 1006 (no close frame), 1012 (restart), 1013 (starting), others.
      return new GatewayError('unreachable', text, { closeCode: code, retryable: true });
  }
}

/** Transport failures before a frame was exchanged (refused, DNS, TLS, …). */
export function transportError(error: unknown): GatewayError {
  const err = error as NodeJS.ErrnoException | undefined;
  const code = typeof err?.code === 'string' ? err.code : null;
  const message = err?.message || 'gateway unreachable';
  const tls = code !== null && (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'EPROTO');
  return new GatewayError('unreachable', tls ? `TLS error: ${message}` : message, {
    code,
    retryable: !tls,
    cause: error,
  });
}

/** Whether a failed attempt is worth repeating without the operator changing something. */
export function isTransient(error: GatewayError): boolean {
  return error.kind === 'unreachable' || error.kind === 'timeout' || (error.kind === 'rpc' && error.retryable);
}

/** A message fit for an API response or the gateway status page (never contains secrets). */
export function describeGatewayError(error: GatewayError): string {
  switch (error.kind) {
    case 'pairing_required': {
      const approve = error.pairing?.approveCommand ?? approveCommandFor(null);
      if (error.pairing?.reason === 'metadata-upgrade') {
        // The gateway pinned the platform this device reported when it was paired, and this
        // connect reported another one: the device must be approved again.
        return `Gateway requires device pairing again: this device now reports a different platform than the one recorded when it was paired (device metadata change). Approve it on the gateway host with \`${approve}\`, then retry.`;
      }
      return `Gateway requires device pairing. Approve this device on the gateway host with \`${approve}\`, then retry.`;
    }
    case 'auth': {
      const scope = str(error.details?.missingScope);
      if (scope) return `Gateway token is missing required scope \`${scope}\`. Update the gateway token scopes and retry.`;
      return `Gateway authentication failed: ${error.message}. Verify the gateway token.`;
    }
    case 'protocol':
      return `Gateway is incompatible: ${error.message}`;
    case 'timeout':
      return `Gateway did not answer in time: ${error.message}`;
    case 'unreachable':
      return `Gateway unreachable: ${error.message}`;
    default:
      return error.message;
  }
}
