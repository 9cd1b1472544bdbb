// A work-model world for task and approval tests: two organizations (fixtures.ts) plus agents.
//   board A1 (org A): lead "Lena Lead", workers "Alex" and "bob-2" (all with gateway sessions)
//   board B1 (org B): lead "Otto", worker "Olga"
//   gateway-main agents: "Main A" (gateway A, org A) and "Main B" (gateway B, org B)
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { agents, jobs, type Agent } from '../../src/db/schema';
import { seedAgent } from './agents';
import { twoOrgs, type TwoOrgs } from './fixtures';
import { createTenants, type Tenants } from './tenants';

export interface WorldAgent {
  agent: Agent;
  token: string;
}

export interface World {
  tn: Tenants;
  f: TwoOrgs;
  lead: WorldAgent;
  alex: WorldAgent;
  bob2: WorldAgent;
  otto: WorldAgent;
  olga: WorldAgent;
  mainA: WorldAgent;
  mainB: WorldAgent;
  /** A request as an agent (X-Agent-Token). */
  agentApi(who: WorldAgent, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

async function agentIn(tn: Tenants, gatewayId: string, boardId: string | null, name: string, isBoardLead = false): Promise<WorldAgent> {
  const seeded = await seedAgent(tn.t.services, { gatewayId, boardId, name, isBoardLead, status: 'online', lastSeenAt: new Date() });
  const [agent] = await tn.t.services.db
    .update(agents)
    .set({ openclawSessionId: `agent:${seeded.agent.id}:main` })
    .where(eq(agents.id, seeded.agent.id))
    .returning();
  return { agent, token: seeded.token };
}

export async function createWorld(env: Record<string, string> = {}): Promise<World> {
  const tn = await createTenants(env);
  const f = await twoOrgs(tn);
  const world: World = {
    tn,
    f,
    lead: await agentIn(tn, f.gatewayA, f.boardA1, 'Lena Lead', true),
    alex: await agentIn(tn, f.gatewayA, f.boardA1, 'Alex'),
    bob2: await agentIn(tn, f.gatewayA, f.boardA1, 'bob-2'),
    otto: await agentIn(tn, f.gatewayB, f.boardB1, 'Otto', true),
    olga: await agentIn(tn, f.gatewayB, f.boardB1, 'Olga'),
    mainA: await agentIn(tn, f.gatewayA, null, 'Main A'),
    mainB: await agentIn(tn, f.gatewayB, null, 'Main B'),
    agentApi: (who, method, url, body) =>
      tn.t.api(method as never, url, { token: null, headers: { 'x-agent-token': who.token }, ...(body !== undefined ? { body } : {}) }),
    close: () => tn.close(),
  };
  return world;
}

/** Asserts a 200 and returns the JSON body. */
export function ok200(res: LightMyRequestResponse): any {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The `agent.notify` jobs enqueued so far, oldest first. */
export async function notifyJobs(w: World): Promise<any[]> {
  const rows = await w.tn.t.services.db.select().from(jobs).where(eq(jobs.queue, 'agent.notify')).orderBy(jobs.createdAt);
  return rows.map((r) => r.payload);
}

/** Activity events of a task (or board), oldest first. */
export async function eventsOf(w: World, where: { taskId?: string; boardId?: string; type?: string }): Promise<any[]> {
  const conds: string[] = [];
  const params: unknown[] = [];
  if (where.taskId) conds.push(`task_id = $${params.push(where.taskId)}`);
  if (where.boardId) conds.push(`board_id = $${params.push(where.boardId)}`);
  if (where.type) conds.push(`event_type = $${params.push(where.type)}`);
  return w.tn.t.services.database.query(
    `SELECT event_type, message, agent_id, task_id, board_id FROM activity_events ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} ORDER BY created_at, id`,
    params,
  );
}
