import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { count, createTenants, type Tenants } from '../support/tenants';


let tn: Tenants;
let f: TwoOrgs;
beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
});
afterAll(() => tn?.close());

describe('organizations', () => {
  it('creates an organization owned by the caller and makes it active', async () => {
    const res = await tn.as('erin', 'POST', '/api/v1/organizations', { name: '  Erin Co  ' });
    expect(res.statusCode).toBe(200);
    const org = res.json();
    expect(org).toMatchObject({ name: 'Erin Co' });
    expect(org.created_at).toMatch(/Z$/);
    const list = (await tn.as('erin', 'GET', '/api/v1/organizations/me/list')).json();
    expect(list).toEqual([
      { id: org.id, name: 'Erin Co', role: 'owner', is_active: true },
      { id: expect.any(String), name: 'Personal', role: 'owner', is_active: false },
    ]);
    const member = (await tn.as('erin', 'GET', '/api/v1/organizations/me/member')).json();
    expect(member).toMatchObject({ organization_id: org.id, role: 'owner', all_boards_read: true, all_boards_write: true });
  });

  it('422 for a blank name; 409 for a name the caller already has, in any case', async () => {
    expect((await tn.as('erin', 'POST', '/api/v1/organizations', { name: '   ' })).statusCode).toBe(422);
    expect((await tn.as('erin', 'POST', '/api/v1/organizations', {})).statusCode).toBe(422);
    const dup = await tn.as('erin', 'POST', '/api/v1/organizations', { name: 'erin co' });
    expect(dup.statusCode).toBe(409);
  });

  it('bug 17: names are unique per user, not across tenants', async () => {
    // The reference answered 409 here: nobody could reuse another tenant's name (or "Personal").
    const res = await tn.as('bob', 'POST', '/api/v1/organizations', { name: 'ERIN CO' });
    expect(res.statusCode).toBe(200);
    const again = await tn.as('frank', 'POST', '/api/v1/organizations', { name: 'Personal Two' });
    expect(again.statusCode).toBe(200);
    // bob switches back so other tests see org B active
    expect((await tn.as('bob', 'PATCH', '/api/v1/organizations/me/active', { organization_id: f.orgB })).statusCode).toBe(200);
  });

  it('switches the active organization only to one the user belongs to', async () => {
    const theirs = await tn.as('carol', 'PATCH', '/api/v1/organizations/me/active', { organization_id: f.orgB });
    expect(theirs.statusCode).toBe(403);
    expect(theirs.json().detail).toBe('No org access');
    const unknown = await tn.as('carol', 'PATCH', '/api/v1/organizations/me/active', { organization_id: 'nope' });
    expect(unknown.statusCode).toBe(422);
    const mine = await tn.as('carol', 'PATCH', '/api/v1/organizations/me/active', { organization_id: f.orgA });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().id).toBe(f.orgA);
  });

  it('GET /organizations/me is the active organization; 401 without a user', async () => {
    expect((await tn.as('carol', 'GET', '/api/v1/organizations/me')).json().id).toBe(f.orgA);
    expect((await tn.t.api('GET', '/api/v1/organizations/me', { token: null })).statusCode).toBe(401);
    expect((await tn.t.api('GET', '/api/v1/organizations/me/list', { token: null })).statusCode).toBe(401);
    expect((await tn.t.api('POST', '/api/v1/organizations', { token: null, body: { name: 'x' } })).statusCode).toBe(401);
  });

  it('only owners delete an organization', async () => {
    const admin = await tn.as('dave', 'DELETE', '/api/v1/organizations/me');
    expect(admin.statusCode).toBe(403);
    expect(admin.json().detail).toBe('Only organization owners can delete organizations');
    expect((await tn.as('carol', 'DELETE', '/api/v1/organizations/me')).statusCode).toBe(403);
  });
});

describe('organization delete (bug 5: the cascade never fails on a foreign key)', () => {
  it('removes everything the organization owns and nothing of other organizations', async () => {
    const org = (await tn.as('gina', 'POST', '/api/v1/organizations', { name: 'Doomed' })).json();
    const db = tn.t.services.database;
    const [gw] = await db.query<{ id: string }>(`INSERT INTO gateways (organization_id, name, url, workspace_root) VALUES ($1,'g','ws://127.0.0.1:1','/w') RETURNING id`, [org.id]);
    const board = (await tn.as('gina', 'POST', '/api/v1/boards', { name: 'b', description: 'd', gateway_id: gw.id })).json();
    const tag = (await tn.as('gina', 'POST', '/api/v1/tags', { name: 'urgent' })).json();
    const field = (await tn.as('gina', 'POST', '/api/v1/organizations/me/custom-fields', { field_key: 'points', field_type: 'integer', board_ids: [board.id] })).json();
    await tn.as('gina', 'POST', '/api/v1/board-groups', { name: 'grp' });
    await tn.as('gina', 'POST', '/api/v1/organizations/me/invites', { invited_email: 'someone@example.test', board_access: [{ board_id: board.id }] });
    const [task] = await db.query<{ id: string }>(`INSERT INTO tasks (board_id, title) VALUES ($1,'t') RETURNING id`, [board.id]);
    const [agent] = await db.query<{ id: string }>(`INSERT INTO agents (board_id, gateway_id, name) VALUES ($1,$2,'a') RETURNING id`, [board.id, gw.id]);
    await db.query(`INSERT INTO agents (gateway_id, name) VALUES ($1,'main')`, [gw.id]);
    await db.query(`INSERT INTO tag_assignments (task_id, tag_id) VALUES ($1,$2)`, [task.id, tag.id]);
    await db.query(`INSERT INTO task_custom_field_values (task_id, task_custom_field_definition_id, value) VALUES ($1,$2,'3')`, [task.id, field.id]);
    await db.query(`INSERT INTO activity_events (event_type, board_id, task_id, agent_id) VALUES ('task.comment',$1,$2,$3)`, [board.id, task.id, agent.id]);
    await db.query(`INSERT INTO skill_packs (organization_id, name, source_url) VALUES ($1,'p','https://github.com/a/b')`, [org.id]);
    const [skill] = await db.query<{ id: string }>(`INSERT INTO marketplace_skills (organization_id, name, source_url) VALUES ($1,'s','https://github.com/a/s') RETURNING id`, [org.id]);
    await db.query(`INSERT INTO gateway_installed_skills (gateway_id, skill_id) VALUES ($1,$2)`, [gw.id, skill.id]);

    const res = await tn.as('gina', 'DELETE', '/api/v1/organizations/me');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    for (const table of ['boards', 'gateways', 'tags', 'task_custom_field_definitions', 'board_groups', 'organization_invites', 'skill_packs', 'marketplace_skills', 'organization_members']) {
      expect(await count(tn.t, `SELECT count(*) FROM ${table} WHERE organization_id = $1`, [org.id]), table).toBe(0);
    }
    expect(await count(tn.t, 'SELECT count(*) FROM tasks WHERE id = $1', [task.id])).toBe(0);
    expect(await count(tn.t, 'SELECT count(*) FROM agents WHERE gateway_id = $1', [gw.id])).toBe(0);
    // other tenants untouched
    expect(await count(tn.t, 'SELECT count(*) FROM boards WHERE organization_id = $1', [f.orgA])).toBeGreaterThan(0);
    // gina lands in her remaining organization on the next request
    const next = (await tn.as('gina', 'GET', '/api/v1/organizations/me')).json();
    expect(next.name).toBe('Personal');
  });
});

describe('concurrency', () => {
  it('two identical creates at once: one 200, one 409, never 500', async () => {
    const [a, b] = await Promise.all([
      tn.as('ivan', 'POST', '/api/v1/organizations', { name: 'Twin' }),
      tn.as('ivan', 'POST', '/api/v1/organizations', { name: 'twin' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  it('two owners demoting each other at once leave one owner', async () => {
    const org = (await tn.as('jane', 'POST', '/api/v1/organizations', { name: 'Pair' })).json();
    const invite = (await tn.as('jane', 'POST', '/api/v1/organizations/me/invites', { invited_email: 'kurt@example.test', role: 'owner' })).json();
    const kurt = (await tn.as('kurt', 'POST', '/api/v1/organizations/invites/accept', { token: invite.token })).json();
    await tn.as('kurt', 'PATCH', '/api/v1/organizations/me/active', { organization_id: org.id });
    const jane = (await tn.as('jane', 'GET', '/api/v1/organizations/me/member')).json();
    const M = '/api/v1/organizations/me/members';
    const results = await Promise.all([
      tn.as('jane', 'PATCH', `${M}/${kurt.id}`, { role: 'member' }),
      tn.as('kurt', 'PATCH', `${M}/${jane.id}`, { role: 'member' }),
    ]);
    for (const res of results) expect([200, 403, 422]).toContain(res.statusCode);
    expect(await count(tn.t, "SELECT count(*) FROM organization_members WHERE organization_id = $1 AND role = 'owner'", [org.id])).toBe(1);
  });
});
