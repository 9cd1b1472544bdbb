import { describe, expect, it } from 'vitest';
import {
  accessChangeProblem,
  agentBoardDecision,
  boardAdminDecision,
  boardDecision,
  grantAllows,
  groupDecision,
  higherRole,
  inviteRoleProblem,
  isAdminRole,
  memberRemovalProblem,
  memberViewDecision,
  parseRole,
  roleChangeProblem,
  roleRank,
  type MemberFacts,
} from '../../src/policies';

const member = (over: Partial<MemberFacts> = {}): MemberFacts => ({ id: 'm1', organizationId: 'org', userId: 'u1', role: 'member', allBoardsRead: false, allBoardsWrite: false, ...over });
const board = { id: 'b1', organizationId: 'org' };

describe('roles', () => {
  it('parses known roles case-insensitively, blank as member, unknown as null', () => {
    expect(parseRole(' OWNER ')).toBe('owner');
    expect(parseRole('')).toBe('member');
    expect(parseRole(null)).toBe('member');
    expect(parseRole('root')).toBeNull();
  });
  it('ranks owner > admin > member = unknown', () => {
    expect(roleRank('owner')).toBeGreaterThan(roleRank('admin'));
    expect(roleRank('admin')).toBeGreaterThan(roleRank('member'));
    expect(roleRank('weird')).toBe(roleRank('member'));
    expect(higherRole('admin', 'member')).toBe('admin');
    expect(higherRole('member', 'owner')).toBe('owner');
    expect(isAdminRole('admin') && isAdminRole('owner') && !isAdminRole('member')).toBe(true);
  });
});

describe('board access', () => {
  it('write implies read, for flags and grants', () => {
    expect(grantAllows(member({ allBoardsWrite: true }), null, 'read')).toBe(true);
    expect(grantAllows(member(), { canRead: false, canWrite: true }, 'read')).toBe(true);
    expect(grantAllows(member({ allBoardsRead: true }), null, 'write')).toBe(false);
    expect(grantAllows(member(), { canRead: true, canWrite: false }, 'write')).toBe(false);
    expect(grantAllows(member(), null, 'read')).toBe(false);
  });
  it('another organization (or no membership) is not found; a missing right is forbidden', () => {
    expect(boardDecision(null, board, null, 'read')).toMatchObject({ allow: false, status: 404 });
    expect(boardDecision(member({ organizationId: 'other' }), board, { canRead: true, canWrite: true }, 'read')).toMatchObject({ status: 404 });
    expect(boardDecision(member(), board, null, 'read')).toEqual({ allow: false, status: 403, detail: 'Board access denied' });
    expect(boardDecision(member(), board, { canRead: true, canWrite: false }, 'read')).toEqual({ allow: true });
  });
  it('admins are not implicitly granted board access, but manage (delete) boards', () => {
    expect(boardDecision(member({ role: 'admin' }), board, null, 'read').allow).toBe(false);
    expect(boardAdminDecision(member({ role: 'admin' }), board).allow).toBe(true);
    expect(boardAdminDecision(member({ allBoardsWrite: true }), board)).toMatchObject({ status: 403 });
    expect(boardAdminDecision(member({ role: 'owner', organizationId: 'x' }), board)).toMatchObject({ status: 404 });
  });
  it('agents: own board, or any board of their organization when gateway-main; never another organization', () => {
    expect(agentBoardDecision({ boardId: 'b1', organizationId: 'org' }, board).allow).toBe(true);
    expect(agentBoardDecision({ boardId: 'b2', organizationId: 'org' }, board)).toMatchObject({ status: 403 });
    expect(agentBoardDecision({ boardId: null, organizationId: 'org' }, board).allow).toBe(true);
    expect(agentBoardDecision({ boardId: null, organizationId: 'other' }, board)).toMatchObject({ status: 404 });
  });
});

describe('group access', () => {
  const group = { organizationId: 'org' };
  it('org-wide flags allow; empty groups are for admins; else one accessible board is enough', () => {
    expect(groupDecision(member({ allBoardsRead: true }), group, { count: 3, accessible: 0 }, 'read').allow).toBe(true);
    expect(groupDecision(member(), group, { count: 0, accessible: 0 }, 'read').allow).toBe(false);
    expect(groupDecision(member({ role: 'admin' }), group, { count: 0, accessible: 0 }, 'read').allow).toBe(true);
    expect(groupDecision(member(), group, { count: 2, accessible: 1 }, 'write').allow).toBe(true);
    expect(groupDecision(member(), { organizationId: 'x' }, { count: 2, accessible: 2 }, 'read')).toMatchObject({ status: 404 });
  });
});

describe('membership rules', () => {
  const owner = member({ id: 'o', role: 'owner' });
  const admin = member({ id: 'a', role: 'admin' });
  const plain = member({ id: 'p' });
  it('members see themselves, admins see all', () => {
    expect(memberViewDecision(plain, plain).allow).toBe(true);
    expect(memberViewDecision(plain, admin).allow).toBe(false);
    expect(memberViewDecision(admin, plain).allow).toBe(true);
  });
  it('removal: not yourself, owners only by owners, never the last owner', () => {
    expect(memberRemovalProblem(admin, admin, 1)).toMatchObject({ status: 403, detail: 'You cannot remove yourself from the organization' });
    expect(memberRemovalProblem(admin, owner, 2)).toMatchObject({ status: 403, detail: 'Only owners can remove owners' });
    expect(memberRemovalProblem(member({ id: 'o2', role: 'owner' }), owner, 1)).toMatchObject({ status: 422 });
    expect(memberRemovalProblem(member({ id: 'o2', role: 'owner' }), owner, 2)).toBeNull();
    expect(memberRemovalProblem(admin, plain, 1)).toBeNull();
  });
  it('role changes: only owners touch the owner role; the last owner stays', () => {
    expect(roleChangeProblem(admin, admin, 'owner', 1)).toMatchObject({ status: 403 });
    expect(roleChangeProblem(admin, owner, 'member', 2)).toMatchObject({ status: 403 });
    expect(roleChangeProblem(owner, owner, 'admin', 1)).toMatchObject({ status: 422 });
    expect(roleChangeProblem(owner, owner, 'admin', 2)).toBeNull();
    expect(roleChangeProblem(admin, plain, 'admin', 1)).toBeNull();
  });
  it('access changes and invites', () => {
    expect(accessChangeProblem(admin, owner)).toMatchObject({ status: 403 });
    expect(accessChangeProblem(owner, owner)).toBeNull();
    expect(inviteRoleProblem(admin, 'owner')).toMatchObject({ status: 403 });
    expect(inviteRoleProblem(admin, 'admin')).toBeNull();
    expect(inviteRoleProblem(owner, 'owner')).toBeNull();
  });
});
