import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Agent tokens are `mca_<prefix>.<secret>`: the prefix (stored in clear, unique) finds the agent in
 * one indexed lookup; the secret is verified against a salted hash. The reference hashed with
 * PBKDF2 and scanned every agent (O(N) PBKDF2 runs per request); a 256-bit random secret needs
 * no key stretching, so one SHA-256 comparison in constant time is as strong and O(1).
 */
export interface MintedToken {
  token: string;
  prefix: string;
  hash: string;
}

const PATTERN = /^mca_([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

function digest(salt: string, secret: string): string {
  return createHash('sha256').update(salt).update('\0').update(secret).digest('base64url');
}

export function mintAgentToken(): MintedToken {
  const prefix = randomBytes(12).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('base64url');
  return { token: `mca_${prefix}.${secret}`, prefix, hash: `sha256$${salt}$${digest(salt, secret)}` };
}

/** The prefix of a well-formed token, or null (malformed tokens never reach the database). */
export function tokenPrefix(token: string): string | null {
  return PATTERN.exec(token.trim())?.[1] ?? null;
}

export function verifyAgentToken(token: string, stored: string | null): boolean {
  const match = PATTERN.exec(token.trim());
  if (!match || !stored) return false;
  const [scheme, salt, expected] = stored.split('$');
  if (scheme !== 'sha256' || !salt || !expected) return false;
  const actual = Buffer.from(digest(salt, match[2]));
  const wanted = Buffer.from(expected);
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

/** What may be logged about a presented token: never more than its first 6 characters. */
export const tokenHint = (token: string) => `${token.slice(0, 6)}…`;


/**
 * Column values for a token rotation. The token the agent last proved it holds stays valid as
 * the previous one until the agent uses the new token: rotating twice before that keeps the
 * older, still-held token rather than one the agent never received.
 */
export function rotatedTokenColumns(agent: { agentTokenPrefix: string | null; agentTokenHash: string | null; previousTokenPrefix: string | null; previousTokenHash: string | null }) {
  const minted = mintAgentToken();
  const keepPrevious = agent.previousTokenPrefix !== null;
  return {
    token: minted.token,
    columns: {
      agentTokenPrefix: minted.prefix,
      agentTokenHash: minted.hash,
      previousTokenPrefix: keepPrevious ? agent.previousTokenPrefix : agent.agentTokenPrefix,
      previousTokenHash: keepPrevious ? agent.previousTokenHash : agent.agentTokenHash,
    },
  };
}
