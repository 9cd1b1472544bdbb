import { z } from 'zod';

export const BoardParams = z.object({ board_id: z.uuid() });
export const WebhookParams = z.object({ board_id: z.uuid(), webhook_id: z.uuid() });
export const PayloadParams = z.object({ board_id: z.uuid(), webhook_id: z.uuid(), payload_id: z.uuid() });
