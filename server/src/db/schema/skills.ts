import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { gateways } from './gateways';
import { organizations } from './organizations';

export const marketplaceSkills = pgTable(
  'marketplace_skills',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    category: text('category'),
    risk: text('risk'),
    source: text('source'),
    sourceUrl: text('source_url').notNull(),
    metadata: jsonb('metadata')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('uq_marketplace_skills_org_source_url').on(t.organizationId, t.sourceUrl)],
);

export const skillPacks = pgTable(
  'skill_packs',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    /** Normalized https://github.com/<owner>/<repo> URL (validated by the application too). */
    sourceUrl: text('source_url').notNull(),
    branch: text('branch').notNull().default('main'),
    metadata: jsonb('metadata')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('uq_skill_packs_org_source_url').on(t.organizationId, t.sourceUrl),
    check('ck_skill_packs_github_source_url', sql`${t.sourceUrl} LIKE 'https://github.com/%/%'`),
  ],
);

/** What Mission Control recorded as installed on a gateway (no gateway-side confirmation). */
export const gatewayInstalledSkills = pgTable(
  'gateway_installed_skills',
  {
    id: id(),
    gatewayId: uuid('gateway_id')
      .notNull()
      .references(() => gateways.id, { onDelete: 'cascade' }),
    skillId: uuid('skill_id')
      .notNull()
      .references(() => marketplaceSkills.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('uq_gateway_installed_skills_gateway_id_skill_id').on(t.gatewayId, t.skillId),
    index('ix_gateway_installed_skills_skill_id').on(t.skillId),
  ],
);

export type MarketplaceSkill = typeof marketplaceSkills.$inferSelect;
export type NewMarketplaceSkill = typeof marketplaceSkills.$inferInsert;
export type SkillPack = typeof skillPacks.$inferSelect;
export type NewSkillPack = typeof skillPacks.$inferInsert;
export type GatewayInstalledSkill = typeof gatewayInstalledSkills.$inferSelect;
export type NewGatewayInstalledSkill = typeof gatewayInstalledSkills.$inferInsert;
