// Organization roles: owner > admin > member. Pure functions, no database.

export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { owner: 2, admin: 1, member: 0 };

/**
 * Trims and lowercases a requested role; blank means `member`. Returns null for anything that is
 * not a known role, so callers answer 422 instead of storing it (the reference stored any text).
 */
export function parseRole(value: string | null | undefined): Role | null {
  const role = (value ?? '').trim().toLowerCase() || 'member';
  return (ROLES as readonly string[]).includes(role) ? (role as Role) : null;
}

/** Rank for merges and comparisons; a stored unknown value counts as `member`. */
export function roleRank(role: string): number {
  return RANK[role as Role] ?? 0;
}

/** Owners and admins manage the organization. */
export function isAdminRole(role: string): boolean {
  return role === 'owner' || role === 'admin';
}

export function isOwnerRole(role: string): boolean {
  return role === 'owner';
}

/** The higher of two roles (invite acceptance never downgrades a member). */
export function higherRole(a: string, b: string): Role {
  const pa = parseRole(a) ?? 'member';
  const pb = parseRole(b) ?? 'member';
  return roleRank(pb) > roleRank(pa) ? pb : pa;
}
