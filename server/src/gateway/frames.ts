// Wire frames of the OpenClaw gateway protocol (requests, responses, events) and their parsing.
// Pure: no sockets here.

export interface GatewayErrorShape {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  retryable?: boolean;
  retryAfterMs?: number;
}

export interface RequestFrame {
  type: 'req';
  id: string;
  method: string;
  params?: unknown;
}

export type ResponseFrame =
  | { type: 'res'; id: string; ok: true; payload: unknown }
  | { type: 'res'; id: string; ok: false; error: GatewayErrorShape };

export interface EventFrame {
  type: 'event';
  event: string;
  payload: unknown;
  seq?: number;
}

export type InboundFrame = ResponseFrame | EventFrame;

export function buildRequest(id: string, method: string, params?: unknown): RequestFrame {
  if (!id) throw new Error('request id must be a non-empty string');
  if (!method) throw new Error('request method must be a non-empty string');
  // The gateway validates frames as closed objects: send only known keys, omit absent params.
  return params === undefined ? { type: 'req', id, method } : { type: 'req', id, method, params };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseErrorShape(value: unknown): GatewayErrorShape {
  if (!isRecord(value)) return { code: 'UNKNOWN', message: typeof value === 'string' ? value : 'unknown error' };
  const shape: GatewayErrorShape = {
    code: typeof value.code === 'string' ? value.code : 'UNKNOWN',
    message: typeof value.message === 'string' ? value.message : '',
  };
  if (isRecord(value.details)) shape.details = value.details;
  if (typeof value.retryable === 'boolean') shape.retryable = value.retryable;
  if (typeof value.retryAfterMs === 'number' && Number.isFinite(value.retryAfterMs)) {
    shape.retryAfterMs = value.retryAfterMs;
  }
  return shape;
}

/**
 * Parses one text frame from the gateway. Returns null for frames that are not JSON objects of a
 * known kind (the caller ignores them rather than tearing the connection down).
 */
export function parseFrame(text: string): InboundFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  if (value.type === 'event' && typeof value.event === 'string') {
    const frame: EventFrame = { type: 'event', event: value.event, payload: value.payload ?? null };
    if (typeof value.seq === 'number') frame.seq = value.seq;
    return frame;
  }
  if (value.type === 'res' && typeof value.id === 'string') {
    if (value.ok === true) return { type: 'res', id: value.id, ok: true, payload: value.payload ?? null };
    return { type: 'res', id: value.id, ok: false, error: parseErrorShape(value.error) };
  }
  return null;
}
