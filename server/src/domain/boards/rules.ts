// Pure board rules (spec 2.14, 3.9): goal validation and the change set of an update.

export const BOARD_TYPES = ['goal', 'general'] as const;
export type BoardType = (typeof BOARD_TYPES)[number];

export interface GoalState {
  boardType: string;
  goalConfirmed: boolean;
  objective: string | null;
  successMetrics: Record<string, unknown> | null;
}

const hasGoal = (state: GoalState) => Boolean(state.objective?.trim()) && state.successMetrics != null && Object.keys(state.successMetrics).length > 0;

/**
 * The goal rule, on the board as it will be stored: a confirmed goal board needs an objective and
 * success metrics; a request that explicitly makes a board a goal board needs them too (as the
 * reference's update does). Returns the 422 message, or null.
 */
export function goalProblem(state: GoalState, explicitlyGoal = false): string | null {
  if (state.boardType !== 'goal' || hasGoal(state)) return null;
  if (state.goalConfirmed) return 'Confirmed goal boards require objective and success_metrics';
  if (explicitlyGoal) return 'Goal boards require objective and success_metrics';
  return null;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

function comparable(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') return JSON.stringify(sortKeys(value));
  return JSON.stringify(value ?? null);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** The requested fields whose value actually changed, sorted by field name. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, requested: string[]): FieldChange[] {
  return [...new Set(requested)]
    .sort()
    .filter((field) => comparable(before[field]) !== comparable(after[field]))
    .map((field) => ({ field, from: before[field] ?? null, to: after[field] ?? null }));
}

/** Renders a value for the "BOARD UPDATED" message: ISO dates, key-sorted JSON, true/false, null. */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return JSON.stringify(sortKeys(value));
}

/** The message a board lead receives when users change the board (spec 3.9). */
export function boardUpdatedMessage(board: { id: string; name: string }, changes: FieldChange[]): string {
  return [
    'BOARD UPDATED',
    `Board: ${board.name} (${board.id})`,
    'Changes:',
    ...changes.map((c) => `- ${c.field}: ${renderValue(c.from)} -> ${renderValue(c.to)}`),
    'Take action: review the board changes and adjust plan/assignments as needed.',
  ].join('\n');
}

export interface GroupMove {
  left: string | null;
  joined: string | null;
}

/** Which group a board left and which it joined (both for a move; null/null when unchanged). */
export function groupMove(before: string | null, after: string | null): GroupMove {
  if (before === after) return { left: null, joined: null };
  return { left: before, joined: after };
}

export interface NamedRef {
  id: string;
  name: string;
}

const GROUP_GUIDANCE = {
  join: [
    '- Use cross-board discussion in the group for work that touches several boards.',
    "- Check the related boards' recent activity before starting overlapping work.",
    '- Agree on ownership with the other boards before taking shared tasks.',
  ],
  leave: [
    '- Treat coordination with the group as inactive for this board.',
    '- Re-check dependencies and ownership that relied on the group.',
    '- Confirm no handoffs to or from this board are still in flight.',
  ],
};

/**
 * The notice every agent on a group's boards (and on the changed board) receives when a board
 * joins or leaves the group (spec 3.9); `recipient` is the agent's own board.
 */
export function boardGroupUpdatedMessage(action: 'join' | 'leave', input: { board: NamedRef; recipient: NamedRef; group: NamedRef }): string {
  return [
    'BOARD GROUP UPDATED',
    `${action === 'join' ? 'Joined Board' : 'Left Board'}: ${input.board.name} (${input.board.id})`,
    `Recipient Board: ${input.recipient.name} (${input.recipient.id})`,
    `Board Group: ${input.group.name} (${input.group.id})`,
    'Coordination:',
    ...GROUP_GUIDANCE[action],
  ].join('\n');
}
