// The presence sync's scheduling and its behaviour around the gateway (what it records from real
// gateway sessions is covered end to end in e2e/gateway/board-work-e2e.test.ts).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents } from '../../src/db/schema';
import { PRESENCE_QUEUE, schedulePresenceSyncs } from '../../src/domain/agents/presence-jobs';
import { createTestApp, type TestApp } from '../support/app';
import { seedAgent, seedBoard } from '../support/agents';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ AGENT_PRESENCE_SYNC_SECONDS: '90' });
});
afterAll(() => t?.close());

const presenceJobs = () =>
  t.services.database.query<{ id: string; state: string; attempts: number; last_error: string | null; run_at: Date; gateway_id: string }>(
    `SELECT id, state, attempts, last_error, run_at, payload->>'gateway_id' AS gateway_id FROM jobs WHERE queue = $1 ORDER BY created_at`,
    [PRESENCE_QUEUE],
  );

describe('agent presence sync', () => {
  it('is scheduled once per gateway with agents, one interval ahead, and defers while the gateway is unreachable', async () => {
    const busy = await seedBoard(t.services, 'Busy');
    const empty = await seedBoard(t.services, 'Empty');
    const lastSeenAt = new Date(Date.now() - 20 * 60_000);
    const { agent } = await seedAgent(t.services, { gatewayId: busy.gateway.id, boardId: busy.board.id, status: 'online', lastSeenAt });
    await t.services.db.update(agents).set({ openclawSessionId: `agent:mc-${agent.id}:main` }).where(eq(agents.id, agent.id));

    const before = Date.now();
    await schedulePresenceSyncs(t.services);
    await schedulePresenceSyncs(t.services); // a restart: still one job
    const jobs = await presenceJobs();
    expect(jobs.map((j) => j.gateway_id)).toEqual([busy.gateway.id]);
    expect(jobs.map((j) => j.gateway_id)).not.toContain(empty.gateway.id);
    expect(jobs[0].run_at.getTime()).toBeGreaterThanOrEqual(before + 89_000);

    // The seeded gateway (ws://127.0.0.1:1) does not answer: the pass is put off, no attempt used.
    await t.services.database.query(`UPDATE jobs SET run_at = now() WHERE id = $1`, [jobs[0].id]);
    expect(await t.services.worker.pass()).toBeGreaterThanOrEqual(1);
    const [deferred] = await presenceJobs();
    expect(deferred).toMatchObject({ state: 'pending', attempts: 0 });
    expect(deferred.last_error).toMatch(/^presence sync: /);
    expect(deferred.run_at.getTime()).toBeGreaterThan(Date.now() + 60_000);
    const [row] = await t.services.db.select().from(agents).where(eq(agents.id, agent.id));
    expect(row.lastSeenAt).toEqual(lastSeenAt);

    // Once the gateway has no agents the sync ends (the next provisioning there starts it again).
    await t.services.db.delete(agents).where(eq(agents.id, agent.id));
    await t.services.database.query(`UPDATE jobs SET run_at = now() WHERE id = $1`, [deferred.id]);
    await t.services.worker.pass();
    expect((await presenceJobs())[0]).toMatchObject({ state: 'done' });
  });
});
