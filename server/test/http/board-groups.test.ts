import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { count, createTenants, unknownId, type Tenants } from '../support/tenants';


let tn: Tenants;
let f: TwoOrgs;
let withA1: any;
let empty: any;
beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
  withA1 = (await tn.as('alice', 'POST', G, { name: 'Launch', description: 'all launch boards' })).json();
  empty = (await tn.as('alice', 'POST', G, { name: 'empty', slug: '  ' })).json();
  await tn.as('alice', 'PATCH', `/api/v1/boards/${f.boardA1}`, { board_group_id: withA1.id });
});
afterAll(() => tn?.close());

const G = '/api/v1/board-groups';

describe('board groups', () => {
  it('creates with a slug from the name when none or a blank one is given; admins only', async () => {
    expect(withA1).toMatchObject({ organization_id: f.orgA, name: 'Launch', slug: 'launch', description: 'all launch boards' });
    expect(empty.slug).toBe('empty');
    const symbols = (await tn.as('alice', 'POST', G, { name: '!!!' })).json();
    expect(symbols.slug).toMatch(/^[0-9a-f]{8}$/);
    expect((await tn.as('alice', 'POST', G, { name: '  ' })).statusCode).toBe(422);
    expect((await tn.as('carol', 'POST', G, { name: 'x' })).statusCode).toBe(403);
  });

  it('lists groups by name; members without org-wide read see only groups with a board they read', async () => {
    const alice = (await tn.as('alice', 'GET', G)).json();
    expect(alice.items.map((g: any) => g.name)).toEqual(['!!!', 'empty', 'Launch']);
    const carol = (await tn.as('carol', 'GET', G)).json();
    expect(carol.items.map((g: any) => g.id)).toEqual([withA1.id]);
    expect(carol.total).toBe(1);
    expect((await tn.as('bob', 'GET', G)).json().items).toEqual([]);
  });

  it('read access: through a board of the group; an empty group is for admins', async () => {
    expect((await tn.as('carol', 'GET', `${G}/${withA1.id}`)).statusCode).toBe(200);
    expect((await tn.as('carol', 'GET', `${G}/${empty.id}`)).statusCode).toBe(403);
    expect((await tn.as('dave', 'GET', `${G}/${empty.id}`)).statusCode).toBe(200);
    expect((await tn.as('dave', 'GET', `${G}/${withA1.id}`)).statusCode).toBe(403); // admin without board access
    expect((await tn.as('bob', 'GET', `${G}/${withA1.id}`)).statusCode).toBe(404);
    expect((await tn.as('alice', 'GET', `${G}/${unknownId()}`)).statusCode).toBe(404);
    expect((await tn.as('alice', 'GET', `${G}/nope`)).statusCode).toBe(422);
  });

  it('updates partially; a blank slug is regenerated; needs admin and group write', async () => {
    const res = await tn.as('alice', 'PATCH', `${G}/${withA1.id}`, { name: 'Launch 2026', slug: '' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Launch 2026', slug: 'launch-2026', description: 'all launch boards' });
    expect((await tn.as('alice', 'PATCH', `${G}/${withA1.id}`, { description: null })).json().description).toBeNull();
    expect((await tn.as('carol', 'PATCH', `${G}/${withA1.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await tn.as('dave', 'PATCH', `${G}/${withA1.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await tn.as('bob', 'PATCH', `${G}/${withA1.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await tn.as('alice', 'PATCH', `${G}/${withA1.id}`, { name: '' })).statusCode).toBe(422);
  });

  it('deletes: boards are unlinked, group memory goes; others 403/404', async () => {
    await tn.t.services.database.query(`INSERT INTO board_group_memory (board_group_id, content) VALUES ($1, 'note')`, [withA1.id]);
    expect((await tn.as('bob', 'DELETE', `${G}/${withA1.id}`)).statusCode).toBe(404);
    expect((await tn.as('carol', 'DELETE', `${G}/${withA1.id}`)).statusCode).toBe(403);
    const res = await tn.as('alice', 'DELETE', `${G}/${withA1.id}`);
    expect(res.statusCode).toBe(200);
    expect((await tn.as('alice', 'GET', `/api/v1/boards/${f.boardA1}`)).json().board_group_id).toBeNull();
    expect(await count(tn.t, 'SELECT count(*) FROM board_group_memory WHERE board_group_id = $1', [withA1.id])).toBe(0);
    expect((await tn.as('alice', 'GET', `${G}/${withA1.id}`)).statusCode).toBe(404);
  });
});
