import type { FastifyRequest } from 'fastify';
import { bearerToken, tokenMatches } from '../auth/local-token';
import type { User } from '../db/schema';
import { ensureActiveOrganization, LOCAL_USER, userForIdentity } from '../domain/users/provision';
import { unauthorized } from './errors';

export interface UserContext {
  user: User;
  /** The organization the user is working in (created on first sight). */
  organizationId: string;
}

const resolved = new WeakMap<FastifyRequest, Promise<UserContext | null>>();

async function identify(request: FastifyRequest): Promise<UserContext | null> {
  if (request.headers['x-agent-token']) return null; // an agent call is never a user call
  const token = bearerToken(request.headers.authorization);
  if (!token) return null;
  const { config, clerk, db } = request.server.services;
  let identity: { clerkUserId: string; email: string | null; name: string | null } | null = null;
  if (config.authMode === 'local') {
    if (config.localAuthToken && tokenMatches(token, config.localAuthToken)) identity = LOCAL_USER;
  } else if (clerk) {
    const verified = await clerk.verify(token);
    if (verified) identity = { clerkUserId: verified.subject, email: verified.email, name: verified.name };
  }
  if (!identity) return null;
  const user = await userForIdentity(db, identity);
  const organizationId = await ensureActiveOrganization(db, user);
  return { user: { ...user, activeOrganizationId: organizationId }, organizationId };
}

/** The signed-in user of this request, or null (resolved once per request). */
export function optionalUser(request: FastifyRequest): Promise<UserContext | null> {
  let pending = resolved.get(request);
  if (!pending) {
    pending = identify(request);
    resolved.set(request, pending);
  }
  return pending;
}

/** The signed-in user; 401 with the error envelope when there is none. */
export async function requireUser(request: FastifyRequest): Promise<UserContext> {
  const context = await optionalUser(request);
  if (!context) throw unauthorized();
  return context;
}
