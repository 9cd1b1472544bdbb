// Agent authentication cost against the number of agents: the reference verified the presented
// token against every stored hash (O(N) PBKDF2); ours finds the agent by token prefix (O(1)).
// Measures the same authenticated request with 1, 100 and 1,000 agents in one run and prints the
// ratio of each to the 1-agent case (flat ≈ 1.0).
import { mintAgentToken } from '../server/src/auth/agent-tokens';
import { agents } from '../server/src/db/schema';
import { createTestApp } from '../server/test/support/app';
import { seedBoard } from '../server/test/support/agents';

const ROUNDS = Number(process.env.ROUNDS ?? 400);

async function setup(size: number) {
  const t = await createTestApp({ LOG_LEVEL: 'warn' }, 'pglite');
  const { gateway, board } = await seedBoard(t.services);
  const rows = [];
  let probe = '';
  for (let i = 0; i < size; i++) {
    const minted = mintAgentToken();
    if (i === 0) probe = minted.token;
    rows.push({ gatewayId: gateway.id, boardId: board.id, name: `a${i}`, agentTokenPrefix: minted.prefix, agentTokenHash: minted.hash });
  }
  for (let i = 0; i < rows.length; i += 500) await t.services.db.insert(agents).values(rows.slice(i, i + 500));
  await t.services.database.exec('ANALYZE agents');
  return { size, t, probe, times: [] as number[] };
}

async function main() {
  // One database per size, measured in interleaved rounds so warm-up and GC hit all sizes alike.
  const setups = [];
  for (const size of [1, 100, 1000]) setups.push(await setup(size));
  for (let round = 0; round < ROUNDS + 50; round++) {
    for (const s of setups) {
      const started = process.hrtime.bigint();
      const res = await s.t.app.inject({ method: 'GET', url: '/api/v1/agent/healthz', headers: { 'x-agent-token': s.probe } });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (res.statusCode !== 200) throw new Error(`unexpected ${res.statusCode}`);
      if (round >= 50) s.times.push(elapsed);
    }
  }
  const stats = setups.map((s) => {
    const sorted = [...s.times].sort((a, b) => a - b);
    return { agents: s.size, p50: sorted[Math.floor(sorted.length / 2)], p90: sorted[Math.floor(sorted.length * 0.9)] };
  });
  console.log(`agent-authenticated GET /api/v1/agent/healthz, ${ROUNDS} interleaved rounds, PGlite`);
  console.log('agents   p50 ms   p90 ms   p50 ratio vs 1 agent');
  for (const r of stats) {
    console.log(`${String(r.agents).padStart(6)}   ${r.p50.toFixed(3).padStart(6)}   ${r.p90.toFixed(3).padStart(6)}   ${(r.p50 / stats[0].p50).toFixed(2)}`);
  }
  for (const s of setups) await s.t.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
