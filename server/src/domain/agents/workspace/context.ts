/** Everything the workspace files of one agent are written from. Pure data, no I/O. */
export type AgentRole = 'main' | 'lead' | 'worker';

export interface BoardFacts {
  id: string;
  name: string;
  type: string;
  objective: string | null;
  successMetrics: Record<string, unknown> | null;
  targetDate: Date | null;
  goalConfirmed: boolean;
  requireApprovalForDone: boolean;
  requireReviewBeforeDone: boolean;
  commentRequiredForReview: boolean;
  blockStatusChangesWithPendingApproval: boolean;
  onlyLeadCanChangeStatus: boolean;
  maxAgents: number;
}

export interface UserFacts {
  name: string | null;
  email: string | null;
  preferredName: string | null;
  pronouns: string | null;
  timezone: string | null;
  notes: string | null;
  context: string | null;
}

export interface WorkspaceContext {
  role: AgentRole;
  /** Gateway protocol generation: 4 accepts only a fixed file set, 3 takes TOOLS.md and HEARTBEAT.md too. */
  protocol: 3 | 4;
  agent: { id: string; name: string; sessionKey: string; workspacePath: string; token: string };
  baseUrl: string;
  workspaceRoot: string;
  mainSessionKey: string;
  board: BoardFacts | null;
  /** The human the agent works for; null fields render as "not given". */
  user: UserFacts | null;
  identity: Record<string, string> | null;
  identityTemplate: string | null;
  soulTemplate: string | null;
}

const DEFAULT_IDENTITY: Record<AgentRole, { role: string; emoji: string }> = {
  main: { role: 'Gateway Agent', emoji: ':compass:' },
  lead: { role: 'Board Lead', emoji: ':gear:' },
  worker: { role: 'Generalist', emoji: ':gear:' },
};

export function identityOf(ctx: WorkspaceContext) {
  const profile = ctx.identity ?? {};
  const pick = (key: string, fallback = '') => (typeof profile[key] === 'string' && profile[key].trim() ? profile[key].trim() : fallback);
  return {
    role: pick('role', DEFAULT_IDENTITY[ctx.role].role),
    communicationStyle: pick('communication_style', 'direct, concise, practical'),
    emoji: pick('emoji', DEFAULT_IDENTITY[ctx.role].emoji),
    autonomyLevel: pick('autonomy_level'),
    verbosity: pick('verbosity'),
    outputFormat: pick('output_format'),
    updateCadence: pick('update_cadence'),
    purpose: pick('purpose', ctx.role === 'lead' ? 'Turn the board objective into delivered, reviewed work.' : ''),
    personality: pick('personality'),
    customInstructions: pick('custom_instructions'),
  };
}

/** How to address the human: first word of the preferred name, else of the name or e-mail. */
export function preferredNameOf(user: UserFacts | null): string {
  if (!user) return '';
  const first = (value: string | null) => value?.trim().split(/\s+/)[0] ?? '';
  if (user.preferredName?.trim()) return first(user.preferredName);
  const display = user.name?.trim() || user.email?.trim() || '';
  if (display.includes('@')) return display.split('@')[0];
  return first(display);
}

/** Flat string values, for custom identity/soul templates that use `{{ name }}` placeholders. */
export function templateValues(ctx: WorkspaceContext): Record<string, string> {
  const identity = identityOf(ctx);
  const b = ctx.board;
  return {
    agent_name: ctx.agent.name,
    agent_id: ctx.agent.id,
    session_key: ctx.agent.sessionKey,
    workspace_path: ctx.agent.workspacePath,
    workspace_root: ctx.workspaceRoot,
    base_url: ctx.baseUrl,
    main_session_key: ctx.mainSessionKey,
    is_board_lead: String(ctx.role === 'lead'),
    is_main_agent: String(ctx.role === 'main'),
    board_id: b?.id ?? '',
    board_name: b?.name ?? '',
    board_type: b?.type ?? '',
    board_objective: b?.objective ?? '',
    board_target_date: b?.targetDate ? b.targetDate.toISOString() : '',
    user_name: ctx.user?.name || ctx.user?.email || '',
    user_preferred_name: preferredNameOf(ctx.user),
    user_pronouns: ctx.user?.pronouns ?? '',
    user_timezone: ctx.user?.timezone ?? '',
    identity_role: identity.role,
    identity_communication_style: identity.communicationStyle,
    identity_emoji: identity.emoji,
    identity_purpose: identity.purpose,
    identity_personality: identity.personality,
  };
}

/** Replaces `{{ key }}` with known values; unknown placeholders stay as written. */
export function fillPlaceholders(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, key: string) => (key in values ? values[key] : whole));
}
