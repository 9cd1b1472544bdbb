// Organizations (spec 2.4): create, list the user's, switch, delete.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { organizationMembers, organizations, users, type Organization, type User } from '../../db/schema';
import { conflict, forbidden, HttpError } from '../../http/errors';

/**
 * Creates an organization owned by the user and makes it active. Names are unique per user,
 * case-insensitively, among the organizations they belong to (the reference checked every
 * organization of every tenant: nobody could name one "Personal", and the 409 told strangers
 * which names exist — bug 17).
 */
export async function createOrganization(db: Db, user: User, name: string): Promise<Organization> {
  return db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for('update');
    const [clash] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .innerJoin(organizationMembers, eq(organizationMembers.organizationId, organizations.id))
      .where(and(eq(organizationMembers.userId, user.id), sql`lower(${organizations.name}) = lower(${name})`))
      .limit(1);
    if (clash) throw conflict('You already belong to an organization with this name');
    const [org] = await tx.insert(organizations).values({ name }).returning();
    await tx
      .insert(organizationMembers)
      .values({ organizationId: org.id, userId: user.id, role: 'owner', allBoardsRead: true, allBoardsWrite: true });
    await tx.update(users).set({ activeOrganizationId: org.id }).where(eq(users.id, user.id));
    return org;
  });
}

/** Every organization the user belongs to, by name, with their role and which one is active. */
export async function listUserOrganizations(db: Db, user: User, activeId: string) {
  const rows = await db
    .select({ id: organizations.id, name: organizations.name, role: organizationMembers.role })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(eq(organizationMembers.userId, user.id))
    .orderBy(sql`lower(${organizations.name})`, asc(organizations.createdAt), asc(organizations.id));
  return rows.map((row) => ({ ...row, is_active: row.id === activeId }));
}

/** Switches the user's active organization; 403 "No org access" unless they are a member. */
export async function setActiveOrganization(db: Db, user: User, organizationId: string): Promise<Organization> {
  const [row] = await db
    .select({ org: organizations })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(and(eq(organizationMembers.userId, user.id), eq(organizationMembers.organizationId, organizationId)));
  if (!row) throw forbidden('No org access');
  await db.update(users).set({ activeOrganizationId: organizationId }).where(eq(users.id, user.id));
  return row.org;
}

export async function getOrganization(db: Db, organizationId: string): Promise<Organization> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!org) throw new HttpError(404, 'Not Found');
  return org;
}

/**
 * Deletes the organization and everything it owns in one statement: every table that belongs to
 * an organization references it (directly or through a board, gateway, task...) with ON DELETE
 * CASCADE, and actor references are SET NULL, so nothing can fail on a foreign key (the
 * reference's hand-ordered delete missed tags, custom fields and skills: bug 5). Users whose
 * active organization it was get NULL and resolve another one on their next request.
 */
export async function deleteOrganization(db: Db, organizationId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(organizations).where(eq(organizations.id, organizationId));
  });
}
