// Pure rules of membership and invites (spec 3.18). No database.
import { higherRole } from '../../policies/roles';
import type { BoardGrant } from '../../policies/access';

export interface GrantRow extends BoardGrant {
  boardId: string;
}

export interface AccessSpec {
  allBoardsRead: boolean;
  allBoardsWrite: boolean;
  boards: GrantRow[];
}

/** Trimmed, lowercased e-mail; '' when blank. */
export function normalizeEmail(value: string | null | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

/** Loose shape check (something@something.tld); we cannot verify mailboxes anyway. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 320;
}

/**
 * One row per board (repeated ids are merged), write implying read; no rows at all when an
 * org-wide flag is set, since the flags already cover every board (as the reference stores it).
 * Write implies read for the flags too.
 */
export function normalizeAccess(spec: AccessSpec): AccessSpec {
  const allBoardsWrite = spec.allBoardsWrite;
  const allBoardsRead = spec.allBoardsRead || allBoardsWrite;
  if (allBoardsRead || allBoardsWrite) return { allBoardsRead, allBoardsWrite, boards: [] };
  const byBoard = new Map<string, GrantRow>();
  for (const row of spec.boards) {
    const previous = byBoard.get(row.boardId);
    const canWrite = row.canWrite || Boolean(previous?.canWrite);
    const canRead = canWrite || row.canRead || Boolean(previous?.canRead);
    byBoard.set(row.boardId, { boardId: row.boardId, canRead, canWrite });
  }
  return { allBoardsRead, allBoardsWrite, boards: [...byBoard.values()].filter((row) => row.canRead || row.canWrite) };
}

export interface MemberState extends AccessSpec {
  role: string;
}

/**
 * An invite applied to an existing membership: the role only goes up, org-wide flags are OR-ed,
 * and per-board grants merge (read = either read or write, write = either write).
 */
export function mergeInvite(member: MemberState, invite: MemberState): MemberState {
  const role = higherRole(member.role, invite.role);
  const allBoardsWrite = member.allBoardsWrite || invite.allBoardsWrite;
  const allBoardsRead = member.allBoardsRead || invite.allBoardsRead || allBoardsWrite;
  const merged = normalizeAccess({ allBoardsRead: false, allBoardsWrite: false, boards: [...member.boards, ...invite.boards] });
  return { role, allBoardsRead, allBoardsWrite, boards: merged.boards };
}
