import { resolve } from 'node:path';
import { z } from 'zod';
import { readEnvFile } from './env-file';
import { parseCalVer } from '../gateway/version';
import { absoluteHttpUrl, boolean, integer, list, number, oneOf, text } from './values';

/**
 * Words of example tokens (docs, .env samples). A token containing one is refused even when padded
 * up to the minimum length (`replace-with-strong-random-token` + filler is still the example).
 */
const PLACEHOLDER_MARKERS = ['change-me', 'changeme', 'change_me', 'replace-me', 'replace_me', 'replace-with', 'replace_with'];

/** Whether a local auth token is too weak to protect the API: short, or an example value. */
export function weakLocalToken(token: string): boolean {
  const lower = token.trim().toLowerCase();
  return lower.length < 50 || PLACEHOLDER_MARKERS.some((marker) => lower.includes(marker));
}
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const schema = z.object({
  HOST: text('127.0.0.1'),
  PORT: integer(8000, 0, 65535),
  DATA_DIR: text('./data'),
  BASE_URL: text(''),
  DATABASE_URL: text(''),
  DB_AUTO_MIGRATE: boolean(true),
  AUTH_MODE: oneOf(['local', 'clerk'] as const, 'local'),
  LOCAL_AUTH_TOKEN: text(''),
  CLERK_SECRET_KEY: text(''),
  CLERK_API_URL: text('https://api.clerk.com'),
  CLERK_JWT_KEY: z.string().optional().transform((v) => (v ?? '').trim().replace(/\\n/g, '\n')),
  CLERK_JWKS_URL: text(''),
  CLERK_ISSUER: text(''),
  CLERK_AUTHORIZED_PARTIES: list(),
  CLERK_LEEWAY: number(10, 0),
  CORS_ORIGINS: list(),
  SECURITY_HEADER_X_CONTENT_TYPE_OPTIONS: text('nosniff'),
  SECURITY_HEADER_X_FRAME_OPTIONS: text('DENY'),
  SECURITY_HEADER_REFERRER_POLICY: text('strict-origin-when-cross-origin'),
  SECURITY_HEADER_PERMISSIONS_POLICY: text(''),
  TRUSTED_PROXIES: list(),
  RATE_LIMIT_BACKEND: oneOf(['memory', 'redis'] as const, 'memory'),
  RATE_LIMIT_REDIS_URL: text(''),
  WEBHOOK_MAX_PAYLOAD_BYTES: integer(1_048_576, 1, 100 * 1024 * 1024),
  GATEWAY_MIN_VERSION: text('2026.02.9'),
  LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
  LOG_FORMAT: oneOf(['text', 'json'] as const, 'text'),
  REQUEST_LOG_SLOW_MS: integer(1000, 0),
  REQUEST_LOG_INCLUDE_HEALTH: boolean(false),
  SECRETS_KEY: text(''),
  AGENT_CHECKIN_DEADLINE_SECONDS: integer(30, 1, 86_400),
  AGENT_MAX_WAKE_ATTEMPTS: integer(3, 1, 100),
  GATEWAY_COORDINATION_TIMEOUT_SECONDS: integer(45, 1, 600),
  AGENT_PRESENCE_SYNC_SECONDS: integer(60, 1, 3_600),
  AGENT_OFFLINE_AFTER_SECONDS: integer(600, 5, 86_400),
  METRICS_ENABLED: boolean(false),
  METRICS_TOKEN: text(''),
  SOULS_DIRECTORY_URL: text('https://souls.directory'),
  SKILL_PACK_GIT_MIRROR: text(''),
});

export type Config = ReturnType<typeof shape>;

/** A setting that cannot be used; the message names the variable and the rule. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    rule: string,
  ) {
    super(`Invalid setting ${variable}: ${rule}`);
  }
}

function shape(v: z.output<typeof schema>) {
  const host = v.HOST || '127.0.0.1';
  const listenHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    host,
    port: v.PORT,
    dataDir: resolve(v.DATA_DIR || './data'),
    baseUrl: (v.BASE_URL || `http://${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${v.PORT}`).replace(/\/+$/, ''),
    baseUrlExplicit: Boolean(v.BASE_URL),
    databaseUrl: v.DATABASE_URL || null,
    autoMigrate: v.DB_AUTO_MIGRATE,
    authMode: v.AUTH_MODE,
    /** Filled from the data directory at startup when the environment does not set it. */
    localAuthToken: v.LOCAL_AUTH_TOKEN || null,
    clerk: {
      secretKey: v.CLERK_SECRET_KEY || null,
      apiUrl: v.CLERK_API_URL.replace(/\/+$/, '').replace(/(?<!\/v1)$/, '/v1'),
      jwtKey: v.CLERK_JWT_KEY || null,
      jwksUrl: v.CLERK_JWKS_URL || null,
      issuer: v.CLERK_ISSUER || null,
      authorizedParties: v.CLERK_AUTHORIZED_PARTIES,
      leewaySeconds: v.CLERK_LEEWAY,
    },
    corsOrigins: v.CORS_ORIGINS,
    securityHeaders: {
      'x-content-type-options': v.SECURITY_HEADER_X_CONTENT_TYPE_OPTIONS,
      'x-frame-options': v.SECURITY_HEADER_X_FRAME_OPTIONS,
      'referrer-policy': v.SECURITY_HEADER_REFERRER_POLICY,
      'permissions-policy': v.SECURITY_HEADER_PERMISSIONS_POLICY,
    } as Record<string, string>,
    trustedProxies: v.TRUSTED_PROXIES,
    rateLimit: { backend: v.RATE_LIMIT_BACKEND, redisUrl: v.RATE_LIMIT_REDIS_URL || null },
    webhookMaxPayloadBytes: v.WEBHOOK_MAX_PAYLOAD_BYTES,
    gatewayMinVersion: v.GATEWAY_MIN_VERSION || '2026.1.30',
    log: {
      level: v.LOG_LEVEL,
      format: v.LOG_FORMAT,
      slowMs: v.REQUEST_LOG_SLOW_MS,
      includeHealth: v.REQUEST_LOG_INCLUDE_HEALTH,
    },
    /** Prometheus `/metrics`: off unless enabled; a token, when set, is required as a Bearer token. */
    metrics: { enabled: v.METRICS_ENABLED, token: v.METRICS_TOKEN || null },
    /** Key for secrets at rest; filled from the data directory at startup when unset. */
    secretsKey: v.SECRETS_KEY || null,
    agents: {
      checkinDeadlineMs: v.AGENT_CHECKIN_DEADLINE_SECONDS * 1000,
      maxWakeAttempts: v.AGENT_MAX_WAKE_ATTEMPTS,
      /** How long a synchronous coordination message (nudge, SOUL, ask-user, lead message) retries an unreachable gateway. */
      coordinationTimeoutMs: v.GATEWAY_COORDINATION_TIMEOUT_SECONDS * 1000,
      presenceSyncMs: v.AGENT_PRESENCE_SYNC_SECONDS * 1000,
      /** An agent not heard from for longer than this is shown offline. */
      offlineAfterMs: v.AGENT_OFFLINE_AFTER_SECONDS * 1000,
    },
    /** Base URL of the souls directory (sitemap, pages and raw markdown). */
    soulsDirectoryUrl: (v.SOULS_DIRECTORY_URL || 'https://souls.directory').replace(/\/+$/, ''),
    /**
     * Skill packs are still validated as https://github.com/<owner>/<repo>; when set, git clones
     * `<mirror>/<owner>/<repo>` instead (an internal mirror, or a file:// directory of repositories).
     */
    skills: { gitMirror: v.SKILL_PACK_GIT_MIRROR ? v.SKILL_PACK_GIT_MIRROR.replace(/\/+$/, '') : null },
  };
}

/** Rules that involve more than one setting, checked after each value parsed on its own. */
function crossCheck(config: Config): void {
  if (config.authMode === 'local' && config.localAuthToken !== null) {
    const token = config.localAuthToken;
    if (weakLocalToken(token)) {
      throw new ConfigError(
        'LOCAL_AUTH_TOKEN',
        'must be at least 50 characters and not a placeholder when AUTH_MODE=local (leave it unset to have one generated)',
      );
    }
  }
  if (config.authMode === 'clerk' && !config.clerk.jwtKey && !config.clerk.jwksUrl) {
    throw new ConfigError('CLERK_JWT_KEY', 'set CLERK_JWT_KEY (PEM public key) or CLERK_JWKS_URL when AUTH_MODE=clerk');
  }
  if (config.clerk.jwksUrl && !absoluteHttpUrl(config.clerk.jwksUrl)) {
    throw new ConfigError('CLERK_JWKS_URL', 'must be an absolute http(s) URL');
  }
  if (!absoluteHttpUrl(config.baseUrl)) {
    throw new ConfigError('BASE_URL', 'must be an absolute http(s) URL (e.g. http://localhost:8000)');
  }
  if (config.databaseUrl && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL (leave unset for the embedded database)');
  }
  if (config.rateLimit.backend === 'redis' && !config.rateLimit.redisUrl) {
    throw new ConfigError('RATE_LIMIT_REDIS_URL', 'must be set when RATE_LIMIT_BACKEND=redis');
  }
  if (config.rateLimit.redisUrl && !/^rediss?:\/\//.test(config.rateLimit.redisUrl)) {
    throw new ConfigError('RATE_LIMIT_REDIS_URL', 'must be a redis:// or rediss:// URL');
  }
  if (!parseCalVer(config.gatewayMinVersion)) {
    throw new ConfigError('GATEWAY_MIN_VERSION', "must be a CalVer version 'YYYY.M.D' or 'YYYY.M.D-REV' (e.g. 2026.2.9)");
  }
  if (config.metrics.token !== null && config.metrics.token.length < 16) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters (or unset)');
  }
  if (!absoluteHttpUrl(config.soulsDirectoryUrl)) {
    throw new ConfigError('SOULS_DIRECTORY_URL', 'must be an absolute http(s) URL (default https://souls.directory)');
  }
  if (config.skills.gitMirror !== null && !/^(https|file):\/\/./.test(config.skills.gitMirror)) {
    throw new ConfigError('SKILL_PACK_GIT_MIRROR', 'must be an https:// or file:// URL (or unset)');
  }
  if (config.secretsKey !== null && Buffer.from(config.secretsKey, 'base64').length !== 32) {
    throw new ConfigError('SECRETS_KEY', 'must be 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)');
  }
}

/**
 * Builds the typed configuration from the process environment, with `./.env` filling in what the
 * environment does not set. Throws ConfigError naming the first variable that is unusable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = resolve('.env')): Config {
  const merged: Record<string, string | undefined> = { ...readEnvFile(envFile) };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const config = shape(parsed.data);
  crossCheck(config);
  return config;
}
