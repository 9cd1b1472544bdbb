// Ed25519 device identity of a Mission Control installation and the signed `device` block of
// the connect request. The private key never leaves this process except into the caller's
// store (the database, encrypted by the server layer).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';

export interface DeviceIdentity {
  /** Lowercase hex SHA-256 of the raw 32-byte public key. */
  deviceId: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

/** SPKI DER prefix of an Ed25519 public key; the raw key is the 32 bytes that follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function rawPublicKey(publicKeyPem: string): Buffer {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  if (der.length !== ED25519_SPKI_PREFIX.length + 32 || !der.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX)) {
    throw new Error('device public key is not an Ed25519 key');
  }
  return der.subarray(ED25519_SPKI_PREFIX.length);
}

export function deviceIdFromPublicKey(publicKeyPem: string): string {
  return createHash('sha256').update(rawPublicKey(publicKeyPem)).digest('hex');
}

export function createDeviceIdentity(): DeviceIdentity {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { deviceId: deviceIdFromPublicKey(publicKeyPem), publicKeyPem, privateKeyPem };
}

/** Re-derives the id from the keys and checks that the pair belongs together. */
export function validateDeviceIdentity(identity: DeviceIdentity): DeviceIdentity {
  const derived = createPublicKey(createPrivateKey(identity.privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
  if (!rawPublicKey(derived).equals(rawPublicKey(identity.publicKeyPem))) {
    throw new Error('device identity keys do not match');
  }
  const deviceId = deviceIdFromPublicKey(identity.publicKeyPem);
  if (deviceId !== identity.deviceId) throw new Error('device identity id does not match its public key');
  return identity;
}

export interface DeviceSignatureFields {
  deviceId: string;
  clientId: string;
  clientMode: string;
  role: string;
  scopes: readonly string[];
  signedAtMs: number;
  /** auth.token, else auth.deviceToken, else auth.bootstrapToken, else empty. */
  token: string | null;
  nonce: string;
  platform?: string | null;
  deviceFamily?: string | null;
}

function normalizeMetadata(value: string | null | undefined): string {
  return (value ?? '').trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The string the device signs. v3 (accepted by protocol-4 and protocol-3 gateways alike) adds
 * the client platform and device family; v2 is the older form without them.
 */
export function deviceSignaturePayload(fields: DeviceSignatureFields, version: 'v2' | 'v3' = 'v3'): string {
  const base = [
    version,
    fields.deviceId,
    fields.clientId,
    fields.clientMode,
    fields.role,
    fields.scopes.join(','),
    String(fields.signedAtMs),
    fields.token ?? '',
    fields.nonce,
  ];
  if (version === 'v3') base.push(normalizeMetadata(fields.platform), normalizeMetadata(fields.deviceFamily));
  return base.join('|');
}

export interface DeviceBlock {
  id: string;
  publicKey: string;
  signature: string;
  signedAt: number;
  nonce: string;
}

export function signDeviceBlock(
  identity: DeviceIdentity,
  fields: Omit<DeviceSignatureFields, 'deviceId'>,
  version: 'v2' | 'v3' = 'v3',
): DeviceBlock {
  const payload = deviceSignaturePayload({ ...fields, deviceId: identity.deviceId }, version);
  const signature = sign(null, Buffer.from(payload, 'utf8'), createPrivateKey(identity.privateKeyPem));
  return {
    id: identity.deviceId,
    publicKey: rawPublicKey(identity.publicKeyPem).toString('base64url'),
    signature: signature.toString('base64url'),
    signedAt: fields.signedAtMs,
    nonce: fields.nonce,
  };
}
