import { z } from 'zod';
import type { MarketplaceSkill, SkillPack } from '../db/schema';
import { iso, Timestamp, Uuid } from './common';

const Metadata = z.record(z.string(), z.unknown());

export const MarketplaceSkillRead = z
  .object({
    id: Uuid,
    organization_id: Uuid,
    name: z.string(),
    description: z.string().nullable(),
    category: z.string().nullable(),
    risk: z.string().nullable(),
    source: z.string().nullable().meta({ description: 'Where in its pack the skill lives; falls back to source_url' }),
    source_url: z.string(),
    metadata: Metadata,
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'MarketplaceSkillRead' });

export const MarketplaceSkillCard = MarketplaceSkillRead.extend({
  installed: z.boolean(),
  installed_at: Timestamp.nullable(),
}).meta({ id: 'MarketplaceSkillCardRead' });

export const SkillPackRead = z
  .object({
    id: Uuid,
    organization_id: Uuid,
    name: z.string(),
    description: z.string().nullable(),
    source_url: z.string(),
    branch: z.string(),
    metadata: Metadata,
    skill_count: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'SkillPackRead' });

export const SkillInstallResult = z
  .object({ ok: z.literal(true), skill_id: Uuid, gateway_id: Uuid, installed: z.boolean() })
  .meta({ id: 'SkillInstallResult' });

export const SkillPackSyncResult = z
  .object({ ok: z.literal(true), pack_id: Uuid, synced: z.number().int(), created: z.number().int(), updated: z.number().int(), warnings: z.array(z.string()) })
  .meta({ id: 'SkillPackSyncResult' });

export function presentSkill(skill: MarketplaceSkill): z.infer<typeof MarketplaceSkillRead> {
  return {
    id: skill.id,
    organization_id: skill.organizationId,
    name: skill.name,
    description: skill.description,
    category: skill.category,
    risk: skill.risk,
    source: skill.source?.trim() ? skill.source : skill.sourceUrl,
    source_url: skill.sourceUrl,
    metadata: skill.metadata ?? {},
    created_at: iso(skill.createdAt)!,
    updated_at: iso(skill.updatedAt)!,
  };
}

export function presentSkillCard(skill: MarketplaceSkill, installedAt: Date | string | null): z.infer<typeof MarketplaceSkillCard> {
  return { ...presentSkill(skill), installed: installedAt !== null, installed_at: iso(installedAt) };
}

export function presentPack(pack: SkillPack, skillCount: number): z.infer<typeof SkillPackRead> {
  return {
    id: pack.id,
    organization_id: pack.organizationId,
    name: pack.name,
    description: pack.description,
    source_url: pack.sourceUrl,
    branch: pack.branch,
    metadata: pack.metadata ?? {},
    skill_count: skillCount,
    created_at: iso(pack.createdAt)!,
    updated_at: iso(pack.updatedAt)!,
  };
}
