// Typed helpers over the RPC methods Mission Control uses. Params are closed objects on the
// gateway side, so only known keys are sent and undefined ones are left out.
import type { CallOptions, EventHandler } from './connection';
import { GatewayError, isTransient } from './errors';

export interface GatewayCaller {
  call<T = unknown>(method: string, params?: unknown, options?: CallOptions): Promise<T>;
  on(event: string, handler: EventHandler): () => void;
}

type Extra = Record<string, unknown>;

function compact<T extends Record<string, unknown>>(params: T): Partial<T> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface HealthResult extends Extra {
  ok: boolean;
  defaultAgentId?: string;
  agents?: Array<{ agentId: string; isDefault?: boolean } & Extra>;
}

export interface ConfigSnapshot extends Extra {
  hash?: string;
  configRevisionHash?: string;
  appliedConfigHash?: string;
  config?: Extra;
  parsed?: Extra;
}

export interface AgentSummary extends Extra {
  id: string;
  name?: string;
  workspace?: string;
}

export interface AgentFile extends Extra {
  name: string;
  path?: string;
  missing?: boolean;
  size?: number;
  content?: string;
  hash?: string;
}

export interface SessionEntry extends Extra {
  key: string;
  agentId?: string;
  label?: string | null;
  sessionId?: string;
  updatedAt?: number | null;
}

export interface ChatHistory extends Extra {
  sessionKey: string;
  messages: ChatHistoryMessage[];
}

export interface ChatHistoryMessage extends Extra {
  role: string;
  content: unknown;
  idempotencyKey?: string;
  stopReason?: string;
  customType?: string;
}

export interface ChatSendAck extends Extra {
  runId: string;
  status: string;
}

export interface PairingRequest extends Extra {
  requestId: string;
  deviceId?: string;
}

/** Thin typed facade; every method takes optional per-call options (time limit). */
export class GatewayRpc {
  constructor(readonly caller: GatewayCaller) {}

  private call<T>(method: string, params: unknown, options?: CallOptions): Promise<T> {
    return this.caller.call<T>(method, params, options);
  }

  health(options?: CallOptions) {
    return this.call<HealthResult>('health', {}, options);
  }

  status(options?: CallOptions) {
    return this.call<Extra>('status', {}, options);
  }

  configGet(options?: CallOptions) {
    return this.call<ConfigSnapshot>('config.get', {}, options);
  }

  /** JSON merge patch of the configuration; `baseHash` guards against concurrent edits. */
  configPatch(patch: Extra, baseHash: string | undefined, options?: CallOptions) {
    return this.call<Extra>('config.patch', compact({ raw: JSON.stringify(patch), baseHash }), options);
  }

  /**
   * Resolves once the gateway runs with its latest written configuration. Agent and config
   * changes are applied by a hot reload shortly after the call returns; an agent turn started
   * in between fails ("model runtime … superseded"), and a just-created agent is not yet
   * visible to other methods. Older gateways without the revision fields resolve at once.
   */
  async waitForConfigApplied(options: { timeoutMs?: number; pollMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      const snapshot = await this.configGet({ timeoutMs: Math.max(1_000, deadline - Date.now()) });
      const revision = snapshot.configRevisionHash;
      const applied = snapshot.appliedConfigHash;
      if (!revision || !applied || revision === applied) return;
      if (Date.now() >= deadline) {
        throw new GatewayError('timeout', 'gateway did not apply its configuration change in time', { retryable: true });
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 150));
    }
  }

  agentsList(options?: CallOptions) {
    return this.call<{ defaultId?: string; agents: AgentSummary[] } & Extra>('agents.list', {}, options);
  }

  agentsCreate(params: { name: string; workspace?: string; model?: string; emoji?: string }, options?: CallOptions) {
    return this.call<{ ok: boolean; agentId: string; name?: string; workspace?: string } & Extra>('agents.create', compact(params), options);
  }

  agentsUpdate(params: { agentId: string; name?: string; workspace?: string; model?: string | null; emoji?: string }, options?: CallOptions) {
    return this.call<{ ok: boolean; agentId: string } & Extra>('agents.update', compact(params), options);
  }

  agentsDelete(params: { agentId: string; deleteFiles?: boolean }, options?: CallOptions) {
    return this.call<{ ok: boolean; agentId: string } & Extra>('agents.delete', compact(params), options);
  }

  /**
   * Deletes an agent and makes sure none of its sessions is left: a run that was still
   * finishing (e.g. a heartbeat turn) can write its session back after `agents.delete`
   * (seen on 2026.3.31 under load). Leftovers are deleted until the list is clean.
   */
  async deleteAgentCompletely(agentId: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    const listed = async () => (await this.agentsList()).agents.some((a) => a.id === agentId);
    if (await listed()) await this.agentsDelete({ agentId, deleteFiles: true });
    await this.waitForConfigApplied({ timeoutMs: Math.max(1_000, deadline - Date.now()) });
    for (;;) {
      let leftovers: SessionEntry[] = [];
      try {
        const list = await this.sessionsList({ agentId, limit: 1000 });
        leftovers = list.sessions.filter((s) => s.key.startsWith(`agent:${agentId}:`));
      } catch (error) {
        // Right after a delete the session store can answer UNAVAILABLE for a moment.
        // (2026.9.6 also answers "history database read was revoked" with code UNAVAILABLE, not marked retryable.)
        if (!(error instanceof GatewayError) || !(isTransient(error) || /unavailable/i.test(error.code ?? '') || /code=unavailable/i.test(error.message))) throw error;
        leftovers = [{ key: '' }];
      }
      if (!leftovers.length) return;
      if (Date.now() >= deadline) {
        throw new GatewayError('timeout', `sessions of deleted agent ${agentId} still listed: ${leftovers.map((s) => s.key).join(', ')}`);
      }
      for (const session of leftovers) {
        if (!session.key) continue;
        await this.call('sessions.delete', { key: session.key, deleteTranscript: true }, { timeoutMs: 10_000 }).catch(() => undefined);
      }
      if (await listed()) await this.agentsDelete({ agentId, deleteFiles: true }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  agentFilesList(agentId: string, options?: CallOptions) {
    return this.call<{ agentId: string; workspace?: string; files: AgentFile[] } & Extra>('agents.files.list', { agentId }, options);
  }

  agentFileGet(agentId: string, name: string, options?: CallOptions) {
    return this.call<{ agentId: string; file: AgentFile } & Extra>('agents.files.get', { agentId, name }, options);
  }

  agentFileSet(agentId: string, name: string, content: string, options?: CallOptions & { expectedHash?: string }) {
    return this.call<{ ok: boolean; file?: AgentFile } & Extra>(
      'agents.files.set',
      compact({ agentId, name, content, expectedHash: options?.expectedHash }),
      options,
    );
  }

  sessionsList(params: { agentId?: string; limit?: number; search?: string } = {}, options?: CallOptions) {
    return this.call<{ sessions: SessionEntry[]; count?: number } & Extra>('sessions.list', compact(params), options);
  }

  /** The session with `key`, or null (looked up in the list of its agent's sessions). */
  async sessionGet(key: string, options?: CallOptions): Promise<SessionEntry | null> {
    const agentId = /^agent:([^:]+):/.exec(key)?.[1];
    const list = await this.sessionsList(compact({ agentId, limit: 1000 }), options);
    return list.sessions.find((s) => s.key === key) ?? null;
  }

  /** Creates the session when missing (even for unknown agents: not an existence check). */
  sessionsPatch(params: { key: string; label?: string | null }, options?: CallOptions) {
    return this.call<{ ok: boolean; key: string; entry?: Extra } & Extra>('sessions.patch', compact(params), options);
  }

  sessionsReset(key: string, options?: CallOptions) {
    return this.call<{ ok: boolean; key: string } & Extra>('sessions.reset', { key }, options);
  }

  /** Main sessions (`agent:<id>:main`) cannot be deleted; deleting the agent removes them. */
  sessionsDelete(key: string, options?: CallOptions) {
    return this.call<{ ok: boolean; key: string; deleted?: boolean } & Extra>('sessions.delete', { key }, options);
  }

  chatSend(params: { sessionKey: string; message: string; idempotencyKey: string; deliver?: boolean }, options?: CallOptions) {
    return this.call<ChatSendAck>('chat.send', compact(params), options);
  }

  chatHistory(sessionKey: string, limit?: number, options?: CallOptions) {
    return this.call<ChatHistory>('chat.history', compact({ sessionKey, limit }), options);
  }

  modelsList(options?: CallOptions) {
    return this.call<{ models: Extra[] } & Extra>('models.list', {}, options);
  }

  wake(text: string, mode: 'now' | 'next-heartbeat' = 'now', options?: CallOptions) {
    return this.call<Extra>('wake', { mode, text }, options);
  }

  devicePairList(options?: CallOptions) {
    return this.call<{ pending: PairingRequest[]; paired: Extra[] } & Extra>('device.pair.list', {}, options);
  }

  devicePairApprove(requestId: string, options?: CallOptions) {
    return this.call<Extra>('device.pair.approve', { requestId }, options);
  }

  devicePairReject(requestId: string, options?: CallOptions) {
    return this.call<Extra>('device.pair.reject', { requestId }, options);
  }
}
