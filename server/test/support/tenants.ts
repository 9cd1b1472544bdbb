// Several signed-in users over one app: Clerk mode with a local key pair, tokens minted per user.
// The first request of a user provisions them (and their "Personal" organization, or a pending
// invite's organization) through the real auth path.
import { randomUUID } from 'node:crypto';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from './app';

const ISSUER = 'https://clerk.tenants.test';

export interface Tenants {
  t: TestApp;
  /** A session token for `name` (e-mail `<name>@example.test` unless given; null for none). */
  token(name: string, email?: string | null): Promise<string>;
  /** A request as `name`. */
  as(name: string, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTenants(env: Record<string, string> = {}): Promise<Tenants> {
  const keys: { publicKey: CryptoKey; privateKey: CryptoKey } = await generateKeyPair('RS256', { extractable: true });
  const t = await createTestApp({ AUTH_MODE: 'clerk', CLERK_JWT_KEY: await exportSPKI(keys.publicKey), CLERK_ISSUER: ISSUER, ...env });
  const minted = new Map<string, Promise<string>>();
  const token = (name: string, email: string | null = `${name}@example.test`) => {
    const key = `${name}\n${email}`;
    if (!minted.has(key)) minted.set(key, mint(name, email));
    return minted.get(key)!;
  };
  const mint = async (name: string, email: string | null) => {
    const claims: Record<string, unknown> = { sub: `user_${name}`, given_name: name };
    if (email) claims.email = email;
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).setSubject(`user_${name}`).setIssuer(ISSUER).setIssuedAt().setExpirationTime('30m').sign(keys.privateKey);
  };
  return {
    t,
    token,
    as: async (name, method, url, body) => t.api(method as never, url, { token: await token(name), ...(body !== undefined ? { body } : {}) }),
    close: () => t.close(),
  };
}

/** Inserts a gateway row for the organization directly (the gateways API lives elsewhere). */
export async function insertGateway(t: TestApp, organizationId: string, name = 'gw'): Promise<string> {
  const [row] = await t.services.database.query<{ id: string }>(
    `INSERT INTO gateways (organization_id, name, url, workspace_root) VALUES ($1, $2, 'ws://127.0.0.1:18789', '~/.openclaw') RETURNING id`,
    [organizationId, name],
  );
  return row.id;
}

/** Inserts a task on a board directly (the tasks API lives elsewhere). */
export async function insertTask(t: TestApp, boardId: string, title = 'task'): Promise<string> {
  const [row] = await t.services.database.query<{ id: string }>(`INSERT INTO tasks (board_id, title) VALUES ($1, $2) RETURNING id`, [boardId, title]);
  return row.id;
}

export async function count(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await t.services.database.query<{ n: string }>(`SELECT (${sql})::text AS n`, params);
  return Number(row.n);
}

export const unknownId = () => randomUUID();
