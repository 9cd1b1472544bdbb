// Mission Control next to a real gateway for e2e files: the full app listening on a loopback
// port (agents call it back at BASE_URL), its worker running, and our own gateway client for
// looking at the gateway directly.
import { GatewayConnection } from '../../../server/src/gateway/connection';
import { createDeviceIdentity } from '../../../server/src/gateway/identity';
import { GatewayRpc } from '../../../server/src/gateway/rpc';
import { createTestApp, type TestApp } from '../../../server/test/support/app';
import { freePort } from '../../../server/test/support/process';

export interface MissionControlOnGateway {
  t: TestApp;
  conn: GatewayConnection;
  rpc: GatewayRpc;
  stop(): Promise<void>;
}

export async function startMissionControl(gateway: { url: string; token: string }, env: Record<string, string> = {}): Promise<MissionControlOnGateway> {
  const port = await freePort();
  const t = await createTestApp({ BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'info', ...env });
  await t.app.listen({ host: '127.0.0.1', port });
  t.services.worker.start();
  const conn = new GatewayConnection({ url: gateway.url, token: gateway.token, identity: createDeviceIdentity() });
  const rpc = new GatewayRpc(conn);
  await conn.ready(60_000);
  return {
    t,
    conn,
    rpc,
    stop: async () => {
      await t.services.worker.stop();
      await conn.close();
      await t.close();
    },
  };
}
