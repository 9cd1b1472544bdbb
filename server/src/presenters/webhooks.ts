import { z } from 'zod';
import type { BoardWebhook, BoardWebhookPayload } from '../db/schema';
import { iso, Timestamp } from './common';

export const BoardWebhookRead = z
  .object({
    id: z.uuid(),
    board_id: z.uuid(),
    agent_id: z.uuid().nullable(),
    description: z.string(),
    enabled: z.boolean(),
    /** Whether ingest requires an HMAC signature; the secret itself is never returned. */
    has_secret: z.boolean(),
    signature_header: z.string().nullable(),
    endpoint_path: z.string(),
    endpoint_url: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'BoardWebhookRead' });

export const BoardWebhookPayloadRead = z
  .object({
    id: z.uuid(),
    board_id: z.uuid(),
    webhook_id: z.uuid(),
    payload: z.unknown(),
    headers: z.record(z.string(), z.string()).nullable(),
    source_ip: z.string().nullable(),
    content_type: z.string().nullable(),
    received_at: Timestamp,
  })
  .meta({ id: 'BoardWebhookPayloadRead' });

export const WebhookIngestResponse = z
  .object({ ok: z.literal(true), board_id: z.uuid(), webhook_id: z.uuid(), payload_id: z.uuid() })
  .meta({ id: 'WebhookIngestResponse' });

export const webhookEndpointPath = (boardId: string, webhookId: string) => `/api/v1/boards/${boardId}/webhooks/${webhookId}`;

export function presentWebhook(webhook: BoardWebhook, baseUrl: string): z.infer<typeof BoardWebhookRead> {
  const path = webhookEndpointPath(webhook.boardId, webhook.id);
  return {
    id: webhook.id,
    board_id: webhook.boardId,
    agent_id: webhook.agentId,
    description: webhook.description,
    enabled: webhook.enabled,
    has_secret: Boolean(webhook.secret),
    signature_header: webhook.signatureHeader,
    endpoint_path: path,
    endpoint_url: `${baseUrl}${path}`,
    created_at: iso(webhook.createdAt)!,
    updated_at: iso(webhook.updatedAt)!,
  };
}

export function presentPayload(row: BoardWebhookPayload, payload: unknown = row.payload): z.infer<typeof BoardWebhookPayloadRead> {
  return {
    id: row.id,
    board_id: row.boardId,
    webhook_id: row.webhookId,
    payload,
    headers: row.headers ?? null,
    source_ip: row.sourceIp,
    content_type: row.contentType,
    received_at: iso(row.receivedAt)!,
  };
}
