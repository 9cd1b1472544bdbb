import { rotatedTokenColumns, tokenPrefix, verifyAgentToken } from '../../auth/agent-tokens';
import type { Agent } from '../../db/schema';
import { isGatewayError, isTransient } from '../../gateway/errors';
import type { GatewayRpc } from '../../gateway/rpc';
import { tokenFromWorkspaceText } from './workspace';

type TokenColumns = Pick<Agent, 'agentTokenPrefix' | 'agentTokenHash' | 'previousTokenPrefix' | 'previousTokenHash'>;

/** The workspace file that carries the agent's credentials on this protocol generation. */
export const credentialsFile = (protocol: 3 | 4) => (protocol === 4 ? 'AGENTS.md' : 'TOOLS.md');

/**
 * Which stored slot a token the agent holds matches: its current token, the previous one, or
 * none. Prefix and secret both, as authentication checks them.
 */
export function heldSlot(agent: TokenColumns, held: string): 'current' | 'previous' | null {
  const prefix = tokenPrefix(held);
  if (!prefix) return null;
  if (prefix === agent.agentTokenPrefix && verifyAgentToken(held, agent.agentTokenHash)) return 'current';
  if (prefix === agent.previousTokenPrefix && verifyAgentToken(held, agent.previousTokenHash)) return 'previous';
  return null;
}

/**
 * The token the agent's workspace on the gateway holds now, or null when there is none to read
 * (no such agent, no file, no token line). A gateway that could not answer (outage, timeout,
 * restart) is thrown, not taken for "no token": a run would otherwise mint a new one needlessly.
 */
export async function readHeldToken(rpc: GatewayRpc, protocol: 3 | 4, gatewayAgentKey: string): Promise<string | null> {
  try {
    const { file } = await rpc.agentFileGet(gatewayAgentKey, credentialsFile(protocol));
    return file.missing || !file.content ? null : tokenFromWorkspaceText(file.content);
  } catch (error) {
    if (isGatewayError(error) && isTransient(error)) throw error;
    return null;
  }
}

/**
 * The token a lifecycle run writes into the workspace. A token the workspace holds that still
 * authenticates is written again unchanged: nothing to rotate, so nothing an agent holds can be
 * invalidated by runs following each other (a second rotation before the agent used the first
 * new token dropped a token the workspace already carried). Otherwise (a new agent, an unreadable
 * or unknown token) a new token is committed before the files are written, and the token the agent
 * last proved it holds stays valid until it uses the new one (bug 29). Rotating on purpose is the
 * template sync's `rotate_tokens`.
 */
export function tokenForRun(agent: TokenColumns, held: string | null): { token: string; columns: Partial<TokenColumns> } {
  if (held && heldSlot(agent, held)) return { token: held, columns: {} };
  return rotatedTokenColumns(agent);
}
