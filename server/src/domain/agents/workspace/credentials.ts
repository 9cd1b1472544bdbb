import type { WorkspaceContext } from './context';

/**
 * The connection facts an agent needs, as bare `KEY=value` lines (so they can be read back, e.g.
 * by template sync, with a plain line match).
 */
export function credentialLines(ctx: WorkspaceContext): string {
  const lines = [
    `BASE_URL=${ctx.baseUrl}`,
    `AUTH_TOKEN=${ctx.agent.token}`,
    `AGENT_NAME=${ctx.agent.name}`,
    `AGENT_ID=${ctx.agent.id}`,
    `BOARD_ID=${ctx.board?.id ?? ''}`,
    `WORKSPACE_ROOT=${ctx.workspaceRoot}`,
    `WORKSPACE_PATH=${ctx.agent.workspacePath}`,
  ];
  return lines.join('\n');
}

/** Reads `AUTH_TOKEN=` back from a workspace file (bare or bulleted line), or null. */
export function tokenFromWorkspaceText(text: string): string | null {
  const match = /^[\s>*`-]*AUTH_TOKEN=([^\s`]+)`?\s*$/m.exec(text);
  return match ? match[1] : null;
}

/** The exact shell command an agent runs to check in with Mission Control. */
export function checkInCommand(ctx: WorkspaceContext): string {
  return `curl -sS -X POST "${ctx.baseUrl}/api/v1/agent/heartbeat" -H "X-Agent-Token: ${ctx.agent.token}"`;
}

export function roleTag(ctx: WorkspaceContext): string {
  return ctx.role === 'main' ? 'agent-main' : ctx.role === 'lead' ? 'agent-lead' : 'agent-worker';
}

/** TOOLS.md (protocol 3) or the "Connection" section of AGENTS.md (protocol 4). */
export function connectionSection(ctx: WorkspaceContext): string {
  return `## Connection to Mission Control

\`\`\`
${credentialLines(ctx)}
\`\`\`

AUTH_TOKEN is your own credential. Send it as the \`X-Agent-Token\` header on every call to
Mission Control and never paste it into chat, comments, memory or files other than this one.

Discover what you may call: download \`${ctx.baseUrl}/openapi.json\` and keep the operations tagged
\`${roleTag(ctx)}\`. Each operation's \`x-llm-intent\` says what it is for; its description says when
to use it. Call Mission Control with curl, for example:

\`\`\`
curl -sS "${ctx.baseUrl}/api/v1/agent/healthz" -H "X-Agent-Token: ${ctx.agent.token}"
\`\`\``;
}
