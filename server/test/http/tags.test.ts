import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { createTenants, insertTask, unknownId, type Tenants } from '../support/tenants';


let tn: Tenants;
let f: TwoOrgs;
beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
});
afterAll(() => tn?.close());

const T = '/api/v1/tags';

describe('tags', () => {
  it('normalizes colour and slug', async () => {
    const res = await tn.as('alice', 'POST', T, { name: 'Needs Review!', color: ' #FF00aa ' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ organization_id: f.orgA, name: 'Needs Review!', slug: 'needs-review', color: 'ff00aa', description: null, task_count: 0 });
    const defaults = (await tn.as('alice', 'POST', T, { name: 'Plain', slug: '  Custom Slug ' })).json();
    expect(defaults).toMatchObject({ slug: 'custom-slug', color: '9e9e9e' });
  });

  it.each([
    [{ name: 'x', color: 'red' }, 'color must be a 6-digit hex value'],
    [{ name: 'x', color: '  ' }, 'color is required'],
    [{ name: 'x', color: '#12345' }, 'color must be a 6-digit hex value'],
    [{ name: '   ' }, 'name is required'],
  ])('422 for %j', async (body, message) => {
    const res = await tn.as('alice', 'POST', T, body);
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.json().detail)).toContain(message);
  });

  it('slugs are unique per organization (409), not across organizations (BR-33 step 5)', async () => {
    await tn.as('alice', 'POST', T, { name: 'Dup' });
    const dup = await tn.as('alice', 'POST', T, { name: 'DUP' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().detail).toContain('Tag slug already exists in this organization.');
    expect((await tn.as('bob', 'POST', T, { name: 'Dup' })).statusCode).toBe(200);
  });

  it('BR-49: names in other scripts get distinct slugs; an emoji-only name falls back and a clash says so', async () => {
    const ja = (await tn.as('alice', 'POST', T, { name: '日本語' })).json();
    const zh = (await tn.as('alice', 'POST', T, { name: '中文' })).json();
    expect(ja.slug).toBe('日本語');
    expect(zh.slug).toBe('中文');
    expect((await tn.as('alice', 'POST', T, { name: 'café' })).json().slug).toBe('cafe');
    expect((await tn.as('alice', 'POST', T, { name: '🚀' })).json().slug).toBe('tag');
    const clash = await tn.as('alice', 'POST', T, { name: '✅' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().detail).toMatch(/slug/i);
  });

  it('concurrent duplicate creates: one 200, one 409, never 500 (BR-33 step 5)', async () => {
    const [a, b] = await Promise.all([tn.as('alice', 'POST', T, { name: 'race' }), tn.as('alice', 'POST', T, { name: 'race' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  it('bug 21: every response carries the real task_count', async () => {
    const tag = (await tn.as('alice', 'POST', T, { name: 'Counted' })).json();
    for (const title of ['one', 'two']) {
      const task = await insertTask(tn.t, f.boardA1, title);
      await tn.t.services.database.query('INSERT INTO tag_assignments (task_id, tag_id) VALUES ($1, $2)', [task, tag.id]);
    }
    expect((await tn.as('carol', 'GET', `${T}/${tag.id}`)).json().task_count).toBe(2);
    const list = (await tn.as('carol', 'GET', T)).json();
    expect(list.items.find((t: any) => t.id === tag.id).task_count).toBe(2);
    const patched = await tn.as('alice', 'PATCH', `${T}/${tag.id}`, { description: 'still two' });
    expect(patched.json()).toMatchObject({ task_count: 2, description: 'still two' });
  });

  it('lists by name, paginated, for members of the organization only', async () => {
    const res = (await tn.as('carol', 'GET', `${T}?limit=3`)).json();
    expect(res.items).toHaveLength(3);
    expect(res.total).toBeGreaterThan(3);
    const all = (await tn.as('carol', 'GET', T)).json().items.map((t: any) => t.name.toLowerCase());
    expect(all).toEqual([...all].sort());
    const bob = (await tn.as('bob', 'GET', T)).json();
    expect(bob.items.every((t: any) => t.organization_id === f.orgB)).toBe(true);
  });

  it('updates partially; slug regenerated when the key is sent; empty body 422; clash 409', async () => {
    const tag = (await tn.as('alice', 'POST', T, { name: 'Old Name', color: '111111' })).json();
    const renamed = (await tn.as('alice', 'PATCH', `${T}/${tag.id}`, { name: 'New Name' })).json();
    expect(renamed).toMatchObject({ name: 'New Name', slug: 'old-name', color: '111111' });
    const reslug = (await tn.as('alice', 'PATCH', `${T}/${tag.id}`, { slug: null })).json();
    expect(reslug.slug).toBe('new-name');
    const empty = await tn.as('alice', 'PATCH', `${T}/${tag.id}`, {});
    expect(empty.statusCode).toBe(422);
    expect(JSON.stringify(empty.json().detail)).toContain('At least one field is required');
    expect((await tn.as('alice', 'PATCH', `${T}/${tag.id}`, { slug: 'dup' })).statusCode).toBe(409);
    expect((await tn.as('alice', 'PATCH', `${T}/${tag.id}`, { color: 'nothex' })).statusCode).toBe(422);
  });

  it('cross-organization and role checks on every tag route', async () => {
    const tag = (await tn.as('alice', 'POST', T, { name: 'Private' })).json();
    expect((await tn.as('bob', 'GET', `${T}/${tag.id}`)).statusCode).toBe(404);
    expect((await tn.as('bob', 'PATCH', `${T}/${tag.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await tn.as('bob', 'DELETE', `${T}/${tag.id}`)).statusCode).toBe(404);
    expect((await tn.as('carol', 'POST', T, { name: 'x' })).statusCode).toBe(403);
    expect((await tn.as('carol', 'PATCH', `${T}/${tag.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await tn.as('carol', 'DELETE', `${T}/${tag.id}`)).statusCode).toBe(403);
    expect((await tn.as('alice', 'GET', `${T}/${unknownId()}`)).statusCode).toBe(404);
    expect((await tn.as('alice', 'GET', `${T}/zzz`)).statusCode).toBe(422);
    expect((await tn.t.api('GET', T, { token: null })).statusCode).toBe(401);
  });

  it('deletes a tag with its assignments', async () => {
    const tag = (await tn.as('alice', 'POST', T, { name: 'Doomed tag' })).json();
    const task = await insertTask(tn.t, f.boardA1);
    await tn.t.services.database.query('INSERT INTO tag_assignments (task_id, tag_id) VALUES ($1, $2)', [task, tag.id]);
    expect((await tn.as('dave', 'DELETE', `${T}/${tag.id}`)).statusCode).toBe(200);
    expect((await tn.as('alice', 'GET', `${T}/${tag.id}`)).statusCode).toBe(404);
    expect((await tn.as('dave', 'DELETE', `${T}/${tag.id}`)).statusCode).toBe(404);
  });
});
