// Who may do what: pure decisions over (actor, resource). The guards in ./guards.ts load the rows
// and turn a decision into 404 / 403; later areas (tasks, approvals, webhooks, agents) reuse both.
import { isAdminRole, isOwnerRole } from './roles';

export type AccessMode = 'read' | 'write';

/**
 * - `allow`: go ahead.
 * - `not_found`: the caller must not learn the resource exists (another organization's ids).
 * - `forbidden`: the caller is in the organization but lacks the right.
 */
export type Decision = { allow: true } | { allow: false; status: 404 | 403; detail: string };

export const ALLOW: Decision = { allow: true };
export const NOT_FOUND: Decision = { allow: false, status: 404, detail: 'Not Found' };
export const deny = (detail: string): Decision => ({ allow: false, status: 403, detail });

/** The facts about a membership that access decisions need. */
export interface MemberFacts {
  id: string;
  organizationId: string;
  userId: string;
  role: string;
  allBoardsRead: boolean;
  allBoardsWrite: boolean;
}

/** A per-board grant row (organization_board_access). */
export interface BoardGrant {
  canRead: boolean;
  canWrite: boolean;
}

/** Write implies read, for the org-wide flags and for grants alike. */
export function grantAllows(member: Pick<MemberFacts, 'allBoardsRead' | 'allBoardsWrite'>, grant: BoardGrant | null, mode: AccessMode): boolean {
  if (mode === 'write') return member.allBoardsWrite || Boolean(grant?.canWrite);
  return member.allBoardsRead || member.allBoardsWrite || Boolean(grant?.canRead || grant?.canWrite);
}

/**
 * A user's access to a board. `member` is the user's membership in the board's organization
 * (null when they have none: the board does not exist for them). Org admins are not granted board
 * access implicitly: it always comes from the flags or a grant, as in the reference.
 */
export function boardDecision(
  member: MemberFacts | null,
  board: { organizationId: string },
  grant: BoardGrant | null,
  mode: AccessMode,
): Decision {
  if (!member || member.organizationId !== board.organizationId) return NOT_FOUND;
  return grantAllows(member, grant, mode) ? ALLOW : deny('Board access denied');
}

/** Managing a board as a whole (delete): an admin of the board's organization (bug 16). */
export function boardAdminDecision(member: MemberFacts | null, board: { organizationId: string }): Decision {
  if (!member || member.organizationId !== board.organizationId) return NOT_FOUND;
  return isAdminRole(member.role) ? ALLOW : deny('Only organization admins can do this');
}

/** The facts about an agent that board access needs (the agents area resolves them). */
export interface AgentFacts {
  boardId: string | null;
  /** The organization of the agent's gateway. */
  organizationId: string;
}

/** The detail of an agent's 403 on another board of its own organization. */
export const BOARD_DENIED = 'Agent cannot access this board';

/**
 * An agent may act on its own board; a gateway-main agent (no board) on boards of its own
 * organization only (the reference let it reach every organization: bug 3).
 */
export function agentBoardDecision(agent: AgentFacts, board: { id: string; organizationId: string }): Decision {
  if (agent.organizationId !== board.organizationId) return NOT_FOUND;
  if (agent.boardId === null || agent.boardId === board.id) return ALLOW;
  return deny(BOARD_DENIED);
}

/**
 * Access to a board group in the caller's active organization: org-wide flags allow at once;
 * a group without boards is for admins only; otherwise the member needs the access on at least
 * one board of the group.
 */
export function groupDecision(
  member: MemberFacts,
  group: { organizationId: string },
  boards: { count: number; accessible: number },
  mode: AccessMode,
): Decision {
  if (member.organizationId !== group.organizationId) return NOT_FOUND;
  if (grantAllows(member, null, mode)) return ALLOW;
  if (boards.count === 0) return isAdminRole(member.role) ? ALLOW : deny('Board group access denied');
  return boards.accessible > 0 ? ALLOW : deny('Board group access denied');
}

/** Non-admins may only look at their own membership. */
export function memberViewDecision(actor: MemberFacts, target: MemberFacts): Decision {
  if (actor.organizationId !== target.organizationId) return NOT_FOUND;
  return actor.id === target.id || isAdminRole(actor.role) ? ALLOW : deny('Forbidden');
}

export type Problem = { status: 403 | 409 | 422; detail: string } | null;

/**
 * Removing a member (the caller is an org admin): never yourself, only owners remove owners,
 * and the last owner stays.
 */
export function memberRemovalProblem(actor: MemberFacts, target: MemberFacts, ownerCount: number): Problem {
  if (actor.id === target.id) return { status: 403, detail: 'You cannot remove yourself from the organization' };
  if (isOwnerRole(target.role) && !isOwnerRole(actor.role)) return { status: 403, detail: 'Only owners can remove owners' };
  if (isOwnerRole(target.role) && ownerCount <= 1) return { status: 422, detail: 'Organization must have at least one owner' };
  return null;
}

/**
 * Changing a role (the caller is an org admin): only owners grant or take away `owner`
 * (otherwise an admin could promote themselves), and the last owner cannot be demoted.
 */
export function roleChangeProblem(actor: MemberFacts, target: MemberFacts, role: string, ownerCount: number): Problem {
  const touchesOwner = isOwnerRole(role) || isOwnerRole(target.role);
  if (touchesOwner && !isOwnerRole(actor.role)) return { status: 403, detail: 'Only owners can grant or revoke the owner role' };
  if (isOwnerRole(target.role) && !isOwnerRole(role) && ownerCount <= 1) {
    return { status: 422, detail: 'Organization must have at least one owner' };
  }
  return null;
}

/** Changing a member's board access: admins may, but only owners change an owner's access. */
export function accessChangeProblem(actor: MemberFacts, target: MemberFacts): Problem {
  if (isOwnerRole(target.role) && !isOwnerRole(actor.role)) return { status: 403, detail: "Only owners can change an owner's access" };
  return null;
}

/** Inviting: admins may invite members and admins; only owners invite owners. */
export function inviteRoleProblem(actor: MemberFacts, role: string): Problem {
  if (isOwnerRole(role) && !isOwnerRole(actor.role)) return { status: 403, detail: 'Only owners can invite owners' };
  return null;
}
