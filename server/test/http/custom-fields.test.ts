import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { count, createTenants, insertTask, unknownId, type Tenants } from '../support/tenants';


let tn: Tenants;
let f: TwoOrgs;
beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
});
afterAll(() => tn?.close());

const C = '/api/v1/organizations/me/custom-fields';
const create = (body: Record<string, unknown>, who = 'alice') => tn.as(who, 'POST', C, { board_ids: [f.boardA1], ...body });

describe('custom field definitions: create', () => {
  it('creates with defaults; label defaults to the key; board ids de-duplicated and sorted', async () => {
    const res = await create({ field_key: 'owner', board_ids: [f.boardA2, f.boardA1, f.boardA2] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      organization_id: f.orgA,
      field_key: 'owner',
      label: 'owner',
      field_type: 'text',
      ui_visibility: 'always',
      validation_regex: null,
      required: false,
      default_value: null,
      board_ids: [f.boardA1, f.boardA2].sort(),
    });
  });

  it.each([
    ['Text (Long)', 'text_long'],
    ['long_text', 'text_long'],
    ['True/False', 'boolean'],
    ['Date & Time', 'date_time'],
    ['DATETIME', 'date_time'],
    ['Integer', 'integer'],
    ['decimal', 'decimal'],
    ['date', 'date'],
    ['url', 'url'],
    ['json', 'json'],
  ])('accepts field_type %s as %s', async (given, stored) => {
    const res = await create({ field_key: `k_${stored}_${given.replace(/\W/g, '')}`, field_type: given, ui_visibility: 'If Set' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ field_type: stored, ui_visibility: 'if_set' });
  });

  it.each([
    ['an unknown type', { field_key: 'a', field_type: 'money' }],
    ['an unknown visibility', { field_key: 'a', ui_visibility: 'sometimes' }],
    ['a blank key', { field_key: '  ' }],
    ['a blank label', { field_key: 'a', label: ' ' }],
    ['a regex that does not compile', { field_key: 'a', validation_regex: '(' }],
    ['a regex on an integer field', { field_key: 'a', field_type: 'integer', validation_regex: '\\d+' }],
    ['a default of the wrong type', { field_key: 'a', field_type: 'integer', default_value: '3' }],
    ['a boolean passed as an integer', { field_key: 'a', field_type: 'integer', default_value: true }],
    ['a default not matching the regex', { field_key: 'a', validation_regex: '[A-Z]{3}', default_value: 'abc' }],
    ['an impossible date', { field_key: 'a', field_type: 'date', default_value: '2026-02-30' }],
    ['a non-http url', { field_key: 'a', field_type: 'url', default_value: 'javascript:alert(1)' }],
    ['a scalar json', { field_key: 'a', field_type: 'json', default_value: 3 }],
    ['no boards', { field_key: 'a', board_ids: [] }],
  ])('422 for %s', async (_name, body) => {
    expect((await create(body)).statusCode).toBe(422);
    expect(await count(tn.t, "SELECT count(*) FROM task_custom_field_definitions WHERE field_key = 'a'")).toBe(0);
  });

  it('valid defaults of every kind are kept', async () => {
    const cases: [string, unknown][] = [['integer', 5], ['decimal', 2.5], ['boolean', false], ['date', '2026-03-10'], ['date_time', '2026-03-10T12:00:00Z'], ['url', 'https://example.test/x'], ['json', { a: [1] }], ['text', 'ABC']];
    for (const [type, value] of cases) {
      const res = await create({ field_key: `d_${type}`, field_type: type, default_value: value, ...(type === 'text' ? { validation_regex: '[A-Z]{3}' } : {}) });
      expect(res.statusCode, `${type}: ${res.body}`).toBe(200);
      expect(res.json().default_value).toEqual(value);
    }
  });

  it('a regex with catastrophic backtracking is refused up front', async () => {
    const res = await create({ field_key: 'redos', validation_regex: '(a+)+', default_value: `${'a'.repeat(40)}!` });
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.json().detail)).toContain('nests repetitions');
    expect((await create({ field_key: 'redos', validation_regex: '(\\w+\\s?)*$' })).statusCode).toBe(422);
    expect(await count(tn.t, "SELECT count(*) FROM task_custom_field_definitions WHERE field_key = 'redos'")).toBe(0);
  });

  it('board ids must be the organization own: 422 naming them', async () => {
    const res = await create({ field_key: 'x', board_ids: [f.boardA1, f.boardB1] });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toEqual({ message: 'Some selected boards are invalid for this organization.', invalid_board_ids: [f.boardB1] });
  });

  it('field keys are unique per organization (409), also under concurrency (bug 23)', async () => {
    await create({ field_key: 'dupkey' });
    const dup = await create({ field_key: 'dupkey' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().detail).toBe('Field key already exists in this organization.');
    expect((await tn.as('bob', 'POST', C, { field_key: 'dupkey', board_ids: [f.boardB1] })).statusCode).toBe(200);
    const [a, b] = await Promise.all([create({ field_key: 'racekey' }), create({ field_key: 'racekey' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  it('admins only; members may list', async () => {
    expect((await create({ field_key: 'm' }, 'carol')).statusCode).toBe(403);
    const list = await tn.as('carol', 'GET', C);
    expect(list.statusCode).toBe(200);
    const labels = list.json().map((d: any) => d.label.toLowerCase());
    expect(labels).toEqual([...labels].sort());
    expect(list.json().every((d: any) => d.organization_id === f.orgA)).toBe(true);
    expect((await tn.t.api('GET', C, { token: null })).statusCode).toBe(401);
  });
});

describe('custom field definitions: update and delete', () => {
  it('updates partially and replaces bindings', async () => {
    const def = (await create({ field_key: 'upd', label: 'Upd', description: 'd' })).json();
    const res = await tn.as('alice', 'PATCH', `${C}/${def.id}`, { label: 'Updated', board_ids: [f.boardA2] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ label: 'Updated', description: 'd', field_type: 'text', board_ids: [f.boardA2] });
    const regex = await tn.as('alice', 'PATCH', `${C}/${def.id}`, { validation_regex: '  ' });
    expect(regex.json().validation_regex).toBeNull();
  });

  it.each([
    ['field_key', { field_key: 'new' }, 'field_key cannot be changed after creation.'],
    ['empty body', {}, 'At least one field is required'],
    ['null label', { label: null }, null],
    ['null type', { field_type: null }, null],
    ['null visibility', { ui_visibility: null }, null],
    ['null required', { required: null }, null],
    ['regex on a boolean', { field_type: 'boolean', validation_regex: 'x' }, null],
    ['empty board list', { board_ids: [] }, 'At least one board must be selected.'],
  ])('422 for %s', async (_name, body, message) => {
    const def = (await create({ field_key: `p_${Math.random().toString(36).slice(2)}` })).json();
    const res = await tn.as('alice', 'PATCH', `${C}/${def.id}`, body);
    expect(res.statusCode).toBe(422);
    if (message) expect(JSON.stringify(res.json().detail)).toContain(message);
  });

  it('re-validates the default against a changed type', async () => {
    const def = (await create({ field_key: 'retype', default_value: 'abc' })).json();
    expect((await tn.as('alice', 'PATCH', `${C}/${def.id}`, { field_type: 'integer' })).statusCode).toBe(422);
    expect((await tn.as('alice', 'PATCH', `${C}/${def.id}`, { field_type: 'integer', default_value: 7 })).json()).toMatchObject({ field_type: 'integer', default_value: 7 });
  });

  it('refuses type changes that stored values would not survive (409), and deleting while values exist', async () => {
    const def = (await create({ field_key: 'valued' })).json();
    const task = await insertTask(tn.t, f.boardA1);
    await tn.t.services.database.query(`INSERT INTO task_custom_field_values (task_id, task_custom_field_definition_id, value) VALUES ($1, $2, '"hello"')`, [task, def.id]);
    expect((await tn.as('alice', 'PATCH', `${C}/${def.id}`, { field_type: 'integer' })).statusCode).toBe(409);
    expect((await tn.as('alice', 'PATCH', `${C}/${def.id}`, { validation_regex: 'h.*' })).statusCode).toBe(200);
    const del = await tn.as('alice', 'DELETE', `${C}/${def.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().detail).toBe('Cannot delete a custom field definition while task values exist.');
    await tn.t.services.database.query('DELETE FROM task_custom_field_values WHERE task_custom_field_definition_id = $1', [def.id]);
    expect((await tn.as('alice', 'DELETE', `${C}/${def.id}`)).statusCode).toBe(200);
    expect(await count(tn.t, 'SELECT count(*) FROM board_task_custom_fields WHERE task_custom_field_definition_id = $1', [def.id])).toBe(0);
  });

  it('cross-organization and role checks', async () => {
    const def = (await create({ field_key: 'mine' })).json();
    expect((await tn.as('bob', 'PATCH', `${C}/${def.id}`, { label: 'x' })).statusCode).toBe(404);
    expect((await tn.as('bob', 'DELETE', `${C}/${def.id}`)).statusCode).toBe(404);
    expect((await tn.as('carol', 'PATCH', `${C}/${def.id}`, { label: 'x' })).statusCode).toBe(403);
    expect((await tn.as('carol', 'DELETE', `${C}/${def.id}`)).statusCode).toBe(403);
    expect((await tn.as('alice', 'PATCH', `${C}/${unknownId()}`, { label: 'x' })).statusCode).toBe(404);
    expect((await tn.as('alice', 'DELETE', `${C}/not-a-uuid`)).statusCode).toBe(422);
    expect((await tn.as('bob', 'GET', C)).json().map((d: any) => d.id)).not.toContain(def.id);
  });
});
