// @mentions (spec 3.7). A token is `@` + a letter + up to 31 of [A-Za-z0-9_-], lowercased.
// Names with spaces cannot appear in one token, so an agent named "Ada Lovelace" matches by its
// first word (`@ada`), and — our addition — by its name with spaces turned into hyphens
// (`@ada-lovelace`). Deviation from the reference, on purpose: the `@` must not follow a letter,
// digit or underscore, so an e-mail address like `ops@example.com` mentions nobody.
import type { AgentRef } from './types';

const MENTION = /(?<![A-Za-z0-9_])@([A-Za-z][A-Za-z0-9_-]{0,31})/g;

/** The set of lowercased mention tokens in `text`. */
export function extractMentions(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(MENTION)) out.add(m[1].toLowerCase());
  return out;
}

/** Whether `agent` is named by one of `tokens` (`@lead` names every board lead). */
export function agentMatchesMentions(agent: AgentRef, tokens: ReadonlySet<string>): boolean {
  if (tokens.size === 0) return false;
  if (tokens.has('lead') && agent.is_board_lead) return true;
  const name = agent.name.trim().toLowerCase();
  if (name === '') return false;
  const words = name.split(/\s+/);
  return tokens.has(name) || tokens.has(words[0]) || tokens.has(words.join('-'));
}

/**
 * Agents of `agents` mentioned in `text`, in the order given. `includeAll` makes `@all` match
 * every agent (group chat only).
 */
export function matchMentionedAgents(
  text: string,
  agents: readonly AgentRef[],
  options: { includeAll?: boolean } = {},
): AgentRef[] {
  const tokens = extractMentions(text);
  if (options.includeAll && tokens.has('all')) return [...agents];
  return agents.filter((a) => agentMatchesMentions(a, tokens));
}
