// The whole work-model surface at once: the access table in docs/api.md matches /openapi.json,
// every route with an id refuses another organization with 404, and no client input gets a 500.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { createTenants, type Tenants } from '../support/tenants';


const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
const table = doc.slice(doc.indexOf('<!-- access-table:start -->'), doc.indexOf('<!-- access-table:end -->'));
const routes = [...table.matchAll(/^\| (GET|POST|PATCH|PUT|DELETE) \| (\S+) \| (.+) \|$/gm)].map((m) => ({ method: m[1], path: m[2], who: m[3] }));

let tn: Tenants;
let f: TwoOrgs;
let ids: Record<string, string>;
beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
  const group = (await tn.as('alice', 'POST', '/api/v1/board-groups', { name: 'g' })).json();
  await tn.as('alice', 'PATCH', `/api/v1/boards/${f.boardA1}`, { board_group_id: group.id });
  const tag = (await tn.as('alice', 'POST', '/api/v1/tags', { name: 't' })).json();
  const field = (await tn.as('alice', 'POST', '/api/v1/organizations/me/custom-fields', { field_key: 'k', board_ids: [f.boardA1] })).json();
  const invite = (await tn.as('alice', 'POST', '/api/v1/organizations/me/invites', { invited_email: 'x@example.test' })).json();
  ids = { board_id: f.boardA1, group_id: group.id, tag_id: tag.id, task_custom_field_definition_id: field.id, invite_id: invite.id, member_id: f.members.carol };
});
afterAll(() => tn?.close());

const fill = (path: string, values: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? name);

/** A body that passes validation for each writing route, so the refusal tested is the access one. */
const VALID_BODIES: Record<string, unknown> = {
  'PATCH /api/v1/organizations/me/members/{member_id}': { role: 'admin' },
  'PUT /api/v1/organizations/me/members/{member_id}/access': { all_boards_read: true },
  'PATCH /api/v1/organizations/me/custom-fields/{task_custom_field_definition_id}': { label: 'stolen' },
  'PATCH /api/v1/tags/{tag_id}': { name: 'stolen' },
  'PATCH /api/v1/board-groups/{group_id}': { name: 'stolen' },
  'PATCH /api/v1/boards/{board_id}': { name: 'stolen' },
  'POST /api/v1/organizations': { name: 'n' },
  'PATCH /api/v1/organizations/me/active': { organization_id: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/organizations/me/invites': { invited_email: 'y@example.test' },
  'POST /api/v1/organizations/invites/accept': { token: 't' },
  'POST /api/v1/organizations/me/custom-fields': { field_key: 'z', board_ids: ['00000000-0000-4000-8000-000000000000'] },
  'POST /api/v1/tags': { name: 'n' },
  'POST /api/v1/board-groups': { name: 'n' },
  'POST /api/v1/boards': { name: 'n', description: 'd' },
};

describe('the documented surface', () => {
  it('the access table lists every work-model route of /openapi.json, each with schemas', async () => {
    const spec = (await tn.t.api('GET', '/openapi.json')).json();
    const documented = new Set(routes.map((r) => `${r.method} ${r.path}`));
    const mine = /^\/api\/v1\/(organizations|tags|board-groups|boards)(\/|$)/;
    const served = Object.entries(spec.paths as Record<string, Record<string, any>>)
      .filter(([path]) => mine.test(path) && !/snapshot|heartbeat|memory|tasks|approvals|webhooks|onboarding|group-snapshot/.test(path))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(new Set(served)).toEqual(documented);
    for (const { method, path } of routes) {
      const op = spec.paths[path][method.toLowerCase()];
      expect(op.operationId, path).toMatch(/_api_v1_/);
      expect(op.responses['200'], `${method} ${path}`).toBeDefined();
      if (['POST', 'PATCH', 'PUT'].includes(method)) expect(op.requestBody, `${method} ${path}`).toBeDefined();
    }
  });

  it('every route with an id answers 404 to another organization and changes nothing', async () => {
    const withIds = routes.filter((r) => r.path.includes('{'));
    expect(withIds.length).toBeGreaterThan(10);
    for (const route of withIds) {
      const url = fill(route.path, ids);
      const res = await tn.as('bob', route.method, url, VALID_BODIES[`${route.method} ${route.path}`]);
      expect(res.statusCode, `${route.method} ${url}: ${res.body}`).toBe(404);
      expect(res.body).not.toContain('A one');
    }
    expect((await tn.as('alice', 'GET', `/api/v1/boards/${f.boardA1}`)).json().name).toBe('A one');
    expect((await tn.as('alice', 'GET', `/api/v1/tags/${ids.tag_id}`)).json().name).toBe('t');
  });

  it('every route answers 401 without credentials', async () => {
    for (const route of routes) {
      const res = await tn.t.api(route.method as never, fill(route.path, ids), { token: null, body: VALID_BODIES[`${route.method} ${route.path}`] });
      expect(res.statusCode, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('no client input produces a 500', async () => {
    const garbage: unknown[] = [[], 'text', 12, null, { name: { $ne: 1 } }, { name: 'x'.repeat(100_000) }, { board_ids: ['x'], board_access: 'all', role: 7, color: [], max_agents: 1e308, target_date: '9999-99-99', success_metrics: [1], default_value: { deep: [[[[{}]]]] } }];
    const badIds = { board_id: "1' or '1'='1", group_id: '%00', tag_id: '../..', task_custom_field_definition_id: 'ffffffff-ffff-ffff-ffff-fffffffffffff', invite_id: '-1', member_id: 'null' };
    for (const route of routes) {
      for (const values of [ids, badIds]) {
        for (const body of route.method === 'GET' || route.method === 'DELETE' ? [undefined] : garbage) {
          const url = fill(route.path, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)])));
          const res = await tn.as('dave', route.method, `${url}${route.method === 'GET' ? '?limit=abc&offset=-1' : ''}`, body);
          expect(res.statusCode, `${route.method} ${url} ${JSON.stringify(body)?.slice(0, 80)}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        }
      }
    }
  });

  it('NUL characters, which PostgreSQL cannot store, are a 422 on every writing route', async () => {
    for (const route of routes.filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method))) {
      const body = { ...(VALID_BODIES[`${route.method} ${route.path}`] as object), name: 'a\u0000b', label: 'x\u0000', default_value: { 'k\u0000': 1 } };
      const res = await tn.t.app.inject({
        method: route.method as never,
        url: fill(route.path, ids),
        headers: { authorization: `Bearer ${await tn.token('alice')}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      expect(res.statusCode, `${route.method} ${route.path}: ${res.body}`).toBe(422);
    }
  });
});
