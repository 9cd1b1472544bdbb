import { eq, sql } from 'drizzle-orm';
import { organizationMembers, organizations, users, type User } from '../../db/schema';
import { HttpError } from '../../http/errors';
import type { Services } from '../../services';

/** Deletes the Clerk account first; a Clerk 404 means it is already gone. */
async function deleteAtClerk(services: Services, user: User): Promise<void> {
  const { config, logger } = services;
  if (config.authMode !== 'clerk') return;
  if (!config.clerk.secretKey) {
    logger.warn('CLERK_SECRET_KEY is not set: the Clerk account is left in place');
    return;
  }
  try {
    const response = await fetch(`${config.clerk.apiUrl}/users/${encodeURIComponent(user.clerkUserId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${config.clerk.secretKey}` },
      signal: AbortSignal.timeout(5000),
    });
    if (response.ok || response.status === 404) return;
  } catch {
    // fall through to the 502 below
  }
  throw new HttpError(502, 'Failed to delete account from Clerk');
}

/**
 * Deletes the user. Organizations where they are the only member go with them; in others only
 * their membership (and its board grants) is removed. References elsewhere become NULL through
 * the schema's ON DELETE rules, so nothing can fail on a foreign key.
 */
export async function deleteAccount(services: Services, user: User): Promise<void> {
  await deleteAtClerk(services, user);
  await services.db.transaction(async (tx) => {
    const memberships = await tx
      .select({
        organizationId: organizationMembers.organizationId,
        members: sql<number>`(select count(*) from organization_members m where m.organization_id = ${organizationMembers.organizationId})`.mapWith(Number),
      })
      .from(organizationMembers)
      .where(eq(organizationMembers.userId, user.id));
    for (const membership of memberships) {
      if (membership.members <= 1) await tx.delete(organizations).where(eq(organizations.id, membership.organizationId));
    }
    await tx.delete(users).where(eq(users.id, user.id));
  });
}
