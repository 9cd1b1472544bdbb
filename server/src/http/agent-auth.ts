import { eq, or } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { tokenHint, tokenPrefix, verifyAgentToken } from '../auth/agent-tokens';
import { bearerToken } from '../auth/local-token';
import { agents, type Agent } from '../db/schema';
import { presenceTouch } from '../domain/agents/presence';
import { optionalUser, type UserContext } from './auth';
import { HttpError, unauthorized } from './errors';

export type Actor = { kind: 'user'; user: UserContext } | { kind: 'agent'; agent: Agent };

/** Called when an agent token does not authenticate (the rate limiter hooks in here). */
export type AgentAuthFailureHook = (request: FastifyRequest) => Promise<void>;
const failureHooks: AgentAuthFailureHook[] = [];
export function onAgentAuthFailure(hook: AgentAuthFailureHook): void {
  failureHooks.push(hook);
}
/** Called before an agent token is checked (a limiter may refuse with 429 here). */
const checkHooks: AgentAuthFailureHook[] = [];
export function beforeAgentAuth(hook: AgentAuthFailureHook): void {
  checkHooks.push(hook);
}

/** The agent token of a request: `X-Agent-Token`, else a bearer token shaped like one. */
export function presentedAgentToken(request: FastifyRequest): string | null {
  const header = request.headers['x-agent-token'];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value) return value;
  const bearer = bearerToken(request.headers.authorization);
  return bearer && tokenPrefix(bearer) ? bearer : null;
}

const resolved = new WeakMap<FastifyRequest, Promise<Agent | null>>();
const failed = new WeakSet<FastifyRequest>();

/** Runs the failure hooks once per request (a limiter counts each failed request once). */
async function recordFailure(request: FastifyRequest): Promise<void> {
  if (failed.has(request)) return;
  failed.add(request);
  for (const hook of failureHooks) await hook(request);
}

/** Whether the request carries any credential (a bearer token or an agent token). */
function presentsCredential(request: FastifyRequest): boolean {
  const header = request.headers['x-agent-token'];
  return Boolean((Array.isArray(header) ? header[0] : header)?.trim() || bearerToken(request.headers.authorization));
}

/**
 * The end of a failed agent or actor authentication: when a credential was presented, it counts
 * as a failed attempt (the failure hooks may answer 429 instead); then 401.
 */
export async function rejectUnauthenticated(request: FastifyRequest): Promise<never> {
  if (presentsCredential(request)) await recordFailure(request);
  throw unauthorized();
}

async function identifyAgent(request: FastifyRequest, token: string): Promise<Agent | null> {
  for (const hook of checkHooks) await hook(request);
  const { db, logger } = request.server.services;
  const prefix = tokenPrefix(token);
  const [agent] = prefix
    ? await db.select().from(agents).where(or(eq(agents.agentTokenPrefix, prefix), eq(agents.previousTokenPrefix, prefix)))
    : [];
  const current = agent?.agentTokenPrefix === prefix && verifyAgentToken(token, agent.agentTokenHash);
  const previous = !current && agent?.previousTokenPrefix === prefix && verifyAgentToken(token, agent.previousTokenHash);
  if (!agent || (!current && !previous)) {
    logger.warn({ token_hint: tokenHint(token), request_id: request.id }, 'agent authentication failed');
    await recordFailure(request);
    return null;
  }
  // The first call with the new token retires the previous one.
  const retire = current && agent.previousTokenPrefix ? { previousTokenPrefix: null, previousTokenHash: null } : null;
  const touch = presenceTouch(agent);
  if (!touch && !retire) return agent;
  const [updated] = await db.update(agents).set({ ...touch, ...retire }).where(eq(agents.id, agent.id)).returning();
  return updated ?? agent;
}

/** The agent of this request (resolved once), or null when no agent token authenticates. */
export function optionalAgent(request: FastifyRequest): Promise<Agent | null> {
  let pending = resolved.get(request);
  if (!pending) {
    const token = presentedAgentToken(request);
    pending = token ? identifyAgent(request, token) : Promise.resolve(null);
    resolved.set(request, pending);
  }
  return pending;
}

/** The authenticated agent; 401 otherwise. */
export async function requireAgent(request: FastifyRequest): Promise<Agent> {
  const agent = await optionalAgent(request);
  if (!agent) return rejectUnauthenticated(request);
  return agent;
}

/** A user if one signs in (users win when both are present), else an agent; 401 otherwise. */
export async function requireActor(request: FastifyRequest): Promise<Actor> {
  const user = await optionalUser(request);
  if (user) return { kind: 'user', user };
  const agent = await optionalAgent(request);
  if (agent) return { kind: 'agent', agent };
  return rejectUnauthenticated(request);
}

/** The authenticated agent when it leads a board; 403 otherwise. */
export async function requireLead(request: FastifyRequest, detail = 'Only board leads can perform this action'): Promise<Agent> {
  const agent = await requireAgent(request);
  if (!agent.isBoardLead || !agent.boardId) throw new HttpError(403, detail);
  return agent;
}
