// Request guards: load what a route names, ask the pure policy in ./access.ts, and either return
// the resource or throw the HttpError the client sees. Every route of every area calls these.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/client';
import { boardGroups, boards, organizationBoardAccess, organizationMembers, type Board, type BoardGroup, type OrganizationMember, type User } from '../db/schema';
import { requireUser } from '../http/auth';
import { forbidden, HttpError } from '../http/errors';
import { boardAdminDecision, boardDecision, groupDecision, type AccessMode, type Decision, type MemberFacts } from './access';
import { isAdminRole, isOwnerRole } from './roles';

/** The signed-in user, their active organization and their membership there. */
export interface OrgContext {
  user: User;
  organizationId: string;
  member: OrganizationMember;
}

/** Throws the decision's 404 / 403 unless it allows. */
export function enforce(decision: Decision): void {
  if (!decision.allow) throw new HttpError(decision.status, decision.detail);
}

const contexts = new WeakMap<FastifyRequest, Promise<OrgContext>>();

async function loadContext(request: FastifyRequest): Promise<OrgContext> {
  const { user, organizationId } = await requireUser(request);
  const member = await membershipIn(request.server.services.db, user.id, organizationId);
  if (!member) throw forbidden('No org access');
  return { user, organizationId, member };
}

/** Any member of the active organization (401 without a user, 403 "No org access"). */
export function orgMember(request: FastifyRequest): Promise<OrgContext> {
  let pending = contexts.get(request);
  if (!pending) {
    pending = loadContext(request);
    contexts.set(request, pending);
  }
  return pending;
}

/** An owner or admin of the active organization (403 otherwise). */
export async function orgAdmin(request: FastifyRequest): Promise<OrgContext> {
  const context = await orgMember(request);
  if (!isAdminRole(context.member.role)) throw forbidden('Only organization admins can do this');
  return context;
}

/** An owner of the active organization (403 with `detail` otherwise). */
export async function orgOwner(request: FastifyRequest, detail = 'Only organization owners can do this'): Promise<OrgContext> {
  const context = await orgAdmin(request);
  if (!isOwnerRole(context.member.role)) throw forbidden(detail);
  return context;
}

/** The user's membership in one organization, or null. */
export async function membershipIn(db: Queryable, userId: string, organizationId: string): Promise<OrganizationMember | null> {
  const [member] = await db
    .select()
    .from(organizationMembers)
    .where(and(eq(organizationMembers.userId, userId), eq(organizationMembers.organizationId, organizationId)));
  return member ?? null;
}

async function grantFor(db: Queryable, memberId: string, boardId: string) {
  const [grant] = await db
    .select({ canRead: organizationBoardAccess.canRead, canWrite: organizationBoardAccess.canWrite })
    .from(organizationBoardAccess)
    .where(and(eq(organizationBoardAccess.organizationMemberId, memberId), eq(organizationBoardAccess.boardId, boardId)));
  return grant ?? null;
}

export type BoardMode = AccessMode | 'admin';

/** A board and the user's membership in the board's organization. */
export interface BoardAccess {
  board: Board;
  user: User;
  member: OrganizationMember;
}

/**
 * The board a user route names, checked for `read`, `write` or `admin` (org admin of the
 * board's organization). Unknown ids and boards of organizations the user is not in are 404;
 * a member without the access gets 403 "Board access denied". Access is judged by the user's
 * membership in the board's own organization, so links work whichever organization is active.
 */
export async function boardAccessFor(request: FastifyRequest, boardId: string, mode: BoardMode): Promise<BoardAccess> {
  const { user } = await requireUser(request);
  const { db } = request.server.services;
  const [board] = await db.select().from(boards).where(eq(boards.id, boardId));
  if (!board) throw new HttpError(404, 'Not Found');
  const member = await membershipIn(db, user.id, board.organizationId);
  if (mode === 'admin') {
    enforce(boardAdminDecision(member, board));
  } else {
    const grant = member ? await grantFor(db, member.id, board.id) : null;
    enforce(boardDecision(member, board, grant, mode));
  }
  return { board, user, member: member! };
}

/** `boardAccessFor(...).board`: the board, or 404 / 403. */
export async function boardFor(request: FastifyRequest, boardId: string, mode: BoardMode): Promise<Board> {
  return (await boardAccessFor(request, boardId, mode)).board;
}

/**
 * SQL condition on `boards` for the boards a member may read (or write): their organization's
 * boards, all of them with the org-wide flag, else those with a grant. Use it in list queries.
 */
export function boardsVisibleTo(member: MemberFacts, mode: AccessMode = 'read'): SQL {
  // Columns are qualified by hand: Drizzle leaves them bare in a select list, where a bare "id"
  // inside the subquery would silently mean the grant's own id.
  const inOrg = sql`"boards"."organization_id" = ${member.organizationId}`;
  const orgWide = mode === 'write' ? member.allBoardsWrite : member.allBoardsRead || member.allBoardsWrite;
  if (orgWide) return inOrg;
  const right = mode === 'write' ? sql.raw('oba.can_write') : sql.raw('(oba.can_read or oba.can_write)');
  return sql`(${inOrg} and exists (select 1 from organization_board_access oba where oba.organization_member_id = ${member.id} and oba.board_id = "boards"."id" and ${right}))`;
}

/** Ids of the boards a member may read (or write). */
export async function accessibleBoardIds(db: Queryable, member: MemberFacts, mode: AccessMode = 'read'): Promise<string[]> {
  const rows = await db.select({ id: boards.id }).from(boards).where(boardsVisibleTo(member, mode));
  return rows.map((row) => row.id);
}

/**
 * A board group of the active organization, checked for read or write (spec 2.12): 404 for
 * unknown ids and other organizations' groups, 403 when the member reaches none of its boards.
 */
export async function groupFor(request: FastifyRequest, groupId: string, mode: AccessMode): Promise<{ group: BoardGroup; context: OrgContext }> {
  const context = await orgMember(request);
  const { db } = request.server.services;
  const [group] = await db.select().from(boardGroups).where(eq(boardGroups.id, groupId));
  if (!group || group.organizationId !== context.organizationId) throw new HttpError(404, 'Not Found');
  const inGroup = eq(boards.boardGroupId, group.id);
  const [all] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(boards).where(inGroup);
  const [accessible] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(boards).where(and(inGroup, boardsVisibleTo(context.member, mode)));
  const counts = { count: all.n, accessible: accessible.n };
  enforce(groupDecision(context.member, group, counts, mode));
  return { group, context };
}
