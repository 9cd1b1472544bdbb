import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { organizationMembers } from '../../db/schema';
import { accessRows, listMembers, lockedOwnerCount, memberInOrg, raise, removeMember, replaceAccess, requireOrgBoards } from '../../domain/organizations/members';
import { normalizeAccess } from '../../domain/organizations/rules';
import { eq } from 'drizzle-orm';
import { PageQuery, Page, page } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { accessChangeProblem, enforce, memberRemovalProblem, memberViewDecision, orgAdmin, orgMember, parseRole, roleChangeProblem } from '../../policies';
import { OkResponse, ok } from '../../presenters/common';
import { OrganizationMemberRead, presentMember } from '../../presenters/organizations';

const tags = ['organizations'];
const MemberParams = z.object({ member_id: z.uuid() });
export const RoleField = z
  .string()
  .max(50)
  .transform((value, ctx) => {
    const role = parseRole(value);
    if (!role) {
      ctx.addIssue({ code: 'custom', message: 'role must be one of owner, admin, member' });
      return z.NEVER;
    }
    return role;
  })
  .meta({ description: 'owner, admin or member (case-insensitive; blank means member)' });

export const BoardAccessSpec = z
  .object({ board_id: z.uuid(), can_read: z.boolean().default(true), can_write: z.boolean().default(false) })
  .meta({ id: 'OrganizationBoardAccessSpec' });

const MemberUpdate = z.object({ role: RoleField.optional() }).meta({ id: 'OrganizationMemberUpdate' });
const MemberAccessUpdate = z
  .object({
    all_boards_read: z.boolean().default(false),
    all_boards_write: z.boolean().default(false),
    board_access: z.array(BoardAccessSpec).max(1000).default([]),
  })
  .meta({ id: 'OrganizationMemberAccessUpdate' });

export const accessSpecFrom = (body: z.infer<typeof MemberAccessUpdate>) =>
  normalizeAccess({
    allBoardsRead: body.all_boards_read,
    allBoardsWrite: body.all_boards_write,
    boards: body.board_access.map((row) => ({ boardId: row.board_id, canRead: row.can_read, canWrite: row.can_write })),
  });

export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.services;

  app.get(
    '/api/v1/organizations/me/member',
    { schema: { operationId: 'get_my_membership', tags, response: { 200: OrganizationMemberRead, ...errors(401, 403) } } },
    async (request) => {
      const { member, organizationId } = await orgMember(request);
      const { user } = await memberInOrg(db, organizationId, member.id);
      return presentMember(member, user, await accessRows(db, member.id));
    },
  );

  app.get(
    '/api/v1/organizations/me/members',
    { schema: { operationId: 'list_org_members', tags, querystring: PageQuery, response: { 200: Page(OrganizationMemberRead, 'LimitOffsetPage_OrganizationMemberRead'), ...errors(...AUTHED, 403) } } },
    async (request) => {
      const { organizationId } = await orgMember(request);
      const { rows, total } = await listMembers(db, organizationId, request.query.limit, request.query.offset);
      return page(rows.map((row) => presentMember(row.member, row.user)), total, request.query);
    },
  );

  app.get(
    '/api/v1/organizations/me/members/:member_id',
    { schema: { operationId: 'get_org_member', tags, params: MemberParams, response: { 200: OrganizationMemberRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { member: actor, organizationId } = await orgMember(request);
      const { member, user } = await memberInOrg(db, organizationId, request.params.member_id);
      enforce(memberViewDecision(actor, member));
      return presentMember(member, user, await accessRows(db, member.id));
    },
  );

  app.patch(
    '/api/v1/organizations/me/members/:member_id',
    { schema: { operationId: 'update_org_member', tags, params: MemberParams, body: MemberUpdate, response: { 200: OrganizationMemberRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { member: actor, organizationId } = await orgAdmin(request);
      return db.transaction(async (tx) => {
        const { member, user } = await memberInOrg(tx, organizationId, request.params.member_id);
        const role = request.body.role;
        if (role === undefined || role === member.role) return presentMember(member, user);
        raise(roleChangeProblem(actor, member, role, await lockedOwnerCount(tx, organizationId)));
        const [updated] = await tx.update(organizationMembers).set({ role }).where(eq(organizationMembers.id, member.id)).returning();
        return presentMember(updated, user);
      });
    },
  );

  app.put(
    '/api/v1/organizations/me/members/:member_id/access',
    { schema: { operationId: 'update_member_access', tags, params: MemberParams, body: MemberAccessUpdate, response: { 200: OrganizationMemberRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { member: actor, organizationId } = await orgAdmin(request);
      return db.transaction(async (tx) => {
        const { member, user } = await memberInOrg(tx, organizationId, request.params.member_id);
        raise(accessChangeProblem(actor, member));
        const spec = accessSpecFrom(request.body);
        await requireOrgBoards(tx, organizationId, spec.boards.map((row) => row.boardId), ['body', 'board_access']);
        const updated = await replaceAccess(tx, member, spec);
        return presentMember(updated, user, await accessRows(tx, member.id));
      });
    },
  );

  app.delete(
    '/api/v1/organizations/me/members/:member_id',
    { schema: { operationId: 'remove_org_member', tags, params: MemberParams, response: { 200: OkResponse, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { member: actor, organizationId } = await orgAdmin(request);
      await db.transaction(async (tx) => {
        const { member } = await memberInOrg(tx, organizationId, request.params.member_id);
        raise(memberRemovalProblem(actor, member, await lockedOwnerCount(tx, organizationId)));
        await removeMember(tx, member);
      });
      return ok;
    },
  );
};
