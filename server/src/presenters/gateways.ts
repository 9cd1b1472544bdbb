import { z } from 'zod';
import type { Gateway } from '../db/schema';
import type { GatewayStatus } from '../gateway/manager';
import { iso, Timestamp, Uuid } from './common';

/** A gateway as read back: its token never leaves the server (bug 7), only whether one is set. */
export const GatewayRead = z
  .object({
    id: Uuid,
    organization_id: Uuid,
    name: z.string(),
    url: z.string(),
    workspace_root: z.string(),
    allow_insecure_tls: z.boolean(),
    disable_device_pairing: z.boolean(),
    has_token: z.boolean(),
    device_id: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'GatewayRead' });

export function presentGateway(gateway: Gateway): z.infer<typeof GatewayRead> {
  return {
    id: gateway.id,
    organization_id: gateway.organizationId,
    name: gateway.name,
    url: gateway.url,
    workspace_root: gateway.workspaceRoot,
    allow_insecure_tls: gateway.allowInsecureTls,
    disable_device_pairing: gateway.disableDevicePairing,
    has_token: gateway.token !== null,
    device_id: gateway.deviceIdentity?.deviceId ?? null,
    created_at: iso(gateway.createdAt)!,
    updated_at: iso(gateway.updatedAt)!,
  };
}

export const GatewayConnectionRead = z
  .object({
    gateway_id: Uuid,
    state: z.string(),
    connected: z.boolean(),
    server_version: z.string().nullable(),
    protocol: z.number().nullable(),
    scopes: z.array(z.string()),
    missing_scopes: z.array(z.string()),
    error: z.string().nullable(),
    error_kind: z.string().nullable(),
    pairing: z.record(z.string(), z.unknown()).nullable(),
    connected_at: Timestamp.nullable(),
    next_retry_at: Timestamp.nullable(),
    connect_attempts: z.number(),
  })
  .meta({ id: 'GatewayConnectionRead' });

export function presentConnection(gatewayId: string, status: GatewayStatus | null): z.infer<typeof GatewayConnectionRead> {
  return (
    (status as z.infer<typeof GatewayConnectionRead> | null) ?? {
      gateway_id: gatewayId,
      state: 'idle',
      connected: false,
      server_version: null,
      protocol: null,
      scopes: [],
      missing_scopes: [],
      error: 'Not connected yet',
      error_kind: null,
      pairing: null,
      connected_at: null,
      next_retry_at: null,
      connect_attempts: 0,
    }
  );
}
