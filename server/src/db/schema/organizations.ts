import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { boards } from './boards';
import { createdAt, id, ts, updatedAt } from './columns';

// Organizations, their users and members, per-board grants and invites.
// ON DELETE policy for the whole schema: rows owned by a parent cascade with it; plain references
// to an actor or optional target (created_by_user_id, assigned_agent_id, ...) are set to NULL.
// Deleting an organization, user, board, gateway or agent therefore never fails on a foreign key.

export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    // Not unique (the reference dropped its unique constraint); duplicates are an API rule.
    name: text('name').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('ix_organizations_name').on(t.name)],
);

// users.is_super_admin (vestigial in the reference: never checked) is intentionally not stored.
export const users = pgTable(
  'users',
  {
    id: id(),
    clerkUserId: text('clerk_user_id').notNull(),
    email: text('email'),
    name: text('name'),
    preferredName: text('preferred_name'),
    pronouns: text('pronouns'),
    timezone: text('timezone'),
    notes: text('notes'),
    context: text('context'),
    activeOrganizationId: uuid('active_organization_id').references(() => organizations.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    unique('uq_users_clerk_user_id').on(t.clerkUserId),
    index('ix_users_email').on(t.email),
    index('ix_users_active_organization_id').on(t.activeOrganizationId),
  ],
);

export const organizationMembers = pgTable(
  'organization_members',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull().default('member'),
    allBoardsRead: boolean('all_boards_read').notNull().default(false),
    allBoardsWrite: boolean('all_boards_write').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('uq_organization_members_org_user').on(t.organizationId, t.userId),
    index('ix_organization_members_user_id').on(t.userId),
    index('ix_organization_members_role').on(t.role),
  ],
);

export const organizationBoardAccess = pgTable(
  'organization_board_access',
  {
    id: id(),
    // Foreign keys whose default names pass PostgreSQL's 63-character limit are named explicitly.
    organizationMemberId: uuid('organization_member_id').notNull(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    canRead: boolean('can_read').notNull().default(true),
    canWrite: boolean('can_write').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'fk_organization_board_access_member',
      columns: [t.organizationMemberId],
      foreignColumns: [organizationMembers.id],
    }).onDelete('cascade'),
    unique('uq_organization_board_access_member_board').on(t.organizationMemberId, t.boardId),
    index('ix_organization_board_access_board_id').on(t.boardId),
  ],
);

export const organizationInvites = pgTable(
  'organization_invites',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Trimmed and lowercased by the application. */
    invitedEmail: text('invited_email').notNull(),
    token: text('token').notNull(),
    role: text('role').notNull().default('member'),
    allBoardsRead: boolean('all_boards_read').notNull().default(false),
    allBoardsWrite: boolean('all_boards_write').notNull().default(false),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    acceptedByUserId: uuid('accepted_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    /** NULL while the invite is pending. */
    acceptedAt: ts('accepted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('uq_organization_invites_token').on(t.token),
    // One pending invite per email and organization.
    uniqueIndex('uq_organization_invites_pending_email')
      .on(t.organizationId, t.invitedEmail)
      .where(sql`${t.acceptedAt} IS NULL`),
    index('ix_organization_invites_organization_id').on(t.organizationId),
    index('ix_organization_invites_invited_email').on(t.invitedEmail),
    index('ix_organization_invites_created_by_user_id').on(t.createdByUserId),
    index('ix_organization_invites_accepted_by_user_id').on(t.acceptedByUserId),
  ],
);

export const organizationInviteBoardAccess = pgTable(
  'organization_invite_board_access',
  {
    id: id(),
    organizationInviteId: uuid('organization_invite_id').notNull(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    canRead: boolean('can_read').notNull().default(true),
    canWrite: boolean('can_write').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'fk_organization_invite_board_access_invite',
      columns: [t.organizationInviteId],
      foreignColumns: [organizationInvites.id],
    }).onDelete('cascade'),
    unique('uq_organization_invite_board_access_invite_board').on(
      t.organizationInviteId,
      t.boardId,
    ),
    index('ix_organization_invite_board_access_board_id').on(t.boardId),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type OrganizationMember = typeof organizationMembers.$inferSelect;
export type NewOrganizationMember = typeof organizationMembers.$inferInsert;
export type OrganizationBoardAccess = typeof organizationBoardAccess.$inferSelect;
export type NewOrganizationBoardAccess = typeof organizationBoardAccess.$inferInsert;
export type OrganizationInvite = typeof organizationInvites.$inferSelect;
export type NewOrganizationInvite = typeof organizationInvites.$inferInsert;
export type OrganizationInviteBoardAccess = typeof organizationInviteBoardAccess.$inferSelect;
export type NewOrganizationInviteBoardAccess = typeof organizationInviteBoardAccess.$inferInsert;
