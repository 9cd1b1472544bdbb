import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { createTenants, unknownId, type Tenants } from '../support/tenants';


let tn: Tenants;
let f: TwoOrgs;
beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
});
afterAll(() => tn?.close());

const M = '/api/v1/organizations/me/members';

describe('members: reading', () => {
  it('lists the organization members with their users, paginated, ordered by e-mail', async () => {
    const res = await tn.as('carol', 'GET', `${M}?limit=2`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.limit).toBe(2);
    expect(body.items.map((m: any) => m.user.email)).toEqual(['alice@example.test', 'carol@example.test']);
    expect(body.items[0].board_access).toEqual([]);
    const rest = (await tn.as('carol', 'GET', `${M}?limit=2&offset=2`)).json();
    expect(rest.items.map((m: any) => m.user.email)).toEqual(['dave@example.test']);
    expect((await tn.as('carol', 'GET', `${M}?limit=0`)).statusCode).toBe(422);
    expect((await tn.as('carol', 'GET', `${M}?limit=201`)).statusCode).toBe(422);
  });

  it('GET /me/member includes the caller board access', async () => {
    const me = (await tn.as('carol', 'GET', '/api/v1/organizations/me/member')).json();
    expect(me.role).toBe('member');
    expect(me.board_access).toEqual([expect.objectContaining({ board_id: f.boardA1, can_read: true, can_write: false })]);
  });

  it('a member sees only themselves; admins see anyone; other organizations get 404', async () => {
    expect((await tn.as('carol', 'GET', `${M}/${f.members.carol}`)).statusCode).toBe(200);
    expect((await tn.as('carol', 'GET', `${M}/${f.members.alice}`)).statusCode).toBe(403);
    const admin = await tn.as('dave', 'GET', `${M}/${f.members.carol}`);
    expect(admin.statusCode).toBe(200);
    expect(admin.json().board_access).toHaveLength(1);
    expect((await tn.as('bob', 'GET', `${M}/${f.members.carol}`)).statusCode).toBe(404);
    expect((await tn.as('alice', 'GET', `${M}/${f.members.bob}`)).statusCode).toBe(404);
    expect((await tn.as('alice', 'GET', `${M}/${unknownId()}`)).statusCode).toBe(404);
    expect((await tn.as('alice', 'GET', `${M}/not-a-uuid`)).statusCode).toBe(422);
  });
});

describe('members: roles', () => {
  it('validates the role: unknown values are 422 and nothing is stored', async () => {
    const res = await tn.as('alice', 'PATCH', `${M}/${f.members.carol}`, { role: 'superuser' });
    expect(res.statusCode).toBe(422);
    expect((await tn.as('alice', 'GET', `${M}/${f.members.carol}`)).json().role).toBe('member');
  });

  it('normalizes the role and only admins change roles', async () => {
    expect((await tn.as('carol', 'PATCH', `${M}/${f.members.carol}`, { role: 'admin' })).statusCode).toBe(403);
    const res = await tn.as('dave', 'PATCH', `${M}/${f.members.carol}`, { role: '  ADMIN ' });
    expect(res.statusCode).toBe(200);
    expect(res.json().role).toBe('admin');
    const back = await tn.as('dave', 'PATCH', `${M}/${f.members.carol}`, { role: '' });
    expect(back.json().role).toBe('member');
    expect((await tn.as('dave', 'PATCH', `${M}/${f.members.carol}`, {})).json().role).toBe('member');
  });

  it('only owners grant or revoke owner; the last owner cannot be demoted', async () => {
    const selfPromote = await tn.as('dave', 'PATCH', `${M}/${f.members.dave}`, { role: 'owner' });
    expect(selfPromote.statusCode).toBe(403);
    expect((await tn.as('dave', 'PATCH', `${M}/${f.members.alice}`, { role: 'member' })).statusCode).toBe(403);
    const last = await tn.as('alice', 'PATCH', `${M}/${f.members.alice}`, { role: 'admin' });
    expect(last.statusCode).toBe(422);
    expect(last.json().detail).toBe('Organization must have at least one owner');
  });

  it('cross-org: an admin of B cannot change A members', async () => {
    expect((await tn.as('bob', 'PATCH', `${M}/${f.members.carol}`, { role: 'admin' })).statusCode).toBe(404);
  });
});

describe('members: board access', () => {
  it('replaces grants; write implies read; every board must be of the organization', async () => {
    const res = await tn.as('dave', 'PUT', `${M}/${f.members.carol}/access`, {
      board_access: [{ board_id: f.boardA2, can_read: false, can_write: true }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().board_access).toEqual([expect.objectContaining({ board_id: f.boardA2, can_read: true, can_write: true })]);
    const foreign = await tn.as('dave', 'PUT', `${M}/${f.members.carol}/access`, { board_access: [{ board_id: f.boardB1 }] });
    expect(foreign.statusCode).toBe(422);
    // nothing changed by the refused request
    expect((await tn.as('dave', 'GET', `${M}/${f.members.carol}`)).json().board_access).toHaveLength(1);
    const flags = await tn.as('dave', 'PUT', `${M}/${f.members.carol}/access`, { all_boards_write: true, board_access: [{ board_id: f.boardA1 }] });
    expect(flags.json()).toMatchObject({ all_boards_read: true, all_boards_write: true, board_access: [] });
    const reset = await tn.as('dave', 'PUT', `${M}/${f.members.carol}/access`, { board_access: [{ board_id: f.boardA1 }] });
    expect(reset.json()).toMatchObject({ all_boards_read: false, all_boards_write: false });
  });

  it('members cannot change access; admins cannot change an owner access; other orgs 404', async () => {
    expect((await tn.as('carol', 'PUT', `${M}/${f.members.carol}/access`, { all_boards_read: true })).statusCode).toBe(403);
    expect((await tn.as('dave', 'PUT', `${M}/${f.members.alice}/access`, {})).statusCode).toBe(403);
    expect((await tn.as('bob', 'PUT', `${M}/${f.members.carol}/access`, {})).statusCode).toBe(404);
  });
});

describe('members: removal', () => {
  it('refuses self-removal, admins removing owners, members removing anyone, other orgs', async () => {
    const self = await tn.as('dave', 'DELETE', `${M}/${f.members.dave}`);
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toBe('You cannot remove yourself from the organization');
    const owner = await tn.as('dave', 'DELETE', `${M}/${f.members.alice}`);
    expect(owner.statusCode).toBe(403);
    expect(owner.json().detail).toBe('Only owners can remove owners');
    expect((await tn.as('carol', 'DELETE', `${M}/${f.members.dave}`)).statusCode).toBe(403);
    expect((await tn.as('bob', 'DELETE', `${M}/${f.members.carol}`)).statusCode).toBe(404);
  });

  it('removes a member with their grants and moves their active organization', async () => {
    // hank joins A by invite but already had his own Personal org
    await tn.as('hank', 'GET', '/api/v1/users/me');
    const invite = (await tn.as('alice', 'POST', '/api/v1/organizations/me/invites', { invited_email: 'hank@example.test', board_access: [{ board_id: f.boardA1 }] })).json();
    const member = (await tn.as('hank', 'POST', '/api/v1/organizations/invites/accept', { token: invite.token })).json();
    await tn.as('hank', 'PATCH', '/api/v1/organizations/me/active', { organization_id: f.orgA });
    const res = await tn.as('alice', 'DELETE', `${M}/${member.id}`);
    expect(res.statusCode).toBe(200);
    expect((await tn.as('alice', 'GET', `${M}/${member.id}`)).statusCode).toBe(404);
    const now = (await tn.as('hank', 'GET', '/api/v1/organizations/me')).json();
    expect(now.name).toBe('Personal');
    expect((await tn.as('hank', 'GET', `/api/v1/boards/${f.boardA1}`)).statusCode).toBe(404);
  });
});
