import { defineConfig } from 'vitest/config';

// One project per place a test runs against (`extends: true`: the root timeouts apply to each).
// Database tests run twice: on embedded PGlite and on the real PostgreSQL server; gateway tests
// run against both OpenClaw generations; `security` runs whole-server checks (raw sockets,
// separate processes, Redis) one file at a time.
const http = ['server/test/http/**/*.test.ts'];
const gateway = ['e2e/gateway/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two files at a time even on a 2-core machine: the gateway files spend most of their time
    // waiting on real gateways and agents (wake-ups, check-in deadlines), so a database or
    // browser file runs beside them instead of after them (Vitest's default here would be one).
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['server/test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'process', include: ['server/test/process/**/*.test.ts'], testTimeout: 120_000 } },
      { extends: true, test: { name: 'pglite', include: http, env: { MC_TEST_DB: 'pglite' } } },
      { extends: true, test: { name: 'postgres', include: http, env: { MC_TEST_DB: 'postgres' } } },
      {
        extends: true,
        test: {
          name: 'gateway-2026.9.6',
          include: gateway,
          env: { OPENCLAW_VERSION: '2026.9.6', PROTOCOL: '4', MC_TEST_DB: 'pglite' },
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'gateway-2026.3.31',
          include: gateway,
          env: { OPENCLAW_VERSION: '2026.3.31', PROTOCOL: '3', MC_TEST_DB: 'postgres' },
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'security',
          include: ['server/test/security/**/*.test.ts'],
          env: { MC_TEST_DB: 'pglite' },
          fileParallelism: false,
          testTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['e2e/browser/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
