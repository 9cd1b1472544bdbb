import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

const ISSUER = 'https://clerk.example.test';
let trusted: { publicKey: CryptoKey; privateKey: CryptoKey };
let other: { privateKey: CryptoKey };

async function sign(key: CryptoKey, claims: Record<string, unknown>, options: { issuer?: string; expiresIn?: string | number; kid?: string } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', ...(options.kid ? { kid: options.kid } : {}) }).setSubject(String(claims.sub ?? 'user_1')).setIssuedAt();
  jwt = jwt.setIssuer(options.issuer ?? ISSUER).setExpirationTime(options.expiresIn ?? '5m');
  return jwt.sign(key);
}

beforeAll(async () => {
  trusted = await generateKeyPair('RS256', { extractable: true });
  other = await generateKeyPair('RS256', { extractable: true });
});

describe('Clerk mode with a PEM key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_MODE: 'clerk', CLERK_JWT_KEY: await exportSPKI(trusted.publicKey), CLERK_ISSUER: ISSUER, CLERK_LEEWAY: '5' });
  });
  afterAll(() => t?.close());

  it('accepts a token signed by the trusted key and creates the user from its claims', async () => {
    const token = await sign(trusted.privateKey, { sub: 'user_ada', email: 'Ada@Example.Test', given_name: 'Ada', family_name: 'Lovelace' });
    const res = await t.api('GET', '/api/v1/users/me', { token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ clerk_user_id: 'user_ada', email: 'ada@example.test', name: 'Ada Lovelace' });
  });

  it('takes the primary address from email_addresses', async () => {
    const token = await sign(trusted.privateKey, {
      sub: 'user_bob',
      primary_email_address_id: 'e2',
      email_addresses: [{ id: 'e1', email_address: 'old@example.test' }, { id: 'e2', email_address: 'bob@example.test' }],
    });
    const res = await t.api('GET', '/api/v1/users/me', { token });
    expect(res.json().email).toBe('bob@example.test');
  });

  it.each([
    ['expired beyond the leeway', () => sign(trusted.privateKey, { sub: 'user_x' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ['signed by another key', () => sign(other.privateKey, { sub: 'user_x' })],
    ['from another issuer', () => sign(trusted.privateKey, { sub: 'user_x' }, { issuer: 'https://evil.test' })],
    ['not a JWT at all', async () => 'not-a-jwt'],
  ])('rejects a token %s with 401', async (_name, make) => {
    const res = await t.api('GET', '/api/v1/users/me', { token: await make() });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('Not authenticated');
    const [{ count }] = await t.services.database.query<{ count: string }>("SELECT count(*)::text AS count FROM users WHERE clerk_user_id = 'user_x'");
    expect(count).toBe('0');
  });

  it('the local token means nothing in Clerk mode', async () => {
    const res = await t.api('GET', '/api/v1/users/me');
    expect(res.statusCode).toBe(401);
  });
});

describe('Clerk mode with a JWKS URL', () => {
  let t: TestApp;
  let server: Server;
  beforeAll(async () => {
    const jwk = { ...(await exportJWK(trusted.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await createTestApp({ AUTH_MODE: 'clerk', CLERK_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` });
  });
  afterAll(async () => {
    await t?.close();
    server?.close();
  });

  it('verifies against the published keys', async () => {
    const good = await sign(trusted.privateKey, { sub: 'user_jwks', email: 'j@example.test' }, { kid: 'k1' });
    expect((await t.api('GET', '/api/v1/users/me', { token: good })).statusCode).toBe(200);
    const bad = await sign(other.privateKey, { sub: 'user_jwks' }, { kid: 'k1' });
    expect((await t.api('GET', '/api/v1/users/me', { token: bad })).statusCode).toBe(401);
  });
});
