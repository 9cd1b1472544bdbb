import { z } from 'zod';
import { isHttpUrl } from '../../domain/skills/rules';

export const SkillParams = z.object({ skill_id: z.uuid() });
export const PackParams = z.object({ pack_id: z.uuid() });
export const GatewayQuery = z.object({ gateway_id: z.uuid() });

const Filter = z.string().max(500).optional();

export const MarketplaceQuery = z.object({
  gateway_id: z.uuid(),
  search: Filter,
  category: Filter,
  risk: Filter,
  pack_id: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
});

const OptionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullable()
    .optional()
    .transform((value) => (value == null ? value : value.trim() || null));

export const MarketplaceSkillCreate = z
  .object({
    source_url: z
      .string()
      .trim()
      .min(1, 'source_url is required')
      .max(2000)
      .refine(isHttpUrl, 'source_url must be an absolute http(s) URL'),
    name: OptionalText(200),
    description: OptionalText(10_000),
  })
  .meta({ id: 'MarketplaceSkillCreate' });

/** URL validation (https://github.com/<owner>/<repo>) happens after parsing: its failures are a 400 with the reason. */
export const SkillPackBody = z
  .object({
    source_url: z.string().max(2000),
    name: OptionalText(200),
    description: OptionalText(10_000),
    branch: z.string().max(200).default('main'),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ id: 'SkillPackWrite' });
