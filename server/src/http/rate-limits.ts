import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { onAgentAuthFailure } from './agent-auth';
import { HttpError } from './errors';

/**
 * The two limiters of the API, built on @fastify/rate-limit's `createRateLimit` (memory store:
 * an LRU bounded at MEMORY_KEYS keys; Redis store via ioredis when RATE_LIMIT_BACKEND=redis, so
 * every process sharing that Redis enforces one limit). `continueExceeding` restarts the window on
 * every refused attempt, so sustained abuse keeps it closed. Keys are `<limiter>:<client ip>`.
 *
 * * agent authentication: only *failed* attempts count (`hit` is called from the agent-auth
 *   failure hook), so valid agents are never throttled, even when they share an IP with an
 *   attacker (all agents of one gateway host do).
 * * webhook ingest: every request counts.
 *
 * Redis errors fail open: the request is allowed and a warning (without the URL's credentials) is
 * logged at most once per WARN_EVERY_MS.
 */
export const AGENT_AUTH_LIMIT = { max: 20, windowMs: 60_000 } as const;
export const WEBHOOK_INGEST_LIMIT = { max: 60, windowMs: 60_000 } as const;
export const MEMORY_KEYS = 10_000;
const WARN_EVERY_MS = 30_000;
const STARTUP_WAIT_MS = 3_000;

export interface Verdict {
  allowed: boolean;
  /** Seconds until the window reopens (when refused). */
  retryAfter: number;
}

export interface RateLimiter {
  /** Counts one attempt for the request's client IP and says whether it is within the limit. */
  hit(request: FastifyRequest): Promise<Verdict>;
  /** Counts one attempt and throws 429 (with Retry-After) when it is over the limit. */
  enforce(request: FastifyRequest): Promise<void>;
}

export interface RateLimits {
  agentAuth: RateLimiter;
  webhookIngest: RateLimiter;
}

/** Removes the user and password of every URL in a message (ioredis errors can carry them). */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/gi, '$1***@');
}

export const tooManyRequests = (retryAfter: number) =>
  new HttpError(429, 'Too Many Requests', { 'retry-after': String(Math.max(1, retryAfter)) });

function throttledWarner(logger: Logger) {
  let last = 0;
  return (message: string, error: unknown) => {
    const now = Date.now();
    if (now - last < WARN_EVERY_MS) return;
    last = now;
    const reason = redactCredentials(error instanceof Error ? error.message : String(error));
    logger.warn({ component: 'rate-limit', reason }, message);
  };
}

function createRedis(url: string, warn: (message: string, error: unknown) => void): Redis {
  const client = new Redis(url, {
    // Fail fast instead of queueing while Redis is away: the limiter then fails open.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 250, 5_000),
  });
  client.on('error', (error) => warn('rate-limit store (Redis) unavailable; requests are allowed until it is back', error));
  return client;
}

/** Waits (bounded) for the first connection, so a healthy Redis counts from the first request. */
function redisReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    client.once('ready', done);
    client.once('error', done);
  });
}

/** Registers the rate-limit plugin and decorates the app with `rateLimits`. */
export async function installRateLimits(app: FastifyInstance, config: Config, logger: Logger): Promise<void> {
  const warn = throttledWarner(logger);
  const redis = config.rateLimit.backend === 'redis' && config.rateLimit.redisUrl ? createRedis(config.rateLimit.redisUrl, warn) : null;
  await app.register(rateLimit, {
    global: false,
    continueExceeding: true,
    skipOnError: false,
    cache: MEMORY_KEYS,
    ...(redis ? { redis, nameSpace: 'mc:ratelimit:' } : {}),
  });
  if (redis) {
    app.addHook('onClose', async () => void redis.disconnect());
    await redisReady(redis, STARTUP_WAIT_MS);
  }

  const limiter = (name: string, limit: { max: number; windowMs: number }): RateLimiter => {
    const check = app.createRateLimit({
      max: limit.max,
      timeWindow: limit.windowMs,
      // Each limiter gets its own store; the LRU bound must be given here (it is not inherited
      // from the plugin options, and the option is missing from the plugin's types).
      ...({ cache: MEMORY_KEYS } as object),
      keyGenerator: (request) => `${name}:${request.clientIp}`,
    });
    const hit = async (request: FastifyRequest): Promise<Verdict> => {
      try {
        const result = await check(request);
        if (result.isAllowed) return { allowed: true, retryAfter: 0 };
        return { allowed: !result.isExceeded, retryAfter: result.ttlInSeconds };
      } catch (error) {
        warn('rate-limit store failed; the request is allowed', error);
        return { allowed: true, retryAfter: 0 };
      }
    };
    return {
      hit,
      enforce: async (request) => {
        const verdict = await hit(request);
        if (!verdict.allowed) throw tooManyRequests(verdict.retryAfter);
      },
    };
  };
  app.decorate('rateLimits', {
    agentAuth: limiter('agent-auth', AGENT_AUTH_LIMIT),
    webhookIngest: limiter('webhook-ingest', WEBHOOK_INGEST_LIMIT),
  } satisfies RateLimits);
}

declare module 'fastify' {
  interface FastifyInstance {
    rateLimits: RateLimits;
  }
}

// Failed agent authentication (including failed credentials on shared user/agent routes) counts
// against the client IP; over the limit the failure is answered 429 instead of 401.
onAgentAuthFailure(async (request) => {
  await request.server.rateLimits?.agentAuth.enforce(request);
});
