// Invites (spec 2.4, 3.18): unguessable tokens, e-mail bound acceptance, access merge on accept,
// and acceptance of a pending invite on a user's first sign-in.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client';
import {
  organizationBoardAccess,
  organizationInviteBoardAccess,
  organizationInvites,
  organizationMembers,
  users,
  type OrganizationInvite,
  type OrganizationMember,
  type User,
} from '../../db/schema';
import { HttpError } from '../../http/errors';
import { addMembershipSource } from '../users/provision';
import { accessRows, replaceAccess } from './members';
import { mergeInvite, normalizeAccess, normalizeEmail } from './rules';

/** 32 random bytes, base64url: the invite link's secret. */
export function newInviteToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function inviteGrants(db: Queryable, inviteId: string) {
  const rows = await db
    .select()
    .from(organizationInviteBoardAccess)
    .where(eq(organizationInviteBoardAccess.organizationInviteId, inviteId))
    .orderBy(asc(organizationInviteBoardAccess.createdAt), asc(organizationInviteBoardAccess.boardId));
  return rows.map((row) => ({ boardId: row.boardId, canRead: row.canRead, canWrite: row.canWrite }));
}

/**
 * Applies a pending invite to the user (locked by the caller's transaction): a new membership
 * from the invite, or the invite merged into the existing one. Marks the invite accepted and
 * makes the organization active when the user has none.
 */
export async function applyInvite(tx: Tx, invite: OrganizationInvite, user: User): Promise<OrganizationMember> {
  const grants = await inviteGrants(tx, invite.id);
  const [existing] = await tx
    .select()
    .from(organizationMembers)
    .where(and(eq(organizationMembers.organizationId, invite.organizationId), eq(organizationMembers.userId, user.id)))
    .for('update');
  let member: OrganizationMember;
  if (!existing) {
    const spec = normalizeAccess({ allBoardsRead: invite.allBoardsRead, allBoardsWrite: invite.allBoardsWrite, boards: grants });
    [member] = await tx
      .insert(organizationMembers)
      .values({ organizationId: invite.organizationId, userId: user.id, role: invite.role, allBoardsRead: spec.allBoardsRead, allBoardsWrite: spec.allBoardsWrite })
      .returning();
    if (spec.boards.length) {
      await tx.insert(organizationBoardAccess).values(spec.boards.map((row) => ({ organizationMemberId: member.id, ...row })));
    }
  } else {
    const current = (await accessRows(tx, existing.id)).map((row) => ({ boardId: row.boardId, canRead: row.canRead, canWrite: row.canWrite }));
    const merged = mergeInvite(
      { role: existing.role, allBoardsRead: existing.allBoardsRead, allBoardsWrite: existing.allBoardsWrite, boards: current },
      { role: invite.role, allBoardsRead: invite.allBoardsRead, allBoardsWrite: invite.allBoardsWrite, boards: grants },
    );
    await tx.update(organizationMembers).set({ role: merged.role }).where(eq(organizationMembers.id, existing.id));
    member = await replaceAccess(tx, existing, merged);
  }
  await tx
    .update(organizationInvites)
    .set({ acceptedByUserId: user.id, acceptedAt: new Date() })
    .where(eq(organizationInvites.id, invite.id));
  await tx
    .update(users)
    .set({ activeOrganizationId: invite.organizationId })
    .where(and(eq(users.id, user.id), isNull(users.activeOrganizationId)));
  return member;
}

/**
 * Accepts an invite by token for the signed-in user. Only the invited address may accept it:
 * a user whose e-mail differs, or who has no e-mail, gets 403 (the reference let a user without
 * an e-mail accept any invite whose token they held).
 */
export async function acceptInvite(tx: Tx, token: string, user: User): Promise<OrganizationMember> {
  const [invite] = await tx
    .select()
    .from(organizationInvites)
    .where(and(eq(organizationInvites.token, token), isNull(organizationInvites.acceptedAt)))
    .for('update');
  if (!invite) throw new HttpError(404, 'Not Found');
  const email = normalizeEmail(user.email);
  if (!email || email !== normalizeEmail(invite.invitedEmail)) throw new HttpError(403, 'This invite was sent to a different e-mail address');
  return applyInvite(tx, invite, user);
}

/** On first sign-in: the oldest pending invite for the user's e-mail, accepted. */
async function acceptPendingInvite(tx: Queryable, user: User): Promise<string | null> {
  const email = normalizeEmail(user.email);
  if (!email) return null;
  const [invite] = await tx
    .select()
    .from(organizationInvites)
    .where(and(eq(organizationInvites.invitedEmail, email), isNull(organizationInvites.acceptedAt)))
    .orderBy(asc(organizationInvites.createdAt), asc(organizationInvites.id))
    .limit(1)
    .for('update');
  if (!invite) return null;
  await applyInvite(tx as Tx, invite, user);
  return invite.organizationId;
}

let installed = false;
/** Registers pending-invite acceptance with user provisioning (once per process). */
export function installInviteMembershipSource(): void {
  if (installed) return;
  installed = true;
  addMembershipSource(acceptPendingInvite);
}
