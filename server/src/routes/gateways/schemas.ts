import { z } from 'zod';
import { NonEmpty } from '../../http/inputs';

export const GatewayParams = z.object({ gateway_id: z.uuid() });

const WsUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'ws:' || url.protocol === 'wss:') && Boolean(url.hostname);
    } catch {
      return false;
    }
  }, 'url must be a ws:// or wss:// URL');

/** An absolute path (or `~/…`) on the gateway's host; never `..` segments. */
const WorkspaceRoot = NonEmpty('workspace_root is required', 1000).refine(
  (value) => (value.startsWith('/') || value.startsWith('~')) && !value.split('/').includes('..'),
  'workspace_root must be an absolute path without ".." segments',
);

const Token = z
  .string()
  .max(4000)
  .nullable()
  .transform((value) => (value?.trim() ? value.trim() : null));

export const GatewayCreate = z
  .object({
    name: NonEmpty('name is required', 200),
    url: WsUrl,
    workspace_root: WorkspaceRoot,
    token: Token.optional(),
    allow_insecure_tls: z.boolean().default(false),
    disable_device_pairing: z.boolean().default(false),
  })
  .meta({ id: 'GatewayCreate' });

export const GatewayUpdate = z
  .object({
    name: NonEmpty('name is required', 200).optional(),
    url: WsUrl.optional(),
    workspace_root: WorkspaceRoot.optional(),
    token: Token.optional(),
    allow_insecure_tls: z.boolean().optional(),
    disable_device_pairing: z.boolean().optional(),
  })
  .meta({ id: 'GatewayUpdate' });
