import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBoardLead } from '../../src/domain/agents/board-lead';
import { createTestApp, type TestApp } from '../support/app';
import { seedBoard } from '../support/agents';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const leadsOf = (boardId: string) =>
  t.services.database.query<{ id: string; name: string; openclaw_session_id: string; identity_profile: Record<string, string> }>(
    'SELECT id, name, openclaw_session_id, identity_profile FROM agents WHERE board_id = $1 AND is_board_lead',
    [boardId],
  );
const lifecycleJobs = (agentId: string) =>
  t.services.database.query<{ payload: { action: string; wake: boolean } }>("SELECT payload FROM jobs WHERE queue = 'agent.lifecycle' AND payload->>'agent_id' = $1", [agentId]);

describe('ensureBoardLead', () => {
  it('creates one lead with the lead session key and a provisioning job, then finds it', async () => {
    const { board } = await seedBoard(t.services, 'LeadOne');
    const first = await ensureBoardLead(t.services, board, { identityProfile: { emoji: ':rocket:' } });
    expect(first.created).toBe(true);
    expect(first.lead).toMatchObject({ name: 'Lead Agent', isBoardLead: true, boardId: board.id, status: 'provisioning', openclawSessionId: `agent:lead-${board.id}:main` });
    expect(first.lead.identityProfile).toEqual({ role: 'Board Lead', communication_style: 'direct, concise, practical', emoji: ':rocket:' });
    expect((await lifecycleJobs(first.lead.id)).map((j) => j.payload)).toMatchObject([{ action: 'provision', wake: true }]);

    const again = await ensureBoardLead(t.services, board);
    expect(again).toMatchObject({ created: false, lead: { id: first.lead.id, name: 'Lead Agent' } });
    expect(await lifecycleJobs(first.lead.id)).toHaveLength(1);
  });

  it('concurrent callers get the same single lead', async () => {
    const { board } = await seedBoard(t.services, 'LeadRace');
    const results = await Promise.all(Array.from({ length: 8 }, () => ensureBoardLead(t.services, board)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.lead.id)).size).toBe(1);
    expect(await leadsOf(board.id)).toHaveLength(1);
  });

  it('renames an existing lead only when a name is given, and asks for an update run', async () => {
    const { board } = await seedBoard(t.services, 'LeadRename');
    const { lead } = await ensureBoardLead(t.services, board, { name: 'Ada' });
    expect(lead.name).toBe('Ada');
    expect((await ensureBoardLead(t.services, board)).lead.name).toBe('Ada');
    const renamed = await ensureBoardLead(t.services, board, { name: 'Grace' });
    expect(renamed).toMatchObject({ created: false, lead: { id: lead.id, name: 'Grace', status: 'updating' } });
    expect((await lifecycleJobs(lead.id)).map((j) => j.payload.action)).toEqual(['provision', 'update']);
  });

  it('refuses a board without a gateway', async () => {
    const { board } = await seedBoard(t.services, 'LeadNoGw');
    await t.services.database.query('UPDATE boards SET gateway_id = NULL WHERE id = $1', [board.id]);
    await expect(ensureBoardLead(t.services, board)).rejects.toMatchObject({ statusCode: 422 });
  });
});
