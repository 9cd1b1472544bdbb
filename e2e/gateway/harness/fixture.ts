// Per-file fixture: a real gateway of the version under test (OPENCLAW_VERSION / PROTOCOL).
// `shared` files use the project's gateway from global-setup.ts when it is configured;
// otherwise, and for files that kill or freeze their gateway, the file starts its own.
import { afterAll, beforeAll, inject } from 'vitest';
import { startFakeModel, type FakeModel } from './fake-model';
import { OPENCLAW_VERSION, startGateway, type StartGatewayOptions } from './gateway';

export interface GatewayHandle {
  url: string;
  token: string;
  workspaceRoot: string;
}

export interface GatewayFixture {
  gateway: GatewayHandle;
  version: string;
  protocol: number;
}

export interface OwnGatewayFixture extends GatewayFixture {
  gateway: Awaited<ReturnType<typeof startGateway>>;
  fake: FakeModel;
}

function base() {
  return { version: OPENCLAW_VERSION, protocol: Number(process.env.PROTOCOL ?? '4') };
}

/** A gateway this file may share with other files (it must not stop, kill or freeze it). */
export function useSharedGateway(): GatewayFixture {
  const shared = inject('openclawGateway' as never) as GatewayHandle | null | undefined;
  if (!shared) return useOwnGateway();
  return { ...base(), gateway: shared };
}

/** A gateway only this file uses, with its fake model (and optional config overrides). */
export function useOwnGateway(options: Pick<StartGatewayOptions, 'config'> = {}): OwnGatewayFixture {
  const fixture = base() as OwnGatewayFixture;
  beforeAll(async () => {
    fixture.fake = await startFakeModel();
    fixture.gateway = await startGateway({ ...options, version: fixture.version, modelBaseUrl: fixture.fake.baseUrl });
  }, 180_000);
  afterAll(async () => {
    await fixture.gateway?.stop();
    await fixture.fake?.stop();
  }, 60_000);
  return fixture;
}
