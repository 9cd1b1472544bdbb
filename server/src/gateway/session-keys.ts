// Deterministic names Mission Control uses on a gateway: agent ids, session keys, workspaces.

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function workerAgentKey(agentId: string): string {
  return `mc-${agentId}`;
}

export function leadAgentKey(boardId: string): string {
  return `lead-${boardId}`;
}

export function gatewayMainAgentKey(gatewayId: string): string {
  return `mc-gateway-${gatewayId}`;
}

/** The main session of a gateway agent: `agent:<agentKey>:main`. */
export function mainSessionKey(agentKey: string): string {
  return `agent:${agentKey}:main`;
}

/** `agent:<x>:...` → `x`; null for keys of another form. */
export function agentKeyFromSessionKey(sessionKey: string): string | null {
  const parts = sessionKey.split(':');
  if (parts.length < 3 || parts[0] !== 'agent' || !parts[1]) return null;
  return parts[1];
}

/**
 * Workspace directory of an agent under the gateway's workspace root. Gateway-main agents keep
 * the historic `workspace-gateway-<id>` form (no `mc-` prefix). `~` is kept verbatim: the
 * gateway expands it on its own host.
 */
export function workspacePath(workspaceRoot: string, agentKey: string): string {
  const root = workspaceRoot.replace(/\/+$/, '');
  const slug = slugify(agentKey);
  const name = slug.startsWith('mc-gateway-') ? slug.slice('mc-'.length) : slug;
  return `${root}/workspace-${name}`;
}
