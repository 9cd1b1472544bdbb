// Optional vitest globalSetup for the gateway projects: one gateway (and fake model) per
// project, shared by the test files that do not need a gateway of their own. Enable with
//   globalSetup: ['e2e/gateway/harness/global-setup.ts']
// in the gateway projects; without it every file starts its own gateway (slower, same result).
import type { TestProject } from 'vitest/node';
import { startFakeModel } from './fake-model';
import { OPENCLAW_VERSION, startGateway } from './gateway';

export interface SharedGateway {
  version: string;
  url: string;
  token: string;
  workspaceRoot: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    openclawGateway: SharedGateway | null;
  }
}

export default async function setup(project: TestProject) {
  const version = String(project.config.env?.OPENCLAW_VERSION ?? OPENCLAW_VERSION);
  const fake = await startFakeModel();
  const gateway = await startGateway({ version, modelBaseUrl: fake.baseUrl });
  project.provide('openclawGateway', { version, url: gateway.url, token: gateway.token, workspaceRoot: gateway.workspaceRoot });
  return async () => {
    await gateway.stop();
    await fake.stop();
  };
}
