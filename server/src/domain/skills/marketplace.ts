// Marketplace skills of an organization: listing with filters, upsert, delete, and the
// install/uninstall instruction sent to a gateway's main agent (§2.11, §3.22).
import { and, asc, count, desc, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../../db/client';
import { gatewayInstalledSkills, gateways, marketplaceSkills, skillPacks, type Gateway, type MarketplaceSkill, type SkillPack } from '../../db/schema';
import { CoordinationError, withGateway } from '../agents/coordination';
import { gatewayMainAgentKey, mainSessionKey } from '../../gateway/session-keys';
import { HttpError } from '../../http/errors';
import type { Services } from '../../services';
import { filterValue, nameFromUrl, skillInstruction } from './rules';

export async function gatewayInOrg(db: Queryable, organizationId: string, gatewayId: string): Promise<Gateway> {
  const [gateway] = await db.select().from(gateways).where(and(eq(gateways.id, gatewayId), eq(gateways.organizationId, organizationId)));
  if (!gateway) throw new HttpError(404, 'Gateway not found');
  return gateway;
}

export async function skillInOrg(db: Queryable, organizationId: string, skillId: string): Promise<MarketplaceSkill> {
  const [skill] = await db.select().from(marketplaceSkills).where(and(eq(marketplaceSkills.id, skillId), eq(marketplaceSkills.organizationId, organizationId)));
  if (!skill) throw new HttpError(404, 'Skill not found');
  return skill;
}

export async function packInOrg(db: Queryable, organizationId: string, packId: string): Promise<SkillPack> {
  const [pack] = await db.select().from(skillPacks).where(and(eq(skillPacks.id, packId), eq(skillPacks.organizationId, organizationId)));
  if (!pack) throw new HttpError(404, 'Skill pack not found');
  return pack;
}

/** The pack's repository URL itself or anything below it (`<pack>/…`), case-insensitive. */
export function underPack(packUrl: string): SQL {
  const url = packUrl.toLowerCase();
  return sql`(lower(${marketplaceSkills.sourceUrl}) = ${url} or strpos(lower(${marketplaceSkills.sourceUrl}), ${`${url}/`}) = 1)`;
}

const lowerTrim = (column: AnyColumn) => sql`lower(trim(coalesce(${column}, '')))`;

function matches(column: AnyColumn, raw: string | undefined): SQL | undefined {
  const filter = filterValue(raw);
  if (!filter) return undefined;
  return 'blank' in filter ? sql`${lowerTrim(column)} = ''` : sql`${lowerTrim(column)} = ${filter.value}`;
}

export interface MarketplaceQuery {
  gateway_id: string;
  search?: string;
  category?: string;
  risk?: string;
  pack_id?: string;
  limit?: number;
  offset: number;
}

/** Skills of the organization for one gateway's view (installed or not), newest first. */
export async function listMarketplace(db: Db, organizationId: string, query: MarketplaceQuery) {
  const gateway = await gatewayInOrg(db, organizationId, query.gateway_id);
  const pack = query.pack_id ? await packInOrg(db, organizationId, query.pack_id) : null;
  const term = query.search?.trim().toLowerCase();
  const where = and(
    eq(marketplaceSkills.organizationId, organizationId),
    matches(marketplaceSkills.category, query.category),
    matches(marketplaceSkills.risk, query.risk),
    pack ? underPack(pack.sourceUrl) : undefined,
    term
      ? sql`strpos(lower(concat_ws(' ', ${marketplaceSkills.name}, ${marketplaceSkills.description}, ${marketplaceSkills.category}, ${marketplaceSkills.risk}, ${marketplaceSkills.source})), ${term}) > 0`
      : undefined,
  );
  const rows = db
    .select({ skill: marketplaceSkills, installedAt: gatewayInstalledSkills.createdAt })
    .from(marketplaceSkills)
    .leftJoin(gatewayInstalledSkills, and(eq(gatewayInstalledSkills.skillId, marketplaceSkills.id), eq(gatewayInstalledSkills.gatewayId, gateway.id)))
    .where(where)
    .orderBy(desc(marketplaceSkills.createdAt), asc(marketplaceSkills.name), asc(marketplaceSkills.id));
  if (query.limit === undefined) return { rows: await rows, total: null };
  const [page, [{ total }]] = await Promise.all([
    rows.limit(query.limit).offset(query.offset),
    db.select({ total: count() }).from(marketplaceSkills).where(where),
  ]);
  return { rows: page, total };
}

/** Creates the skill for `sourceUrl`, or updates the name/description given for an existing one. */
export async function upsertSkill(db: Db, organizationId: string, input: { sourceUrl: string; name?: string; description?: string | null }) {
  const [skill] = await db
    .insert(marketplaceSkills)
    .values({ organizationId, sourceUrl: input.sourceUrl, name: input.name || nameFromUrl(input.sourceUrl), description: input.description ?? null })
    .onConflictDoUpdate({
      target: [marketplaceSkills.organizationId, marketplaceSkills.sourceUrl],
      set: {
        name: input.name ? input.name : sql.raw('"marketplace_skills"."name"'),
        description: input.description !== undefined ? input.description : sql.raw('"marketplace_skills"."description"'),
        updatedAt: new Date(),
      },
    })
    .returning();
  return skill;
}

export async function deleteSkill(db: Db, organizationId: string, skillId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const skill = await skillInOrg(tx, organizationId, skillId);
    await tx.delete(gatewayInstalledSkills).where(eq(gatewayInstalledSkills.skillId, skill.id));
    await tx.delete(marketplaceSkills).where(eq(marketplaceSkills.id, skill.id));
  });
}

/**
 * Asks the gateway's main agent to install or remove the skill (a gateway failure is a 502 and
 * changes nothing), then records the outcome Mission Control asked for.
 */
export async function changeInstall(services: Services, organizationId: string, skillId: string, gatewayId: string, action: 'install' | 'uninstall') {
  const gateway = await gatewayInOrg(services.db, organizationId, gatewayId);
  const skill = await skillInOrg(services.db, organizationId, skillId);
  if (!gateway.workspaceRoot?.trim()) throw new HttpError(422, 'Gateway workspace_root is required');
  const message = skillInstruction({ action, name: skill.name, sourceUrl: skill.sourceUrl, description: skill.description, workspaceRoot: gateway.workspaceRoot });
  // One idempotency key for every attempt: a send repeated after a gateway restart starts no second run.
  const idempotencyKey = randomUUID();
  try {
    await withGateway(services, gateway, `skill ${action}`, async (rpc, timeoutMs) => {
      // A message sent while the gateway hot-reloads a configuration change is dropped before it
      // reaches the session (see e2e/gateway/README.md): wait until the change is applied.
      await rpc.waitForConfigApplied({ timeoutMs: Math.min(15_000, timeoutMs) });
      await rpc.chatSend({ sessionKey: mainSessionKey(gatewayMainAgentKey(gateway.id)), message, idempotencyKey, deliver: true });
    });
  } catch (error) {
    if (error instanceof CoordinationError) throw new HttpError(502, `Gateway error: ${error.message}`);
    throw error;
  }
  if (action === 'install') {
    await services.db
      .insert(gatewayInstalledSkills)
      .values({ gatewayId: gateway.id, skillId: skill.id })
      .onConflictDoUpdate({ target: [gatewayInstalledSkills.gatewayId, gatewayInstalledSkills.skillId], set: { updatedAt: new Date() } });
  } else {
    await services.db.delete(gatewayInstalledSkills).where(and(eq(gatewayInstalledSkills.gatewayId, gateway.id), eq(gatewayInstalledSkills.skillId, skill.id)));
  }
  return { ok: true as const, skill_id: skill.id, gateway_id: gateway.id, installed: action === 'install' };
}
