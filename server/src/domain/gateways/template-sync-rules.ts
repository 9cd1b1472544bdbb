import { mintAgentToken } from '../../auth/agent-tokens';
import type { Agent } from '../../db/schema';
import { heldSlot } from '../agents/held-token';

type TokenColumns = Pick<Agent, 'agentTokenPrefix' | 'agentTokenHash' | 'previousTokenPrefix' | 'previousTokenHash'>;

export interface SyncFlags {
  includeMain: boolean;
  leadOnly: boolean;
  resetSessions: boolean;
  rotateTokens: boolean;
  forceBootstrap: boolean;
  /** Rewrite the files the agent keeps for itself (USER.md, MEMORY.md) too. */
  overwrite: boolean;
}

export interface SyncError {
  agent_id?: string;
  agent_name?: string;
  board_id?: string;
  message: string;
}

export interface SyncResult {
  gateway_id: string;
  include_main: boolean;
  reset_sessions: boolean;
  agents_updated: number;
  agents_skipped: number;
  main_updated: boolean;
  errors: SyncError[];
}

export type TokenPlan =
  | { kind: 'skip'; message: string }
  /** Rewrite the files with the token the agent holds (possibly with a warning). */
  | { kind: 'keep'; token: string; warning: string | null }
  /** Deliver a new token; it is committed only once a workspace file carrying it was written. */
  | { kind: 'rotate'; token: string; prefix: string; hash: string; held: 'current' | 'previous' | null };

export const UNREADABLE_TOKEN = 'Skipping agent: unable to read AUTH_TOKEN from its workspace (run with rotate_tokens=true to re-key).';
export const MISMATCHED_TOKEN = 'Warning: AUTH_TOKEN in the workspace does not match the stored token (agent auth may be broken; run with rotate_tokens=true to re-key).';

/** What a sync does with an agent's credential, given the token read back from its workspace. */
export function tokenPlan(agent: TokenColumns, held: string | null, rotate: boolean): TokenPlan {
  const slot = held ? heldSlot(agent, held) : null;
  if (rotate) {
    const minted = mintAgentToken();
    return { kind: 'rotate', token: minted.token, prefix: minted.prefix, hash: minted.hash, held: slot };
  }
  if (!held) return { kind: 'skip', message: UNREADABLE_TOKEN };
  return { kind: 'keep', token: held, warning: slot ? null : MISMATCHED_TOKEN };
}

/**
 * Token columns once a rotation reached the workspace: the new token is current and the token
 * the agent held until now stays valid as the previous one until the agent first uses the new
 * one (a running session may still have the old one in mind). A held token that matched
 * nothing is not kept.
 */
export function deliveredRotation(agent: TokenColumns, plan: Extract<TokenPlan, { kind: 'rotate' }>) {
  const previous =
    plan.held === 'current'
      ? { previousTokenPrefix: agent.agentTokenPrefix, previousTokenHash: agent.agentTokenHash }
      : plan.held === 'previous'
        ? { previousTokenPrefix: agent.previousTokenPrefix, previousTokenHash: agent.previousTokenHash }
        : { previousTokenPrefix: null, previousTokenHash: null };
  return { agentTokenPrefix: plan.prefix, agentTokenHash: plan.hash, ...previous };
}

/**
 * Token columns after a rotation that failed part-way: the files written so far may carry the
 * new token, the rest still carry the old one, so both stay valid. The old pair is the current
 * one (what the server had), unless the agent was known to hold the previous one.
 */
export function partialRotation(agent: TokenColumns, plan: Extract<TokenPlan, { kind: 'rotate' }>) {
  const old =
    plan.held === 'previous'
      ? { previousTokenPrefix: agent.previousTokenPrefix, previousTokenHash: agent.previousTokenHash }
      : { previousTokenPrefix: agent.agentTokenPrefix, previousTokenHash: agent.agentTokenHash };
  return { agentTokenPrefix: plan.prefix, agentTokenHash: plan.hash, ...old };
}

/** Whether a board's latest `/pause` or `/resume` chat command is `/pause`. */
export function isPaused(latestCommand: string | null | undefined): boolean {
  return latestCommand?.trim().toLowerCase() === '/pause';
}
