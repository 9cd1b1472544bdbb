import { z } from 'zod';
import { NonEmpty } from '../../http/inputs';

export const AgentParams = z.object({ agent_id: z.uuid() });
const Json = z.record(z.string(), z.unknown());
const Template = z.string().max(100_000).nullable();

export const AgentCreate = z
  .object({
    name: NonEmpty('name is required', 200),
    board_id: z.uuid().nullable().optional(),
    status: z.string().max(50).optional(),
    heartbeat_config: Json.nullable().optional(),
    identity_profile: Json.nullable().optional(),
    identity_template: Template.optional(),
    soul_template: Template.optional(),
  })
  .meta({ id: 'AgentCreate' });

export const AgentUpdate = z
  .object({
    name: NonEmpty('name is required', 200).optional(),
    board_id: z.uuid().nullable().optional(),
    is_gateway_main: z.boolean().optional(),
    status: z.string().max(50).optional(),
    heartbeat_config: Json.nullable().optional(),
    identity_profile: Json.nullable().optional(),
    identity_template: Template.optional(),
    soul_template: Template.optional(),
  })
  .meta({ id: 'AgentUpdate' });

export const AgentListQuery = z.object({
  board_id: z.uuid().optional(),
  gateway_id: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

export const HeartbeatBody = z.object({ status: z.string().trim().max(50).nullable().optional() }).meta({ id: 'AgentHeartbeat' });
export const ForceQuery = z.object({ force: z.coerce.boolean().default(false) });
