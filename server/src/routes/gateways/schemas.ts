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

const flag = (fallback: boolean, description: string) => z.stringbool().default(fallback).meta({ description });

export const TemplateSyncQuery = z.object({
  include_main: flag(true, "Also sync the gateway's main agent."),
  lead_only: flag(false, 'Only board leads.'),
  reset_sessions: flag(false, "Reset each agent's main session after writing its files."),
  rotate_tokens: flag(false, 'Give each agent a new token; it is committed only once written to the workspace.'),
  force_bootstrap: flag(false, 'Write BOOTSTRAP.md again.'),
  overwrite: flag(false, "Also replace the files agents keep for themselves (USER.md, MEMORY.md)."),
  board_id: z.uuid().optional().meta({ description: 'Only the agents of this board.' }),
  agent_id: z.uuid().optional().meta({ description: 'Only this agent.' }),
});

export const TemplateSyncResult = z
  .object({
    gateway_id: z.uuid(),
    include_main: z.boolean(),
    reset_sessions: z.boolean(),
    agents_updated: z.number().int(),
    agents_skipped: z.number().int(),
    main_updated: z.boolean(),
    errors: z.array(z.object({ agent_id: z.string().optional(), agent_name: z.string().optional(), board_id: z.string().optional(), message: z.string() })),
  })
  .meta({ id: 'GatewayTemplatesSyncResult' });
