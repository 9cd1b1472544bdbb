import { connectionSection } from './credentials';
import type { WorkspaceContext } from './context';
import { agentsFile, bootstrapFile, heartbeatFile } from './manual';
import { identityFile, memoryFile, soulFile, userFile } from './persona';

export * from './context';
export { checkInCommand, credentialLines, tokenFromWorkspaceText } from './credentials';

/** Files a protocol 4 gateway lets a client write; anything else is refused as unsupported. */
export const PROTOCOL_4_FILES = ['AGENTS.md', 'SOUL.md', 'IDENTITY.md', 'USER.md', 'BOOTSTRAP.md', 'MEMORY.md'] as const;
/** Files that hold the agent's own notes: written once, kept on later updates unless overwriting. */
export const PRESERVED_FILES = ['USER.md', 'MEMORY.md'] as const;

/**
 * The workspace files for one agent. Protocol 4 gateways accept a fixed set, so the connection
 * facts and heartbeat procedure (TOOLS.md and HEARTBEAT.md on protocol 3) become sections of
 * AGENTS.md there. Every agent gets BOOTSTRAP.md: it carries the first check-in.
 */
export function workspaceFiles(ctx: WorkspaceContext): Record<string, string> {
  const files: Record<string, string> = {
    'AGENTS.md': agentsFile(ctx),
    'SOUL.md': soulFile(ctx),
    'IDENTITY.md': identityFile(ctx),
    'USER.md': userFile(ctx),
    'MEMORY.md': memoryFile(ctx),
    'BOOTSTRAP.md': bootstrapFile(ctx),
  };
  if (ctx.protocol === 3) {
    files['TOOLS.md'] = `# Tools\n\n${connectionSection(ctx).replace(/^## Connection to Mission Control\n\n/, '')}`;
    files['HEARTBEAT.md'] = heartbeatFile(ctx);
  }
  return Object.fromEntries(Object.entries(files).map(([name, text]) => [name, `${text.trim()}\n`]));
}

/** The first message after (re)provisioning: tells the agent to start and to check in. */
export function wakeMessage(ctx: WorkspaceContext, verb: 'provisioned' | 'updated'): string {
  return `Hello ${ctx.agent.name}. Mission Control has ${verb} your workspace.

Start now: if BOOTSTRAP.md exists, follow it first; then read AGENTS.md. Your first action is the
check-in described there. After that, keep to the heartbeat routine.`;
}
