import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Creates the data directory (owner-only) if it does not exist yet. */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

/**
 * Reads a generated secret from the data directory, creating it (readable only by the owner) on
 * first use. Returns the value and whether it was created just now.
 */
export function ensureSecretFile(dataDir: string, name: string, make: () => string): { value: string; created: boolean } {
  ensureDataDir(dataDir);
  const path = join(dataDir, name);
  if (existsSync(path)) {
    chmodSync(path, 0o600);
    return { value: readFileSync(path, 'utf8').trim(), created: false };
  }
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return { value, created: true };
}

export const LOCAL_TOKEN_FILE = 'local-auth-token';
export const SECRETS_KEY_FILE = 'secrets.key';

export const newLocalToken = () => randomBytes(48).toString('base64url');
export const newSecretsKey = () => randomBytes(32).toString('base64');
