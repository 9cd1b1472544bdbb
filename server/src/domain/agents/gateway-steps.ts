import { GatewayError, isGatewayError } from '../../gateway/errors';
import type { GatewayRpc } from '../../gateway/rpc';
import { agentConfigPatch, configHolds } from './gateway-identity';
import { PRESERVED_FILES, wakeMessage, workspaceFiles, type WorkspaceContext } from './workspace';

export interface GatewayRunOptions {
  action: 'provision' | 'update';
  wake: boolean;
  resetSession: boolean;
  /** Write BOOTSTRAP.md again even on an update. */
  forceBootstrap: boolean;
  /** Rewrite USER.md and MEMORY.md (the agent's own notes) too. */
  overwrite: boolean;
  /** Makes the wake message idempotent per lifecycle run. */
  idempotencyKey: string;
  heartbeat: Record<string, unknown> | null;
  /** Told after each workspace file the gateway accepted (template sync tracks token delivery). */
  onFileWritten?: (name: string) => void;
}

const text = (error: unknown) => (error instanceof Error ? error.message : String(error)).toLowerCase();
const alreadyExists = (e: unknown) => isGatewayError(e) && /already exists|exists/.test(text(e));
const notFound = (e: unknown) => isGatewayError(e) && /not found|unknown agent/.test(text(e));
const unsupportedFile = (e: unknown) => isGatewayError(e) && text(e).includes('unsupported file');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a call that may fail with "not found" while a just-created agent becomes visible. */
async function whileNotVisible<T>(call: () => Promise<T>, attempts = 6): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (error) {
      if (!notFound(error) || i >= attempts - 1) throw error;
      await sleep(Math.min(4000, 500 * 2 ** i));
    }
  }
}

/**
 * Puts one agent on its gateway: create (unless listed; idempotent by agent id), name and workspace, config
 * (heartbeat, exec policy), workspace files, session reset and the wake message. Every step can
 * be repeated safely, so a retried run after a crash or a gateway restart converges.
 */
export async function runOnGateway(rpc: GatewayRpc, protocol: 3 | 4, key: string, ctx: WorkspaceContext, options: GatewayRunOptions): Promise<void> {
  const workspace = ctx.agent.workspacePath;
  // Reconcile with what the gateway has: an agent it lists already (a retried run after a
  // gateway restart, a template sync, a re-provision) is not created again (BR-30).
  const known = (await rpc.agentsList()).agents.some((a) => a.id === key);
  if (!known) {
    try {
      await rpc.agentsCreate({ name: key, workspace });
    } catch (error) {
      if (!alreadyExists(error)) throw error;
    }
  }
  await rpc.waitForConfigApplied();
  await whileNotVisible(() => rpc.agentsUpdate({ agentId: key, name: ctx.agent.name, workspace }));

  const snapshot = (await rpc.configGet()) as { config?: unknown; parsed?: unknown; hash?: string };
  const patch = agentConfigPatch(protocol, key, options.heartbeat);
  if (!configHolds(snapshot.config ?? snapshot.parsed, protocol, key, patch)) {
    await rpc.configPatch(patch, snapshot.hash);
    await rpc.waitForConfigApplied();
  }

  const listed = await whileNotVisible(() => rpc.agentFilesList(key));
  const existing = new Map(listed.files.map((f) => [f.name, f]));
  const files = workspaceFiles(ctx);
  for (const [name, content] of Object.entries(files)) {
    const present = existing.get(name);
    const exists = present !== undefined && !present.missing;
    if (options.action === 'update' && !options.overwrite && exists && (PRESERVED_FILES as readonly string[]).includes(name)) continue;
    // On an update BOOTSTRAP.md is only rewritten when asked, or when the agent has not consumed it yet.
    if (name === 'BOOTSTRAP.md' && options.action === 'update' && !options.forceBootstrap && !exists) continue;
    try {
      await rpc.agentFileSet(key, name, content);
      options.onFileWritten?.(name);
    } catch (error) {
      if (unsupportedFile(error) && ctx.role !== 'lead') continue;
      throw error;
    }
  }

  // A fresh session is hygiene, not a requirement: some gateways fail the reset for reasons of their
  // own (2026.3.31 without its optional chat-channel modules), and the wake-up must still go out.
  if (options.resetSession) await rpc.sessionsReset(ctx.agent.sessionKey).catch(() => undefined);
  if (options.wake) {
    await rpc.sessionsPatch({ key: ctx.agent.sessionKey, label: ctx.agent.name });
    await rpc.chatSend({
      sessionKey: ctx.agent.sessionKey,
      message: wakeMessage(ctx, options.action === 'provision' ? 'provisioned' : 'updated'),
      idempotencyKey: options.idempotencyKey,
      deliver: false,
    });
  }
}

/** Removes an agent and its workspace from the gateway; an agent already gone is fine. */
export async function removeFromGateway(rpc: GatewayRpc, key: string): Promise<void> {
  try {
    await rpc.agentsDelete({ agentId: key, deleteFiles: true });
  } catch (error) {
    if (!notFound(error)) throw error;
  }
}

export { GatewayError };
