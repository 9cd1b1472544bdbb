// BR-44: gateway URL validation. Explicit default ports (which URL parsers drop), IPv6 hosts,
// paths and surrounding blanks are valid; anything that is not ws(s)://host[:port][/path] is not.
// (The API, with a real gateway behind the valid ones: e2e/gateway/bug-cases-connect.test.ts.)
import { describe, expect, it } from 'vitest';
import { GatewayCreate, GatewayUpdate } from '../../../src/routes/gateways/schemas';

const create = (url: string) => GatewayCreate.safeParse({ name: 'G', url, workspace_root: '/srv/openclaw' });

describe('BR-44 gateway URLs', () => {
  it.each([
    ['wss://gw.example.test:443', 'wss://gw.example.test:443'],
    ['ws://127.0.0.1:80', 'ws://127.0.0.1:80'],
    ['wss://[::1]:8443', 'wss://[::1]:8443'],
    ['wss://gw.example.test:443/gateway', 'wss://gw.example.test:443/gateway'],
    ['  ws://127.0.0.1:18789  ', 'ws://127.0.0.1:18789'],
    ['WSS://GW.example.test', 'WSS://GW.example.test'],
  ])('accepts %j, stored as %j', (input, stored) => {
    const parsed = create(input);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data!.url).toBe(stored);
    expect(GatewayUpdate.safeParse({ url: input }).success).toBe(true);
  });

  it.each(['https://gw.example.test:443', 'http://localhost:18789', 'wss://gw.example.test:65536', 'not-a-url', '', '   ', 'ws://', 'wss://[::1:8443'])(
    'rejects %j with the reason',
    (input) => {
      const parsed = create(input);
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((i) => i.message)).toContain('url must be a ws:// or wss:// URL');
    },
  );
});
