// Bug cases BR-18 and BR-20 (shared/cases/bug-cases.md) against the agent surface, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTask } from '../support/tenants';
import { createWorld, ok200, type World, type WorldAgent } from '../support/work';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w?.close());

const tasks = (board: string) => `/api/v1/agent/boards/${board}/tasks`;

describe('BR-18: workers change only their own tasks on their own board, with coded refusals', () => {
  it('board mismatch, assignee mismatch, forbidden field, then the allowed change', async () => {
    const t1 = ok200(await w.tn.as('alice', 'POST', `/api/v1/boards/${w.f.boardA1}/tasks`, { title: 'T1', assigned_agent_id: w.bob2.agent.id })).id;
    const t2 = await insertTask(w.tn.t, w.f.boardA2, 'T2');
    const w1 = w.alex;
    const w2 = w.bob2;

    const mismatch = await w.agentApi(w1, 'PATCH', `${tasks(w.f.boardA2)}/${t2}`, { status: 'in_progress' });
    expect(mismatch.statusCode).toBe(403);
    expect(mismatch.json().detail.code).toBe('task_board_mismatch');
    const comment = await w.agentApi(w1, 'POST', `${tasks(w.f.boardA2)}/${t2}/comments`, { message: 'hi' });
    expect(comment.statusCode).toBe(403);
    expect(comment.json().detail.code).toBe('task_board_mismatch');

    const assignee = await w.agentApi(w1, 'PATCH', `${tasks(w.f.boardA1)}/${t1}`, { status: 'review' });
    expect(assignee.statusCode).toBe(403);
    expect(assignee.json().detail.code).toBe('task_assignee_mismatch');

    const field = await w.agentApi(w2, 'PATCH', `${tasks(w.f.boardA1)}/${t1}`, { title: 'renamed' });
    expect(field.statusCode).toBe(403);
    expect(field.json().detail.code).toBe('task_update_field_forbidden');

    const started = ok200(await w.agentApi(w2, 'PATCH', `${tasks(w.f.boardA1)}/${t1}`, { status: 'in_progress', comment: 'starting' }));
    expect(started).toMatchObject({ title: 'T1', status: 'in_progress', assigned_agent_id: w2.agent.id });
    const [row] = await w.tn.t.services.database.query<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [t2]);
    expect(row.status).toBe('inbox');
  });
});

describe('BR-20: the agent token works in X-Agent-Token and in Authorization: Bearer alike', () => {
  const send = (who: WorldAgent, via: 'header' | 'bearer', method: string, url: string, body?: unknown) =>
    w.tn.t.api(method as never, url, {
      token: null,
      headers: via === 'header' ? { 'x-agent-token': who.token } : { authorization: `Bearer ${who.token}` },
      ...(body !== undefined ? { body } : {}),
    });

  it('task create, task PATCH, comment POST, task list and memory POST answer the same 2xx both ways', async () => {
    const task = await insertTask(w.tn.t, w.f.boardA1, 'BR-20');
    const cases: [WorldAgent, string, string, unknown][] = [
      [w.lead, 'POST', tasks(w.f.boardA1), { title: 'by lead' }],
      [w.alex, 'PATCH', `${tasks(w.f.boardA1)}/${task}`, { comment: 'progress note' }],
      [w.alex, 'POST', `${tasks(w.f.boardA1)}/${task}/comments`, { message: 'a comment' }],
      [w.alex, 'GET', tasks(w.f.boardA1), undefined],
      [w.alex, 'POST', `/api/v1/agent/boards/${w.f.boardA1}/memory`, { content: 'a note', tags: ['br20'] }],
      [w.alex, 'GET', '/api/v1/agent/boards', undefined],
      [w.mainA, 'GET', '/api/v1/agent/agents', undefined],
    ];
    for (const [who, method, url, body] of cases) {
      const header = await send(who, 'header', method, url, body);
      const bearer = await send(who, 'bearer', method, url, body);
      expect(header.statusCode, `${method} ${url} ${header.body}`).toBeGreaterThanOrEqual(200);
      expect(header.statusCode, `${method} ${url} ${header.body}`).toBeLessThan(300);
      expect(bearer.statusCode, `${method} ${url} (bearer) ${bearer.body}`).toBe(header.statusCode);
    }
  });

  it('a user token in X-Agent-Token is 401', async () => {
    const alice = await w.tn.token('alice');
    expect((await w.tn.as('alice', 'GET', '/api/v1/users/me')).statusCode).toBe(200);
    for (const url of [tasks(w.f.boardA1), '/api/v1/agent/boards', '/api/v1/agent/agents']) {
      expect((await w.tn.t.api('GET', url, { token: null, headers: { 'x-agent-token': alice } })).statusCode, url).toBe(401);
    }
  });
});
