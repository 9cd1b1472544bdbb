// The connect request: who we say we are, what we ask for, how we prove it. Pure.
import { signDeviceBlock, type DeviceBlock, type DeviceIdentity } from './identity';

export const MIN_PROTOCOL = 3;
export const MAX_PROTOCOL = 4;

export const OPERATOR_SCOPES = [
  'operator.read',
  'operator.write',
  'operator.admin',
  'operator.approvals',
  'operator.pairing',
] as const;

/**
 * `backend`: the reserved local-backend client (`gateway-client`/`backend`); a gateway on the
 * same host grants the requested scopes without pairing, a remote one pairs the signed device.
 * `control-ui`: the Control UI client with an Origin header and no device, for gateways that
 * run with `gateway.controlUi.dangerouslyDisableDeviceAuth` (older gateways only; 2026.9.6
 * retired the switch and rejects it with CONTROL_UI_DEVICE_IDENTITY_REQUIRED).
 */
export type ClientMode = 'backend' | 'control-ui';

export interface ConnectCredentials {
  token?: string | null;
  password?: string | null;
  deviceToken?: string | null;
}

export interface ConnectParamsInput {
  mode: ClientMode;
  credentials: ConnectCredentials;
  /** Signed in backend mode when present. */
  identity?: DeviceIdentity | null;
  nonce: string;
  nowMs: number;
  clientVersion: string;
  platform: string;
  displayName?: string;
  scopes?: readonly string[];
}

export interface ConnectParams {
  minProtocol: number;
  maxProtocol: number;
  client: { id: string; version: string; platform: string; mode: string; displayName?: string };
  role: 'operator';
  scopes: string[];
  auth?: { token?: string; password?: string; deviceToken?: string };
  device?: DeviceBlock;
}

/**
 * The `client.platform` we report: the host OS as gateways record it at pairing (`linux`,
 * `darwin`, `windows`). Gateways from 2026.4 on pin it per paired device and refuse a connect
 * that reports another one, so it must be the same on every connect from this host.
 */
export function clientPlatform(nodePlatform: string = process.platform): string {
  return nodePlatform === 'win32' ? 'windows' : nodePlatform;
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function buildConnectParams(input: ConnectParamsInput): ConnectParams {
  const client =
    input.mode === 'control-ui'
      ? { id: 'openclaw-control-ui', mode: 'ui' }
      : { id: 'gateway-client', mode: 'backend' };
  const scopes = [...(input.scopes ?? OPERATOR_SCOPES)];
  const token = clean(input.credentials.token);
  const password = clean(input.credentials.password);
  const deviceToken = clean(input.credentials.deviceToken);

  // The shared secret wins; a device token issued after pairing stands in when there is none.
  const auth: NonNullable<ConnectParams['auth']> = {};
  if (token) auth.token = token;
  else if (password) auth.password = password;
  else if (deviceToken) auth.deviceToken = deviceToken;

  const params: ConnectParams = {
    minProtocol: MIN_PROTOCOL,
    maxProtocol: MAX_PROTOCOL,
    client: { id: client.id, version: input.clientVersion, platform: input.platform, mode: client.mode },
    role: 'operator',
    scopes,
  };
  if (input.displayName) params.client.displayName = input.displayName;
  if (Object.keys(auth).length) params.auth = auth;
  if (input.mode === 'backend' && input.identity) {
    params.device = signDeviceBlock(input.identity, {
      clientId: client.id,
      clientMode: client.mode,
      role: 'operator',
      scopes,
      signedAtMs: input.nowMs,
      token: auth.token ?? auth.deviceToken ?? null,
      nonce: input.nonce,
      platform: input.platform,
      deviceFamily: null,
    });
  }
  return params;
}

/** Origin header for control-UI mode: http(s)://host[:port] of the ws(s) URL. */
export function controlUiOrigin(url: string): string {
  const parsed = new URL(url);
  const scheme = parsed.protocol === 'wss:' ? 'https:' : 'http:';
  return `${scheme}//${parsed.host}`;
}

export interface HelloInfo {
  protocol: number;
  serverVersion: string | null;
  /** `server.buildId` (2026.9 on), e.g. `2026.9.6-release-<commit>-<date>`. */
  serverBuildId: string | null;
  connId: string | null;
  methods: string[];
  events: string[];
  scopes: string[];
  role: string | null;
  authMethod: string | null;
  deviceToken: string | null;
  tickIntervalMs: number | null;
  mainSessionKey: string | null;
  defaultAgentId: string | null;
  /** Hash of the configuration the gateway runs with (compare with `config.changed` events). */
  appliedConfigHash: string | null;
}

function rec(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function strOrNull(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

/** Reads what we need from a hello-ok payload; tolerant of fields older gateways leave out. */
export function parseHello(payload: unknown): HelloInfo | null {
  const hello = rec(payload);
  if (typeof hello.protocol !== 'number') return null;
  const server = rec(hello.server);
  const features = rec(hello.features);
  const auth = rec(hello.auth);
  const policy = rec(hello.policy);
  const defaults = rec(rec(hello.snapshot).sessionDefaults);
  return {
    protocol: hello.protocol,
    serverVersion: strOrNull(server.version),
    serverBuildId: strOrNull(server.buildId),
    connId: strOrNull(server.connId),
    methods: strings(features.methods),
    events: strings(features.events),
    scopes: strings(auth.scopes),
    role: strOrNull(auth.role),
    authMethod: strOrNull(auth.method),
    deviceToken: strOrNull(auth.deviceToken),
    tickIntervalMs: typeof policy.tickIntervalMs === 'number' ? policy.tickIntervalMs : null,
    mainSessionKey: strOrNull(defaults.mainSessionKey),
    defaultAgentId: strOrNull(defaults.defaultAgentId),
    appliedConfigHash: strOrNull(rec(hello.snapshot).appliedConfigHash),
  };
}
