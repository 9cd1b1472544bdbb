import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (webhook secrets; usable for any other stored credential): AES-256-GCM under the
 * process's SECRETS_KEY (32 bytes, base64; generated into the data directory when unset).
 * Stored as `v1:<iv>:<tag>:<ciphertext>` (base64url parts).
 */
const PREFIX = 'v1';

function keyOf(secretsKey: string | null): Buffer {
  const key = Buffer.from(secretsKey ?? '', 'base64');
  if (key.length !== 32) throw new Error('SECRETS_KEY is not configured');
  return key;
}

export function sealSecret(secretsKey: string | null, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretsKey), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
}

/** The plain secret, or throws when it was sealed under another key or tampered with. */
export function openSecret(secretsKey: string | null, sealed: string): string {
  const [prefix, iv, tag, body] = sealed.split(':');
  if (prefix !== PREFIX || !iv || !tag || body === undefined) throw new Error('unrecognised sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secretsKey), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
