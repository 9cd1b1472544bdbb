// Per-file fixture: one fake model and one real gateway of the version under test.
import { afterAll, beforeAll } from 'vitest';
import { startFakeModel, type FakeModel } from './fake-model';
import { OPENCLAW_VERSION, startGateway, type RunningGateway, type StartGatewayOptions } from './gateway';

export interface GatewayFixture {
  gateway: RunningGateway;
  fake: FakeModel;
  version: string;
  protocol: number;
}

export function useGateway(options: Omit<StartGatewayOptions, 'modelBaseUrl'> = {}): GatewayFixture {
  const fixture = { version: OPENCLAW_VERSION, protocol: Number(process.env.PROTOCOL ?? '4') } as GatewayFixture;
  beforeAll(async () => {
    fixture.fake = await startFakeModel();
    fixture.gateway = await startGateway({ ...options, modelBaseUrl: fixture.fake.baseUrl });
  }, 180_000);
  afterAll(async () => {
    await fixture.gateway?.stop();
    await fixture.fake?.stop();
  }, 60_000);
  return fixture;
}
