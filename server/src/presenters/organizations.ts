import { z } from 'zod';
import type { Organization, OrganizationBoardAccess, OrganizationInvite, OrganizationMember, User } from '../db/schema';
import { iso, Timestamp, Uuid } from './common';

export const OrganizationRead = z
  .object({ id: Uuid, name: z.string(), created_at: Timestamp, updated_at: Timestamp })
  .meta({ id: 'OrganizationRead' });

export const OrganizationListItem = z
  .object({ id: Uuid, name: z.string(), role: z.string(), is_active: z.boolean() })
  .meta({ id: 'OrganizationListItem' });

export const OrganizationBoardAccessRead = z
  .object({ id: Uuid, board_id: Uuid, can_read: z.boolean(), can_write: z.boolean(), created_at: Timestamp, updated_at: Timestamp })
  .meta({ id: 'OrganizationBoardAccessRead' });

export const OrganizationUserRead = z
  .object({ id: Uuid, email: z.string().nullable(), name: z.string().nullable(), preferred_name: z.string().nullable() })
  .meta({ id: 'OrganizationUserRead' });

export const OrganizationMemberRead = z
  .object({
    id: Uuid,
    organization_id: Uuid,
    user_id: Uuid,
    role: z.string(),
    all_boards_read: z.boolean(),
    all_boards_write: z.boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
    user: OrganizationUserRead.nullable(),
    board_access: z.array(OrganizationBoardAccessRead),
  })
  .meta({ id: 'OrganizationMemberRead' });

export const OrganizationInviteRead = z
  .object({
    id: Uuid,
    organization_id: Uuid,
    invited_email: z.string(),
    role: z.string(),
    all_boards_read: z.boolean(),
    all_boards_write: z.boolean(),
    token: z.string(),
    created_by_user_id: Uuid.nullable(),
    accepted_by_user_id: Uuid.nullable(),
    accepted_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'OrganizationInviteRead' });

export function presentOrganization(org: Organization): z.infer<typeof OrganizationRead> {
  return { id: org.id, name: org.name, created_at: iso(org.createdAt)!, updated_at: iso(org.updatedAt)! };
}

export function presentAccess(row: OrganizationBoardAccess): z.infer<typeof OrganizationBoardAccessRead> {
  return { id: row.id, board_id: row.boardId, can_read: row.canRead, can_write: row.canWrite, created_at: iso(row.createdAt)!, updated_at: iso(row.updatedAt)! };
}

export function presentMember(
  member: OrganizationMember,
  user: Pick<User, 'id' | 'email' | 'name' | 'preferredName'> | null,
  access: OrganizationBoardAccess[] = [],
): z.infer<typeof OrganizationMemberRead> {
  return {
    id: member.id,
    organization_id: member.organizationId,
    user_id: member.userId,
    role: member.role,
    all_boards_read: member.allBoardsRead,
    all_boards_write: member.allBoardsWrite,
    created_at: iso(member.createdAt)!,
    updated_at: iso(member.updatedAt)!,
    user: user ? { id: user.id, email: user.email, name: user.name, preferred_name: user.preferredName } : null,
    board_access: access.map(presentAccess),
  };
}

export function presentInvite(invite: OrganizationInvite): z.infer<typeof OrganizationInviteRead> {
  return {
    id: invite.id,
    organization_id: invite.organizationId,
    invited_email: invite.invitedEmail,
    role: invite.role,
    all_boards_read: invite.allBoardsRead,
    all_boards_write: invite.allBoardsWrite,
    token: invite.token,
    created_by_user_id: invite.createdByUserId,
    accepted_by_user_id: invite.acceptedByUserId,
    accepted_at: iso(invite.acceptedAt),
    created_at: iso(invite.createdAt)!,
    updated_at: iso(invite.updatedAt)!,
  };
}
