import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { count, createTenants, unknownId, type Tenants } from '../support/tenants';


let tn: Tenants;
let f: TwoOrgs;
beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
});
afterAll(() => tn?.close());

const I = '/api/v1/organizations/me/invites';
const ACCEPT = '/api/v1/organizations/invites/accept';

describe('invites: create, list, revoke', () => {
  it('creates an invite with a normalized e-mail and an unguessable token', async () => {
    const res = await tn.as('alice', 'POST', I, { invited_email: '  Ivy@Example.TEST ', role: 'Admin', all_boards_read: true });
    expect(res.statusCode).toBe(200);
    const invite = res.json();
    expect(invite).toMatchObject({ organization_id: f.orgA, invited_email: 'ivy@example.test', role: 'admin', all_boards_read: true, accepted_at: null });
    expect(invite.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = (await tn.as('alice', 'POST', I, { invited_email: 'ivy2@example.test' })).json();
    expect(other.token).not.toBe(invite.token);
  });

  it('422 for blank or malformed e-mails and unknown roles', async () => {
    for (const body of [{ invited_email: '  ' }, { invited_email: 'not-an-email' }, { invited_email: 'x@example.test', role: 'root' }, {}]) {
      expect((await tn.as('alice', 'POST', I, body)).statusCode).toBe(422);
    }
  });

  it('409 for an existing member or an already pending invite', async () => {
    expect((await tn.as('alice', 'POST', I, { invited_email: 'CAROL@example.test' })).statusCode).toBe(409);
    expect((await tn.as('alice', 'POST', I, { invited_email: 'ivy@example.test' })).statusCode).toBe(409);
  });

  it('422 when a granted board is not the organization board', async () => {
    const res = await tn.as('alice', 'POST', I, { invited_email: 'jo@example.test', board_access: [{ board_id: f.boardB1 }] });
    expect(res.statusCode).toBe(422);
    expect(await count(tn.t, "SELECT count(*) FROM organization_invites WHERE invited_email = 'jo@example.test'")).toBe(0);
  });

  it('only owners invite owners; members cannot invite', async () => {
    expect((await tn.as('dave', 'POST', I, { invited_email: 'boss@example.test', role: 'owner' })).statusCode).toBe(403);
    expect((await tn.as('carol', 'POST', I, { invited_email: 'pal@example.test' })).statusCode).toBe(403);
  });

  it('lists pending invites newest first for admins only', async () => {
    const res = await tn.as('dave', 'GET', I);
    expect(res.statusCode).toBe(200);
    const emails = res.json().items.map((i: any) => i.invited_email);
    expect(emails.slice(0, 2)).toEqual(['ivy2@example.test', 'ivy@example.test']);
    expect(emails).not.toContain('carol@example.test'); // accepted
    expect((await tn.as('carol', 'GET', I)).statusCode).toBe(403);
    expect((await tn.as('bob', 'GET', I)).json().items).toEqual([]);
  });

  it('revokes an invite; other organizations get 404', async () => {
    const invite = (await tn.as('alice', 'POST', I, { invited_email: 'gone@example.test', board_access: [{ board_id: f.boardA1 }] })).json();
    expect((await tn.as('bob', 'DELETE', `${I}/${invite.id}`)).statusCode).toBe(404);
    expect((await tn.as('carol', 'DELETE', `${I}/${invite.id}`)).statusCode).toBe(403);
    const res = await tn.as('dave', 'DELETE', `${I}/${invite.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(invite.id);
    expect((await tn.as('dave', 'DELETE', `${I}/${invite.id}`)).statusCode).toBe(404);
    expect((await tn.as('dave', 'DELETE', `${I}/${unknownId()}`)).statusCode).toBe(404);
    expect((await tn.as('dave', 'DELETE', `${I}/x`)).statusCode).toBe(422);
    expect((await tn.as('gone', 'POST', ACCEPT, { token: invite.token })).statusCode).toBe(404);
  });
});

describe('invites: acceptance', () => {
  it('is bound to the invited e-mail: another account, or one without e-mail, gets 403', async () => {
    const invite = (await tn.as('alice', 'POST', I, { invited_email: 'kim@example.test' })).json();
    const other = await tn.as('bob', 'POST', ACCEPT, { token: invite.token });
    expect(other.statusCode).toBe(403);
    const noEmail = await tn.t.api('POST', ACCEPT, { token: await tn.token('anon', null), body: { token: invite.token } });
    expect(noEmail.statusCode).toBe(403);
    expect((await tn.as('bob', 'GET', '/api/v1/organizations/me/list')).json().map((o: any) => o.id)).not.toContain(f.orgA);
    expect((await tn.as('kim', 'POST', ACCEPT, { token: 'made-up' })).statusCode).toBe(404);
  });

  it('a new member gets the invite role and grants; accepting twice is 404', async () => {
    await tn.as('lee', 'GET', '/api/v1/users/me'); // has a Personal org already
    const invite = (await tn.as('alice', 'POST', I, { invited_email: 'lee@example.test', board_access: [{ board_id: f.boardA2, can_write: true }] })).json();
    const res = await tn.as('lee', 'POST', ACCEPT, { token: invite.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ organization_id: f.orgA, role: 'member', board_access: [expect.objectContaining({ board_id: f.boardA2, can_read: true, can_write: true })] });
    expect((await tn.as('lee', 'POST', ACCEPT, { token: invite.token })).statusCode).toBe(404);
    // an existing active organization stays active
    expect((await tn.as('lee', 'GET', '/api/v1/organizations/me')).json().name).toBe('Personal');
  });

  it('an existing member merges: role only goes up, grants are OR-ed', async () => {
    const first = (await tn.as('alice', 'POST', I, { invited_email: 'mo@example.test', role: 'admin', board_access: [{ board_id: f.boardA1 }] })).json();
    await tn.as('mo', 'GET', '/api/v1/users/me'); // accepts the pending invite on first sign-in
    // a second invite to mo's new address (an existing member's address gets 409)
    expect((await tn.as('alice', 'POST', I, { invited_email: 'mo@example.test' })).statusCode).toBe(409);
    const second = (await tn.as('alice', 'POST', I, { invited_email: 'mo.new@example.test', role: 'member', board_access: [{ board_id: f.boardA1, can_write: true }, { board_id: f.boardA2 }] })).json();
    expect(second.id).not.toBe(first.id);
    // mo changed their e-mail at the identity provider; the session now carries the new one
    const res = await tn.t.api('POST', ACCEPT, { token: await tn.token('mo', 'mo.new@example.test'), body: { token: second.token } });
    expect(res.statusCode).toBe(200);
    const member = res.json();
    expect(member.role).toBe('admin');
    const access = Object.fromEntries(member.board_access.map((a: any) => [a.board_id, [a.can_read, a.can_write]]));
    expect(access).toEqual({ [f.boardA1]: [true, true], [f.boardA2]: [true, false] });
  });

  it('first sign-in with a pending invite joins that organization instead of creating Personal', async () => {
    await tn.as('alice', 'POST', I, { invited_email: 'nia@example.test', role: 'admin' });
    const orgs = (await tn.as('nia', 'GET', '/api/v1/organizations/me/list')).json();
    expect(orgs).toEqual([{ id: f.orgA, name: 'Personal', role: 'admin', is_active: true }]);
  });

  it('401 without a user', async () => {
    expect((await tn.t.api('POST', ACCEPT, { token: null, body: { token: 'x' } })).statusCode).toBe(401);
    expect((await tn.t.api('GET', I, { token: null })).statusCode).toBe(401);
  });
});
