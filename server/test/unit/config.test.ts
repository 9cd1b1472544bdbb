import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

const NO_FILE = '/nonexistent/.env';
const load = (env: Record<string, string>) => loadConfig(env, NO_FILE);
const failure = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the configuration to be refused');
};

describe('configuration', () => {
  it('works with nothing set: local auth, port 8000, ./data, base URL from the listen address', () => {
    const config = load({});
    expect(config.authMode).toBe('local');
    expect(config.port).toBe(8000);
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.baseUrl).toBe('http://127.0.0.1:8000');
    expect(config.localAuthToken).toBeNull();
    expect(config.autoMigrate).toBe(true);
    expect(config.securityHeaders['x-frame-options']).toBe('DENY');
    expect(config.corsOrigins).toEqual([]);
  });

  it.each([
    [{ LOCAL_AUTH_TOKEN: 'short' }, 'LOCAL_AUTH_TOKEN'],
    [{ LOCAL_AUTH_TOKEN: 'change-me' }, 'LOCAL_AUTH_TOKEN'],
    // BR-22: an example token padded up to the minimum length is still the example.
    [{ LOCAL_AUTH_TOKEN: 'replace-with-strong-random-token'.padEnd(60, 'x') }, 'LOCAL_AUTH_TOKEN'],
    [{ AUTH_MODE: 'ldap' }, 'AUTH_MODE'],
    [{ BASE_URL: 'localhost:8000' }, 'BASE_URL'],
    [{ BASE_URL: 'ftp://example.test' }, 'BASE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DB_AUTO_MIGRATE: 'maybe' }, 'DB_AUTO_MIGRATE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ REQUEST_LOG_SLOW_MS: '-1' }, 'REQUEST_LOG_SLOW_MS'],
    [{ RATE_LIMIT_BACKEND: 'redis' }, 'RATE_LIMIT_REDIS_URL'],
    [{ RATE_LIMIT_BACKEND: 'memcached' }, 'RATE_LIMIT_BACKEND'],
    [{ GATEWAY_MIN_VERSION: 'latest' }, 'GATEWAY_MIN_VERSION'],
    // Accepted at startup means accepted by the gateway version check too (one parser for both).
    [{ GATEWAY_MIN_VERSION: '2026.3.1+build' }, 'GATEWAY_MIN_VERSION'],
    [{ GATEWAY_MIN_VERSION: '2026.3.1.beta' }, 'GATEWAY_MIN_VERSION'],
    [{ WEBHOOK_MAX_PAYLOAD_BYTES: '0' }, 'WEBHOOK_MAX_PAYLOAD_BYTES'],
    [{ AUTH_MODE: 'clerk' }, 'CLERK_JWT_KEY'],
    [{ AUTH_MODE: 'clerk', CLERK_JWKS_URL: 'not a url' }, 'CLERK_JWKS_URL'],
    [{ SECRETS_KEY: 'c2hvcnQ=' }, 'SECRETS_KEY'],
  ])('refuses %o naming %s', (env, variable) => {
    const error = failure(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('accepts a strong token, trims a trailing slash from BASE_URL and reads lists', () => {
    const config = load({
      LOCAL_AUTH_TOKEN: 'a'.repeat(50),
      BASE_URL: 'https://mc.example.test/',
      CORS_ORIGINS: 'http://a.test, http://b.test',
      SECURITY_HEADER_X_FRAME_OPTIONS: '',
    });
    expect(config.localAuthToken).toBe('a'.repeat(50));
    expect(config.baseUrl).toBe('https://mc.example.test');
    expect(config.corsOrigins).toEqual(['http://a.test', 'http://b.test']);
    expect(config.securityHeaders['x-frame-options']).toBe('');
  });

  it('reads .env for what the environment does not set, the environment winning', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'mc-env-'));
    writeFileSync(join(dir, '.env'), '# comment\nPORT=9100\nexport LOG_FORMAT="json"\nHOST=0.0.0.0\n');
    const config = loadConfig({ HOST: '127.0.0.2' }, join(dir, '.env'));
    expect(config.port).toBe(9100);
    expect(config.log.format).toBe('json');
    expect(config.host).toBe('127.0.0.2');
  });
});
