import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { organizationInviteBoardAccess, organizationInvites, organizationMembers, users } from '../../db/schema';
import { acceptInvite, newInviteToken } from '../../domain/organizations/invites';
import { accessRows, raise, requireOrgBoards } from '../../domain/organizations/members';
import { looksLikeEmail, normalizeEmail } from '../../domain/organizations/rules';
import { requireUser } from '../../http/auth';
import { isUniqueViolation } from '../../http/db-errors';
import { conflict, HttpError } from '../../http/errors';
import { Page, PageQuery, page } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { inviteRoleProblem, orgAdmin } from '../../policies';
import { OrganizationInviteRead, OrganizationMemberRead, presentInvite, presentMember } from '../../presenters/organizations';
import { accessSpecFrom, BoardAccessSpec, RoleField } from './members';

const tags = ['organizations'];
const InviteParams = z.object({ invite_id: z.uuid() });
const Email = z
  .string()
  .max(320)
  .transform((value, ctx) => {
    const email = normalizeEmail(value);
    if (!looksLikeEmail(email)) {
      ctx.addIssue({ code: 'custom', message: email ? 'invited_email is not an e-mail address' : 'invited_email is required' });
      return z.NEVER;
    }
    return email;
  });
const InviteCreate = z
  .object({
    invited_email: Email,
    role: RoleField.default('member'),
    all_boards_read: z.boolean().default(false),
    all_boards_write: z.boolean().default(false),
    board_access: z.array(BoardAccessSpec).max(1000).default([]),
  })
  .meta({ id: 'OrganizationInviteCreate' });
const InviteAccept = z.object({ token: z.string().trim().min(1).max(200) }).meta({ id: 'OrganizationInviteAccept' });

export const inviteRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.services;

  app.get(
    '/api/v1/organizations/me/invites',
    { schema: { operationId: 'list_org_invites', tags, querystring: PageQuery, response: { 200: Page(OrganizationInviteRead, 'LimitOffsetPage_OrganizationInviteRead'), ...errors(...AUTHED, 403) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const where = and(eq(organizationInvites.organizationId, organizationId), isNull(organizationInvites.acceptedAt));
      const rows = await db
        .select()
        .from(organizationInvites)
        .where(where)
        .orderBy(desc(organizationInvites.createdAt), desc(organizationInvites.id))
        .limit(request.query.limit)
        .offset(request.query.offset);
      const [{ total }] = await db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(organizationInvites).where(where);
      return page(rows.map(presentInvite), total, request.query);
    },
  );

  app.post(
    '/api/v1/organizations/me/invites',
    { schema: { operationId: 'create_org_invite', tags, body: InviteCreate, response: { 200: OrganizationInviteRead, ...errors(...AUTHED, 403, 409) } } },
    async (request) => {
      const { member: actor, organizationId, user } = await orgAdmin(request);
      const body = request.body;
      raise(inviteRoleProblem(actor, body.role));
      const spec = accessSpecFrom(body);
      try {
        return await db.transaction(async (tx) => {
          const [already] = await tx
            .select({ id: organizationMembers.id })
            .from(organizationMembers)
            .innerJoin(users, eq(users.id, organizationMembers.userId))
            .where(and(eq(organizationMembers.organizationId, organizationId), sql`lower(${users.email}) = ${body.invited_email}`))
            .limit(1);
          if (already) throw conflict('User is already a member of this organization');
          await requireOrgBoards(tx, organizationId, spec.boards.map((row) => row.boardId), ['body', 'board_access']);
          const [invite] = await tx
            .insert(organizationInvites)
            .values({
              organizationId,
              invitedEmail: body.invited_email,
              token: newInviteToken(),
              role: body.role,
              allBoardsRead: spec.allBoardsRead,
              allBoardsWrite: spec.allBoardsWrite,
              createdByUserId: user.id,
            })
            .returning();
          if (spec.boards.length) {
            await tx.insert(organizationInviteBoardAccess).values(spec.boards.map((row) => ({ organizationInviteId: invite.id, ...row })));
          }
          return presentInvite(invite);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('An invite for this e-mail address is already pending');
        throw error;
      }
    },
  );

  app.delete(
    '/api/v1/organizations/me/invites/:invite_id',
    { schema: { operationId: 'revoke_org_invite', tags, params: InviteParams, response: { 200: OrganizationInviteRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const [invite] = await db
        .delete(organizationInvites)
        .where(and(eq(organizationInvites.id, request.params.invite_id), eq(organizationInvites.organizationId, organizationId), isNull(organizationInvites.acceptedAt)))
        .returning();
      if (!invite) throw new HttpError(404, 'Not Found');
      return presentInvite(invite);
    },
  );

  app.post(
    '/api/v1/organizations/invites/accept',
    { schema: { operationId: 'accept_org_invite', tags, body: InviteAccept, response: { 200: OrganizationMemberRead, ...errors(...AUTHED, 403, 404, 409) } } },
    async (request) => {
      const { user } = await requireUser(request);
      try {
        return await db.transaction(async (tx) => {
          const member = await acceptInvite(tx, request.body.token, user);
          const [row] = await tx
            .select({ id: users.id, email: users.email, name: users.name, preferredName: users.preferredName })
            .from(users)
            .where(eq(users.id, user.id));
          return presentMember(member, row ?? null, await accessRows(tx, member.id));
        });
      } catch (error) {
        // Two invites of one organization accepted at the same instant: the membership exists now.
        if (isUniqueViolation(error)) throw conflict('The membership changed meanwhile; accept the invite again');
        throw error;
      }
    },
  );
};
