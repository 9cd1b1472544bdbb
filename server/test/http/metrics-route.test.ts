import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { createTenants, insertTask, type Tenants } from '../support/tenants';

let tn: Tenants;
let f: TwoOrgs;
let groupId: string;
const url = '/api/v1/metrics/dashboard';
const inbox = async (who: string, query = '') => {
  const res = await tn.as(who, 'GET', `${url}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().kpis.inbox_tasks as number;
};

beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
  // A1: 1 task, A2: 2 tasks, B1: 4 tasks (all inbox).
  await insertTask(tn.t, f.boardA1);
  for (let i = 0; i < 2; i++) await insertTask(tn.t, f.boardA2);
  for (let i = 0; i < 4; i++) await insertTask(tn.t, f.boardB1);
  groupId = (await tn.as('alice', 'POST', '/api/v1/board-groups', { name: 'G' })).json().id;
  await tn.t.services.database.query('UPDATE boards SET board_group_id = $1 WHERE id = $2', [groupId, f.boardA2]);
});
afterAll(() => tn?.close());

describe('GET /metrics/dashboard', () => {
  it('scope is the boards the member can read, in the active organization only', async () => {
    expect(await inbox('alice')).toBe(3);
    expect(await inbox('carol')).toBe(1);
    expect(await inbox('dave')).toBe(0);
    expect(await inbox('bob')).toBe(4);
  });

  it('board_id narrows to one readable board; an unreadable or foreign board is 403', async () => {
    expect(await inbox('alice', `?board_id=${f.boardA2}`)).toBe(2);
    const denied = await tn.as('carol', 'GET', `${url}?board_id=${f.boardA2}`);
    expect(denied.statusCode).toBe(403);
    expect((await tn.as('alice', 'GET', `${url}?board_id=${f.boardB1}`)).statusCode).toBe(403);
  });

  it('group_id narrows to the readable boards of the group; with a board outside it the scope is empty', async () => {
    expect(await inbox('alice', `?group_id=${groupId}`)).toBe(2);
    expect(await inbox('carol', `?group_id=${groupId}`)).toBe(0);
    expect(await inbox('alice', `?group_id=${groupId}&board_id=${f.boardA1}`)).toBe(0);
    expect(await inbox('alice', `?group_id=${groupId}&board_id=${f.boardA2}`)).toBe(2);
  });

  it.each([
    ['24h', 'hour'],
    ['7d', 'day'],
    ['3m', 'week'],
    ['1y', 'month'],
  ])('range %s uses %s buckets in both windows', async (range, bucket) => {
    const body = (await tn.as('alice', 'GET', `${url}?range_key=${range}`)).json();
    expect(body.range).toBe(range);
    expect(body.throughput.primary.bucket).toBe(bucket);
    expect(body.wip.comparison.range).toBe(range);
    expect(body.generated_at).toMatch(/Z$/);
    expect(body.pending_approvals).toEqual({ total: 0, items: [] });
  });

  it('422 for an unknown range or a bad id; 401 without credentials', async () => {
    expect((await tn.as('alice', 'GET', `${url}?range_key=2w`)).statusCode).toBe(422);
    expect((await tn.as('alice', 'GET', `${url}?board_id=nope`)).statusCode).toBe(422);
    expect((await tn.t.api('GET', url, { token: null })).statusCode).toBe(401);
  });

  it('keeps the operationId clients know', async () => {
    const doc = (await tn.t.api('GET', '/openapi.json')).json();
    expect(doc.paths['/api/v1/metrics/dashboard'].get.operationId).toBe('dashboard_metrics_api_v1_metrics_dashboard_get');
  });
});
