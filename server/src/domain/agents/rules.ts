/** Pure rules for agent records. */

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

export type CreateProblem = { status: 409; detail: string } | null;

/** Why a new agent cannot be added to a board: its name is taken there or on the gateway, or the board is full. */
export function createProblem(input: {
  name: string;
  boardAgents: { name: string; isBoardLead: boolean }[];
  gatewayAgents: { name: string }[];
  /** Only lead-created workers are capped (the board's max_agents counts workers, not the lead). */
  cap: number | null;
}): CreateProblem {
  if (input.boardAgents.some((a) => sameName(a.name, input.name))) return { status: 409, detail: 'An agent with this name already exists on this board.' };
  if (input.gatewayAgents.some((a) => sameName(a.name, input.name))) return { status: 409, detail: 'An agent with this name already exists in this gateway workspace.' };
  const workers = input.boardAgents.filter((a) => !a.isBoardLead).length;
  if (input.cap !== null && workers >= input.cap) {
    return { status: 409, detail: `Board worker-agent limit reached: max_agents=${input.cap} (excluding the lead); cannot create more than ${input.cap} agent(s).` };
  }
  return null;
}
