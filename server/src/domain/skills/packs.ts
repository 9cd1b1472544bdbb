// Skill packs of an organization (§2.11, §3.22): CRUD keyed by the normalized repository URL,
// and sync (clone, discover, upsert the pack's skills by exact source URL).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client';
import { marketplaceSkills, skillPacks, type SkillPack } from '../../db/schema';
import { isUniqueViolation } from '../../http/db-errors';
import { HttpError } from '../../http/errors';
import type { Services } from '../../services';
import { clonePack, PackCloneError } from './clone';
import { discoverSkills, type DiscoveredSkill } from './discovery';
import { packInOrg } from './marketplace';
import { checkPackUrl, normalizeBranch, packNameFromUrl } from './rules';

/** Skills of the organization whose source URL is `<pack>/tree/…`. */
const skillCount = sql<number>`(select count(*) from marketplace_skills ms where ms.organization_id = "skill_packs"."organization_id" and strpos(lower(ms.source_url), lower("skill_packs"."source_url") || '/tree/') = 1)`.mapWith(Number);

export const PACK_URL_TAKEN = 'A pack with this source URL already exists';

/** The normalized URL, or a 400 with the reason. */
export function validPackUrl(raw: string): string {
  const check = checkPackUrl(raw);
  if ('error' in check) throw new HttpError(400, check.error);
  return check.url;
}

export async function listPacks(db: Queryable, organizationId: string) {
  return db
    .select({ pack: skillPacks, skillCount })
    .from(skillPacks)
    .where(eq(skillPacks.organizationId, organizationId))
    .orderBy(desc(skillPacks.createdAt), desc(skillPacks.id));
}

export async function packWithCount(db: Queryable, organizationId: string, packId: string) {
  const [row] = await db
    .select({ pack: skillPacks, skillCount })
    .from(skillPacks)
    .where(and(eq(skillPacks.id, packId), eq(skillPacks.organizationId, organizationId)));
  if (!row) throw new HttpError(404, 'Skill pack not found');
  return row;
}

export interface PackInput {
  source_url: string;
  name?: string | null;
  description?: string | null;
  branch?: string | null;
  metadata: Record<string, unknown>;
}

/** Creates the pack, or updates the one with the same normalized URL (name only when given). */
export async function upsertPack(db: Db, organizationId: string, input: PackInput): Promise<SkillPack> {
  const sourceUrl = validPackUrl(input.source_url);
  const branch = normalizeBranch(input.branch);
  const [pack] = await db
    .insert(skillPacks)
    .values({ organizationId, sourceUrl, name: input.name || packNameFromUrl(sourceUrl), description: input.description ?? null, branch, metadata: input.metadata })
    .onConflictDoUpdate({
      target: [skillPacks.organizationId, skillPacks.sourceUrl],
      set: {
        name: input.name ? input.name : sql.raw('"skill_packs"."name"'),
        description: input.description !== undefined ? input.description : sql.raw('"skill_packs"."description"'),
        branch,
        metadata: input.metadata,
        updatedAt: new Date(),
      },
    })
    .returning();
  return pack;
}

/** Full replacement of a pack; another pack with the same normalized URL is a 409. */
export async function replacePack(db: Db, organizationId: string, packId: string, input: PackInput): Promise<SkillPack> {
  const pack = await packInOrg(db, organizationId, packId);
  const sourceUrl = validPackUrl(input.source_url);
  try {
    const [updated] = await db
      .update(skillPacks)
      .set({ sourceUrl, name: input.name || packNameFromUrl(sourceUrl), description: input.description ?? null, branch: normalizeBranch(input.branch), metadata: input.metadata })
      .where(eq(skillPacks.id, pack.id))
      .returning();
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) throw new HttpError(409, PACK_URL_TAKEN);
    throw error;
  }
}

export async function deletePack(db: Db, organizationId: string, packId: string): Promise<void> {
  // Skills discovered from the pack stay in the marketplace (and on the gateways they were installed on).
  const deleted = await db.delete(skillPacks).where(and(eq(skillPacks.id, packId), eq(skillPacks.organizationId, organizationId))).returning();
  if (!deleted.length) throw new HttpError(404, 'Skill pack not found');
}

const CHUNK = 500;

/** Creates or updates each discovered skill by exact source URL; returns how many of each. */
async function upsertDiscovered(db: Db, organizationId: string, skills: DiscoveredSkill[]) {
  let created = 0;
  let updated = 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < skills.length; i += CHUNK) {
      const chunk = skills.slice(i, i + CHUNK);
      const existing = await tx
        .select({ sourceUrl: marketplaceSkills.sourceUrl })
        .from(marketplaceSkills)
        .where(and(eq(marketplaceSkills.organizationId, organizationId), inArray(marketplaceSkills.sourceUrl, chunk.map((s) => s.sourceUrl))));
      updated += existing.length;
      created += chunk.length - existing.length;
      await tx
        .insert(marketplaceSkills)
        .values(chunk.map((s) => ({ organizationId, sourceUrl: s.sourceUrl, name: s.name, description: s.description, category: s.category, risk: s.risk, source: s.source, metadata: s.metadata })))
        .onConflictDoUpdate({
          target: [marketplaceSkills.organizationId, marketplaceSkills.sourceUrl],
          set: {
            name: sql.raw('excluded.name'),
            description: sql.raw('excluded.description'),
            category: sql.raw('excluded.category'),
            risk: sql.raw('excluded.risk'),
            source: sql.raw('excluded.source'),
            metadata: sql.raw('excluded.metadata'),
            updatedAt: new Date(),
          },
        });
    }
  });
  return { created, updated };
}

/**
 * Clones the pack's branch (falling back to the default branch, with a warning), discovers its
 * skills and upserts them. Clone failures are a 502 with the reason; discovery warnings are
 * returned. Skills that disappeared from the pack are kept (they may be installed somewhere).
 */
export async function syncPack(services: Services, organizationId: string, packId: string) {
  const pack = await packInOrg(services.db, organizationId, packId);
  const repo = validPackUrl(pack.sourceUrl);
  let checkout;
  try {
    checkout = await clonePack(repo, normalizeBranch(pack.branch), { mirror: services.config.skills.gitMirror });
  } catch (error) {
    if (error instanceof PackCloneError) throw new HttpError(502, error.message);
    throw error;
  }
  try {
    const discovery = await discoverSkills(checkout.dir, repo, checkout.branch);
    const { created, updated } = await upsertDiscovered(services.db, organizationId, discovery.skills);
    return { ok: true as const, pack_id: pack.id, synced: discovery.skills.length, created, updated, warnings: [...checkout.warnings, ...discovery.warnings] };
  } finally {
    await checkout.cleanup();
  }
}
