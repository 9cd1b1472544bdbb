/** Pure rules for agent records. */
import { slugify } from '../common/slug';

/** identity_profile values as the reference stores them: strings, trimmed, lists joined, empties dropped. */
export function normalizeIdentityProfile(profile: Record<string, unknown> | null | undefined): Record<string, string> | null {
  if (!profile) return null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(profile)) {
    const text = Array.isArray(value) ? value.map((v) => String(v).trim()).filter(Boolean).join(', ') : value == null ? '' : String(value).trim();
    if (text) out[key] = text;
  }
  return Object.keys(out).length ? out : null;
}

export const blankToNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/** Names compare without case or surrounding space: "Ada" and " ada " are the same agent. */
export const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The name's handle: its slug (domain/common/slug, as for tags and boards: accents folded, letters
 * and digits of any script kept, every other run one hyphen). "Ops Bot", "ops-bot" and "OPS_bot"
 * share the handle `ops-bot` (the @mention of both); null when nothing is left ("🤖").
 */
export function nameHandle(name: string): string | null {
  return slugify(name) || null;
}

export type CreateProblem = { status: 409; detail: string } | null;

/**
 * Why an agent cannot carry `name` next to the others on its board and gateway: the same name
 * (case and surrounding space aside), or a name with the same handle, which would address both.
 */
export function nameProblem(name: string, boardAgents: { name: string }[], gatewayAgents: { name: string }[]): CreateProblem {
  if (boardAgents.some((a) => sameName(a.name, name))) return { status: 409, detail: 'An agent with this name already exists on this board.' };
  if (gatewayAgents.some((a) => sameName(a.name, name))) return { status: 409, detail: 'An agent with this name already exists in this gateway workspace.' };
  const handle = nameHandle(name);
  const clash = handle && [...boardAgents, ...gatewayAgents].find((a) => nameHandle(a.name) === handle);
  if (clash) {
    return {
      status: 409,
      detail: `Agent name would collide with "${clash.name.trim()}" in this gateway workspace: names that differ only in case, spaces or punctuation share the handle @${handle}. Choose another name.`,
    };
  }
  return null;
}

/** Why a new agent cannot be added to a board: its name is taken there or on the gateway, or the board is full. */
export function createProblem(input: {
  name: string;
  boardAgents: { name: string; isBoardLead: boolean }[];
  gatewayAgents: { name: string }[];
  /** Only lead-created workers are capped (the board's max_agents counts workers, not the lead). */
  cap: number | null;
}): CreateProblem {
  const named = nameProblem(input.name, input.boardAgents, input.gatewayAgents);
  if (named) return named;
  const workers = input.boardAgents.filter((a) => !a.isBoardLead).length;
  if (input.cap !== null && workers >= input.cap) {
    return { status: 409, detail: `Board worker-agent limit reached: max_agents=${input.cap} (excluding the lead); cannot create more than ${input.cap} agent(s).` };
  }
  return null;
}
