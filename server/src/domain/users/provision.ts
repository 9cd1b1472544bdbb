import { and, asc, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client';
import { organizationMembers, organizations, skillPacks, users, type User } from '../../db/schema';
import { DEFAULT_SKILL_PACKS } from '../skills/rules';

export const LOCAL_USER = { clerkUserId: 'local-auth-user', email: 'admin@home.local', name: 'Local User' };

export interface Identity {
  clerkUserId: string;
  email: string | null;
  name: string | null;
}

/**
 * The user for an external identity, created on first sight. A changed e-mail is taken over;
 * a name is only filled when the user has none (people rename themselves here).
 */
export async function userForIdentity(db: Db, identity: Identity): Promise<User> {
  const [existing] = await db.select().from(users).where(eq(users.clerkUserId, identity.clerkUserId));
  if (existing) {
    const patch: Partial<User> = {};
    if (identity.email && identity.email !== existing.email) patch.email = identity.email;
    if (identity.name && !existing.name) patch.name = identity.name;
    if (!Object.keys(patch).length) return existing;
    const [updated] = await db.update(users).set(patch).where(eq(users.id, existing.id)).returning();
    return updated;
  }
  const [created] = await db
    .insert(users)
    .values({ clerkUserId: identity.clerkUserId, email: identity.email, name: identity.name })
    .onConflictDoNothing({ target: users.clerkUserId })
    .returning();
  if (created) return created;
  const [raced] = await db.select().from(users).where(eq(users.clerkUserId, identity.clerkUserId));
  return raced;
}

/** Hooks that other areas register: e.g. accepting a pending invite before a personal org is made. */
export type MembershipSource = (tx: Queryable, user: User) => Promise<string | null>;
const membershipSources: MembershipSource[] = [];
export function addMembershipSource(source: MembershipSource): void {
  membershipSources.push(source);
}

async function oldestMembership(db: Queryable, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ organizationId: organizationMembers.organizationId })
    .from(organizationMembers)
    .where(eq(organizationMembers.userId, userId))
    .orderBy(asc(organizationMembers.createdAt), asc(organizationMembers.id))
    .limit(1);
  return row?.organizationId ?? null;
}

async function isMember(db: Queryable, userId: string, organizationId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: organizationMembers.id })
    .from(organizationMembers)
    .where(and(eq(organizationMembers.userId, userId), eq(organizationMembers.organizationId, organizationId)));
  return Boolean(row);
}

/**
 * The user's active organization, resolved as the reference does: the selected one if they are
 * still a member there, else their oldest membership, else a pending invite, else a new
 * "Personal" organization they own. Safe under concurrent first requests (row lock on the user).
 */
export async function ensureActiveOrganization(db: Db, user: User): Promise<string> {
  if (user.activeOrganizationId && (await isMember(db, user.id, user.activeOrganizationId))) {
    return user.activeOrganizationId;
  }
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(users).where(eq(users.id, user.id)).for('update');
    if (locked.activeOrganizationId && (await isMember(tx, user.id, locked.activeOrganizationId))) {
      return locked.activeOrganizationId;
    }
    let organizationId = await oldestMembership(tx, user.id);
    for (const source of membershipSources) {
      if (organizationId) break;
      organizationId = await source(tx, locked);
    }
    if (!organizationId) {
      const [org] = await tx.insert(organizations).values({ name: 'Personal' }).returning();
      await tx
        .insert(organizationMembers)
        .values({ organizationId: org.id, userId: user.id, role: 'owner', allBoardsRead: true, allBoardsWrite: true });
      await tx
        .insert(skillPacks)
        .values(DEFAULT_SKILL_PACKS.map((pack) => ({ organizationId: org.id, ...pack })))
        .onConflictDoNothing();
      organizationId = org.id;
    }
    await tx.update(users).set({ activeOrganizationId: organizationId }).where(eq(users.id, user.id));
    return organizationId;
  });
}
