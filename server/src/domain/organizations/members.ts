// Membership operations (spec 2.4, 3.18): load, change role, replace access, remove.
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client';
import { boards, organizationBoardAccess, organizationMembers, users, type OrganizationMember } from '../../db/schema';
import { HttpError } from '../../http/errors';
import type { Problem } from '../../policies/access';
import type { AccessSpec } from './rules';

export const memberUser = { id: users.id, email: users.email, name: users.name, preferredName: users.preferredName };

export function raise(problem: Problem): void {
  if (problem) throw new HttpError(problem.status, problem.detail);
}

/** A member of the organization with their user, or 404. */
export async function memberInOrg(db: Queryable, organizationId: string, memberId: string) {
  const [row] = await db
    .select({ member: organizationMembers, user: memberUser })
    .from(organizationMembers)
    .leftJoin(users, eq(users.id, organizationMembers.userId))
    .where(and(eq(organizationMembers.id, memberId), eq(organizationMembers.organizationId, organizationId)));
  if (!row) throw new HttpError(404, 'Not Found');
  return row;
}

export async function accessRows(db: Queryable, memberId: string) {
  return db
    .select()
    .from(organizationBoardAccess)
    .where(eq(organizationBoardAccess.organizationMemberId, memberId))
    .orderBy(asc(organizationBoardAccess.createdAt), asc(organizationBoardAccess.boardId));
}

/** Owners of the organization, locked so concurrent demotions cannot leave none. */
export async function lockedOwnerCount(tx: Tx, organizationId: string): Promise<number> {
  const rows = await tx
    .select({ id: organizationMembers.id })
    .from(organizationMembers)
    .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.role, 'owner')))
    .for('update');
  return rows.length;
}

/** Board ids of `ids` that are not boards of the organization. */
export async function foreignBoardIds(db: Queryable, organizationId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await db
    .select({ id: boards.id })
    .from(boards)
    .where(and(eq(boards.organizationId, organizationId), inArray(boards.id, unique)));
  const known = new Set(found.map((row) => row.id));
  return unique.filter((id) => !known.has(id));
}

/** 422 unless every board id belongs to the organization. */
export async function requireOrgBoards(db: Queryable, organizationId: string, ids: string[], loc: string[]): Promise<void> {
  const invalid = await foreignBoardIds(db, organizationId, ids);
  if (invalid.length) {
    throw new HttpError(422, [{ type: 'value_error', loc, msg: 'Some boards are not boards of this organization', input: invalid }]);
  }
}

/** Sets the flags and replaces the member's grants with `spec` (already normalized). */
export async function replaceAccess(tx: Tx, member: OrganizationMember, spec: AccessSpec): Promise<OrganizationMember> {
  const [updated] = await tx
    .update(organizationMembers)
    .set({ allBoardsRead: spec.allBoardsRead, allBoardsWrite: spec.allBoardsWrite })
    .where(eq(organizationMembers.id, member.id))
    .returning();
  await tx.delete(organizationBoardAccess).where(eq(organizationBoardAccess.organizationMemberId, member.id));
  if (spec.boards.length) {
    await tx.insert(organizationBoardAccess).values(
      spec.boards.map((row) => ({ organizationMemberId: member.id, boardId: row.boardId, canRead: row.canRead, canWrite: row.canWrite })),
    );
  }
  return updated;
}

/**
 * Removes a membership (grants go with it by cascade). A user whose active organization this
 * was moves to their oldest other membership, or none (the next request resolves one).
 */
export async function removeMember(tx: Tx, member: OrganizationMember): Promise<void> {
  await tx.delete(organizationMembers).where(eq(organizationMembers.id, member.id));
  const [fallback] = await tx
    .select({ organizationId: organizationMembers.organizationId })
    .from(organizationMembers)
    .where(and(eq(organizationMembers.userId, member.userId), ne(organizationMembers.organizationId, member.organizationId)))
    .orderBy(asc(organizationMembers.createdAt), asc(organizationMembers.id))
    .limit(1);
  await tx
    .update(users)
    .set({ activeOrganizationId: fallback?.organizationId ?? null })
    .where(and(eq(users.id, member.userId), eq(users.activeOrganizationId, member.organizationId)));
}

/** Members with their users, ordered by e-mail then name (stable by id), and the total. */
export async function listMembers(db: Queryable, organizationId: string, limit: number, offset: number) {
  const where = eq(organizationMembers.organizationId, organizationId);
  const rows = await db
    .select({ member: organizationMembers, user: memberUser })
    .from(organizationMembers)
    .leftJoin(users, eq(users.id, organizationMembers.userId))
    .where(where)
    .orderBy(sql`lower(${users.email}) asc nulls last`, sql`${users.name} asc nulls last`, asc(organizationMembers.id))
    .limit(limit)
    .offset(offset);
  const [{ total }] = await db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(organizationMembers).where(where);
  return { rows, total };
}
