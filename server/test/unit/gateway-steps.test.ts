// BR-29 step 4: a gateway that keeps answering "agent not found" after the create (a fault the
// real gateway cannot be made to show: its hot reload always lands) ends the run after a bounded
// number of update attempts with the gateway's error, instead of retrying forever. The gateway is
// a scripted stand-in for the RPC transport; the steps are Mission Control's own.
// (The real create-then-update race: e2e/gateway/templates-sync.test.ts.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runOnGateway } from '../../src/domain/agents/gateway-steps';
import type { WorkspaceContext } from '../../src/domain/agents/workspace';
import { GatewayError } from '../../src/gateway/errors';
import { GatewayRpc } from '../../src/gateway/rpc';

afterEach(() => {
  vi.useRealTimers();
});

function scriptedGateway(key: string) {
  const calls: string[] = [];
  const rpc = new GatewayRpc({
    on: () => () => undefined,
    call: async <T>(method: string): Promise<T> => {
      calls.push(method);
      switch (method) {
        case 'agents.list':
          return { agents: [{ id: 'main' }] } as T;
        case 'agents.create':
          return { ok: true, agentId: key } as T;
        case 'config.get':
          return { hash: 'h1', configRevisionHash: 'r1', appliedConfigHash: 'r1', config: {} } as T;
        case 'agents.update':
          throw new GatewayError('rpc', `agent "${key}" not found`, { code: 'INVALID_REQUEST', method });
        default:
          throw new Error(`unexpected call ${method}`);
      }
    },
  });
  return { rpc, calls };
}

describe('BR-29 an update that never finds the created agent', () => {
  it('gives up after a bounded number of attempts (about 12 s of waiting) with the gateway error', async () => {
    vi.useFakeTimers();
    const key = 'mc-00000000-0000-4000-8000-000000000001';
    const { rpc, calls } = scriptedGateway(key);
    const ctx = { agent: { workspacePath: `/srv/ws/workspace-${key}`, name: 'w3' } } as unknown as WorkspaceContext;
    const started = Date.now();
    const run = runOnGateway(rpc, 4, key, ctx, { action: 'provision', wake: true, resetSession: true, forceBootstrap: true, overwrite: false, idempotencyKey: 'k', heartbeat: null });
    const outcome = expect(run).rejects.toMatchObject({ kind: 'rpc', code: 'INVALID_REQUEST', message: `agent "${key}" not found` });
    await vi.runAllTimersAsync();
    await outcome;
    expect(calls.filter((m) => m === 'agents.create')).toHaveLength(1);
    expect(calls.filter((m) => m === 'agents.update')).toHaveLength(6);
    expect(Date.now() - started).toBeLessThanOrEqual(15_000);
    // Not a passing failure: the lifecycle job ends the run as failed with this message at once.
    expect(((await run.catch((e: unknown) => e)) as GatewayError).retryable).toBe(false);
  });
});
