import { createPublicKey } from 'node:crypto';
import { createRemoteJWKSet, importSPKI, jwtVerify, type CryptoKey, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config';

export interface ClerkIdentity {
  subject: string;
  email: string | null;
  name: string | null;
}

type Key = CryptoKey | Uint8Array | JWTVerifyGetKey;

/** Verifies Clerk session JWTs without calling Clerk: against a PEM key or a JWKS URL. */
export class ClerkVerifier {
  private keyPromise: Promise<Key> | null = null;

  constructor(private readonly settings: Config['clerk']) {}

  private key(): Promise<Key> {
    if (!this.keyPromise) {
      const { jwtKey, jwksUrl } = this.settings;
      if (jwtKey) {
        const algorithm = createPublicKey(jwtKey).asymmetricKeyType === 'ec' ? 'ES256' : 'RS256';
        this.keyPromise = importSPKI(jwtKey, algorithm);
      } else if (jwksUrl) {
        this.keyPromise = Promise.resolve(createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000 }));
      } else {
        this.keyPromise = Promise.reject(new Error('no Clerk verification key configured'));
      }
    }
    return this.keyPromise;
  }

  /** The identity in a valid token, or null for any token that does not verify. */
  async verify(token: string): Promise<ClerkIdentity | null> {
    try {
      const key = await this.key();
      const { payload } = await jwtVerify(token, key as never, {
        clockTolerance: this.settings.leewaySeconds,
        issuer: this.settings.issuer ?? undefined,
        requiredClaims: ['sub', 'exp'],
      });
      if (!payload.sub) return null;
      const parties = this.settings.authorizedParties;
      if (parties.length && payload.azp !== undefined && !parties.includes(String(payload.azp))) return null;
      return { subject: payload.sub, email: emailFrom(payload), name: nameFrom(payload) };
    } catch {
      return null;
    }
  }
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** The e-mail in a session token's claims, in the order Clerk templates commonly put it. */
export function emailFrom(claims: JWTPayload): string | null {
  const direct = str(claims.email) ?? str(claims.email_address) ?? str(claims.primary_email_address);
  if (direct) return direct.toLowerCase();
  const list = Array.isArray(claims.email_addresses) ? claims.email_addresses : [];
  const primaryId = str(claims.primary_email_address_id);
  const entries = list.map((item) =>
    typeof item === 'string' ? { id: null, email: str(item) } : { id: str(item?.id), email: str(item?.email_address ?? item?.email) },
  );
  const chosen = entries.find((e) => primaryId && e.id === primaryId && e.email) ?? entries.find((e) => e.email);
  return chosen?.email?.toLowerCase() ?? null;
}

export function nameFrom(claims: JWTPayload): string | null {
  const full = str(claims.name) ?? str(claims.full_name);
  if (full) return full;
  const parts = [str(claims.given_name) ?? str(claims.first_name), str(claims.family_name) ?? str(claims.last_name)].filter(Boolean);
  return parts.length ? parts.join(' ') : null;
}
