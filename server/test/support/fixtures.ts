// Two organizations with people in several roles, used by every work-model test file.
//   org A: alice (owner, Personal org), dave (admin, no board access), carol (member: read A1)
//   org B: bob (owner)
import { expect } from 'vitest';
import { insertGateway, type Tenants } from './tenants';

export interface TwoOrgs {
  orgA: string;
  orgB: string;
  gatewayA: string;
  gatewayB: string;
  boardA1: string;
  boardA2: string;
  boardB1: string;
  members: { alice: string; carol: string; dave: string; bob: string };
}

async function ok(res: { statusCode: number; json(): any; body: string }) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function createBoard(tn: Tenants, who: string, body: Record<string, unknown>): Promise<any> {
  return ok(await tn.as(who, 'POST', '/api/v1/boards', { description: 'Work', ...body }));
}

export async function twoOrgs(tn: Tenants): Promise<TwoOrgs> {
  const orgA = (await ok(await tn.as('alice', 'GET', '/api/v1/organizations/me'))).id;
  const orgB = (await ok(await tn.as('bob', 'GET', '/api/v1/organizations/me'))).id;
  const gatewayA = await insertGateway(tn.t, orgA);
  const gatewayB = await insertGateway(tn.t, orgB);
  const boardA1 = (await createBoard(tn, 'alice', { name: 'A one', gateway_id: gatewayA })).id;
  const boardA2 = (await createBoard(tn, 'alice', { name: 'A two' })).id;
  const boardB1 = (await createBoard(tn, 'bob', { name: 'B one', gateway_id: gatewayB })).id;
  await ok(await tn.as('alice', 'POST', '/api/v1/organizations/me/invites', { invited_email: 'Carol@Example.test', board_access: [{ board_id: boardA1 }] }));
  await ok(await tn.as('alice', 'POST', '/api/v1/organizations/me/invites', { invited_email: 'dave@example.test', role: 'admin' }));
  // First sign-in accepts the pending invite instead of creating a Personal organization.
  const carol = await ok(await tn.as('carol', 'GET', '/api/v1/organizations/me/member'));
  const dave = await ok(await tn.as('dave', 'GET', '/api/v1/organizations/me/member'));
  const alice = await ok(await tn.as('alice', 'GET', '/api/v1/organizations/me/member'));
  const bob = await ok(await tn.as('bob', 'GET', '/api/v1/organizations/me/member'));
  expect(carol.organization_id).toBe(orgA);
  expect(dave.organization_id).toBe(orgA);
  return { orgA, orgB, gatewayA, gatewayB, boardA1, boardA2, boardB1, members: { alice: alice.id, carol: carol.id, dave: dave.id, bob: bob.id } };
}
