import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { count, eq, inArray } from 'drizzle-orm';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { AnyPgColumn, PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema';

// The committed migration applied to a fresh database (PGlite or the real PostgreSQL server,
// per MC_TEST_DB), then the deletion guarantees: deleting an organization, user, board, gateway,
// agent or task never fails on a foreign key, removes what it owns and unlinks the rest.

type Db = PgDatabase<PgQueryResultHKT, typeof s>;

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '../../migrations');
const target = process.env.MC_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
const pgUrl = (database: string) => `postgres://postgres@127.0.0.1:5432/${database}`;

let db: Db;
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  if (target === 'pglite') {
    const client = new PGlite();
    const pdb = drizzlePglite(client, { schema: s });
    await migratePglite(pdb, { migrationsFolder });
    db = pdb as unknown as Db;
    close = () => client.close();
  } else {
    const name = `mc_schema_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const pool = new pg.Pool({ connectionString: pgUrl(name), max: 2 });
    const ndb = drizzleNodePg(pool, { schema: s });
    await migrateNodePg(ndb, { migrationsFolder });
    db = ndb as unknown as Db;
    close = async () => {
      await pool.end();
      const dropper = new pg.Client({ connectionString: pgUrl('postgres') });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    };
  }
});

afterAll(async () => {
  await close();
});

/** SQLSTATE of the database error behind a failed query (undefined if it succeeded). */
async function sqlState(query: PromiseLike<unknown>): Promise<string | undefined> {
  try {
    await query;
    return undefined;
  } catch (err) {
    let e: unknown = err;
    while (e && typeof e === 'object') {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
      e = (e as { cause?: unknown }).cause;
    }
    throw err;
  }
}

async function rows(table: PgTable & { id: AnyPgColumn }, ids: string[]): Promise<number> {
  const [r] = await db.select({ n: count() }).from(table).where(inArray(table.id, ids));
  return r.n;
}

/** A small but complete organization: every table has at least one row for it. */
async function seed() {
  const tag = randomBytes(4).toString('hex');
  const [org] = await db.insert(s.organizations).values({ name: `Org ${tag}` }).returning();
  const [owner, member] = await db
    .insert(s.users)
    .values([
      { clerkUserId: `owner-${tag}`, email: `owner-${tag}@example.test`, activeOrganizationId: org.id },
      { clerkUserId: `member-${tag}`, email: `member-${tag}@example.test`, activeOrganizationId: org.id },
    ])
    .returning();
  const [ownerM, memberM] = await db
    .insert(s.organizationMembers)
    .values([
      { organizationId: org.id, userId: owner.id, role: 'owner' },
      { organizationId: org.id, userId: member.id },
    ])
    .returning();
  const [gw] = await db
    .insert(s.gateways)
    .values({
      organizationId: org.id,
      name: 'gw',
      url: 'ws://127.0.0.1:1',
      workspaceRoot: '~/.openclaw',
      token: 'enc:token',
      deviceToken: 'enc:device',
      deviceIdentity: { deviceId: 'd', publicKeyPem: 'p', privateKeyPem: 'enc:k', createdAtMs: 1 },
    })
    .returning();
  const [group] = await db
    .insert(s.boardGroups)
    .values({ organizationId: org.id, name: 'g', slug: 'g' })
    .returning();
  const [board] = await db
    .insert(s.boards)
    .values({ organizationId: org.id, name: 'b', slug: 'b', gatewayId: gw.id, boardGroupId: group.id })
    .returning();
  const [access] = await db
    .insert(s.organizationBoardAccess)
    .values({ organizationMemberId: memberM.id, boardId: board.id, canWrite: true })
    .returning();
  const [invite, accepted] = await db
    .insert(s.organizationInvites)
    .values([
      { organizationId: org.id, invitedEmail: `new-${tag}@example.test`, token: `t1-${tag}`, createdByUserId: owner.id },
      {
        organizationId: org.id,
        invitedEmail: `member-${tag}@example.test`,
        token: `t2-${tag}`,
        createdByUserId: owner.id,
        acceptedByUserId: member.id,
        acceptedAt: new Date(),
      },
    ])
    .returning();
  const [inviteAccess] = await db
    .insert(s.organizationInviteBoardAccess)
    .values({ organizationInviteId: invite.id, boardId: board.id })
    .returning();
  const [main, lead, worker] = await db
    .insert(s.agents)
    .values([
      { gatewayId: gw.id, name: 'main', openclawSessionId: `agent:mc-gateway-${gw.id}:main` },
      { gatewayId: gw.id, boardId: board.id, name: 'lead', isBoardLead: true, openclawSessionId: `agent:lead-${board.id}:main` },
      { gatewayId: gw.id, boardId: board.id, name: 'worker', agentTokenPrefix: `p${tag}`, agentTokenHash: 'h' },
    ])
    .returning();
  const [t1, t2] = await db
    .insert(s.tasks)
    .values([
      { boardId: board.id, title: 't1', status: 'in_progress', assignedAgentId: worker.id, createdByUserId: member.id, inProgressAt: new Date() },
      { boardId: board.id, title: 't2', createdByUserId: owner.id },
    ])
    .returning();
  const [dep] = await db
    .insert(s.taskDependencies)
    .values({ boardId: board.id, taskId: t2.id, dependsOnTaskId: t1.id })
    .returning();
  const [tagRow] = await db
    .insert(s.tags)
    .values({ organizationId: org.id, name: 'Tag', slug: `tag-${tag}` })
    .returning();
  const assignments = await db
    .insert(s.tagAssignments)
    .values([
      { taskId: t1.id, tagId: tagRow.id },
      { taskId: t2.id, tagId: tagRow.id },
    ])
    .returning();
  const [def] = await db
    .insert(s.taskCustomFieldDefinitions)
    .values({ organizationId: org.id, fieldKey: 'k', label: 'K', fieldType: 'integer' })
    .returning();
  const [binding] = await db
    .insert(s.boardTaskCustomFields)
    .values({ boardId: board.id, taskCustomFieldDefinitionId: def.id })
    .returning();
  const [value] = await db
    .insert(s.taskCustomFieldValues)
    .values({ taskId: t1.id, taskCustomFieldDefinitionId: def.id, value: 3 })
    .returning();
  const [comment, agentEvent] = await db
    .insert(s.activityEvents)
    .values([
      { eventType: 'task.comment', message: 'hi', agentId: worker.id, taskId: t1.id, boardId: board.id },
      { eventType: 'agent.heartbeat', agentId: worker.id },
    ])
    .returning();
  const [approval] = await db
    .insert(s.approvals)
    .values({ boardId: board.id, taskId: t1.id, agentId: worker.id, actionType: 'task.complete', confidence: 80, payload: { reason: 'r' } })
    .returning();
  const links = await db
    .insert(s.approvalTaskLinks)
    .values([
      { approvalId: approval.id, taskId: t1.id },
      { approvalId: approval.id, taskId: t2.id },
    ])
    .returning();
  const [memory] = await db.insert(s.boardMemory).values({ boardId: board.id, content: 'm', isChat: true }).returning();
  const [groupMemory] = await db
    .insert(s.boardGroupMemory)
    .values({ boardGroupId: group.id, content: 'gm', tags: ['x'] })
    .returning();
  const [onboarding] = await db
    .insert(s.boardOnboardingSessions)
    .values({ boardId: board.id, sessionKey: `agent:mc-gateway-${gw.id}:main`, messages: [] })
    .returning();
  const [webhook] = await db
    .insert(s.boardWebhooks)
    .values({ boardId: board.id, agentId: worker.id, description: 'triage', secret: 'enc:s' })
    .returning();
  const [payload] = await db
    .insert(s.boardWebhookPayloads)
    .values({ boardId: board.id, webhookId: webhook.id, payload: { a: 1 } })
    .returning();
  const [skill] = await db
    .insert(s.marketplaceSkills)
    .values({ organizationId: org.id, name: 'sk', sourceUrl: `https://github.com/o/r/tree/main/${tag}` })
    .returning();
  const [pack] = await db
    .insert(s.skillPacks)
    .values({ organizationId: org.id, name: 'pack', sourceUrl: `https://github.com/o/${tag}` })
    .returning();
  const [installed] = await db
    .insert(s.gatewayInstalledSkills)
    .values({ gatewayId: gw.id, skillId: skill.id })
    .returning();
  const [job] = await db
    .insert(s.jobs)
    .values({ queue: 'q', payload: { x: 1 }, organizationId: org.id, dedupeKey: `q:${tag}` })
    .returning();
  return {
    tag, org, owner, member, ownerM, memberM, gw, group, board, access, invite, accepted, inviteAccess,
    main, lead, worker, t1, t2, dep, tagRow, assignments, def, binding, value, comment, agentEvent,
    approval, links, memory, groupMemory, onboarding, webhook, payload, skill, pack, installed, job,
  };
}

type Seed = Awaited<ReturnType<typeof seed>>;

/** Row counts of every seeded row, by table. */
async function census(x: Seed) {
  return {
    organizations: await rows(s.organizations, [x.org.id]),
    users: await rows(s.users, [x.owner.id, x.member.id]),
    organization_members: await rows(s.organizationMembers, [x.ownerM.id, x.memberM.id]),
    organization_board_access: await rows(s.organizationBoardAccess, [x.access.id]),
    organization_invites: await rows(s.organizationInvites, [x.invite.id, x.accepted.id]),
    organization_invite_board_access: await rows(s.organizationInviteBoardAccess, [x.inviteAccess.id]),
    gateways: await rows(s.gateways, [x.gw.id]),
    board_groups: await rows(s.boardGroups, [x.group.id]),
    boards: await rows(s.boards, [x.board.id]),
    agents: await rows(s.agents, [x.main.id, x.lead.id, x.worker.id]),
    tasks: await rows(s.tasks, [x.t1.id, x.t2.id]),
    task_dependencies: await rows(s.taskDependencies, [x.dep.id]),
    tags: await rows(s.tags, [x.tagRow.id]),
    tag_assignments: await rows(s.tagAssignments, x.assignments.map((a) => a.id)),
    task_custom_field_definitions: await rows(s.taskCustomFieldDefinitions, [x.def.id]),
    board_task_custom_fields: await rows(s.boardTaskCustomFields, [x.binding.id]),
    task_custom_field_values: await rows(s.taskCustomFieldValues, [x.value.id]),
    activity_events: await rows(s.activityEvents, [x.comment.id, x.agentEvent.id]),
    approvals: await rows(s.approvals, [x.approval.id]),
    approval_task_links: await rows(s.approvalTaskLinks, x.links.map((l) => l.id)),
    board_memory: await rows(s.boardMemory, [x.memory.id]),
    board_group_memory: await rows(s.boardGroupMemory, [x.groupMemory.id]),
    board_onboarding_sessions: await rows(s.boardOnboardingSessions, [x.onboarding.id]),
    board_webhooks: await rows(s.boardWebhooks, [x.webhook.id]),
    board_webhook_payloads: await rows(s.boardWebhookPayloads, [x.payload.id]),
    marketplace_skills: await rows(s.marketplaceSkills, [x.skill.id]),
    skill_packs: await rows(s.skillPacks, [x.pack.id]),
    gateway_installed_skills: await rows(s.gatewayInstalledSkills, [x.installed.id]),
    jobs: await rows(s.jobs, [x.job.id]),
  };
}

const FULL = {
  organizations: 1, users: 2, organization_members: 2, organization_board_access: 1,
  organization_invites: 2, organization_invite_board_access: 1, gateways: 1, board_groups: 1,
  boards: 1, agents: 3, tasks: 2, task_dependencies: 1, tags: 1, tag_assignments: 2,
  task_custom_field_definitions: 1, board_task_custom_fields: 1, task_custom_field_values: 1,
  activity_events: 2, approvals: 1, approval_task_links: 2, board_memory: 1,
  board_group_memory: 1, board_onboarding_sessions: 1, board_webhooks: 1,
  board_webhook_payloads: 1, marketplace_skills: 1, skill_packs: 1, gateway_installed_skills: 1,
  jobs: 1,
};

describe(`schema on ${target}`, () => {
  it('seeds a row into every table', async () => {
    const x = await seed();
    expect(await census(x)).toEqual(FULL);
  });

  it('organization delete removes everything it owns and unlinks its users', async () => {
    const x = await seed();
    await db.delete(s.organizations).where(eq(s.organizations.id, x.org.id));
    const zero = Object.fromEntries(Object.keys(FULL).map((k) => [k, 0]));
    expect(await census(x)).toEqual({ ...zero, users: 2, activity_events: 1 });
    const users = await db.select().from(s.users).where(inArray(s.users.id, [x.owner.id, x.member.id]));
    expect(users.map((u) => u.activeOrganizationId)).toEqual([null, null]);
    // The board-less event survives with its agent reference cleared.
    const [event] = await db.select().from(s.activityEvents).where(eq(s.activityEvents.id, x.agentEvent.id));
    expect(event.agentId).toBeNull();
  });

  it('user delete removes the membership and grants, keeps authored rows', async () => {
    const x = await seed();
    await db.delete(s.users).where(eq(s.users.id, x.member.id));
    expect(await census(x)).toEqual({ ...FULL, users: 1, organization_members: 1, organization_board_access: 0 });
    const [t1] = await db.select().from(s.tasks).where(eq(s.tasks.id, x.t1.id));
    expect(t1.createdByUserId).toBeNull();
    const [inv] = await db.select().from(s.organizationInvites).where(eq(s.organizationInvites.id, x.accepted.id));
    expect(inv.acceptedByUserId).toBeNull();
  });

  it('agent delete unlinks tasks, approvals, webhooks and activity', async () => {
    const x = await seed();
    await db.delete(s.agents).where(eq(s.agents.id, x.worker.id));
    expect(await census(x)).toEqual({ ...FULL, agents: 2 });
    const [t1] = await db.select().from(s.tasks).where(eq(s.tasks.id, x.t1.id));
    expect(t1.assignedAgentId).toBeNull();
    const [approval] = await db.select().from(s.approvals).where(eq(s.approvals.id, x.approval.id));
    expect(approval.agentId).toBeNull();
    const [webhook] = await db.select().from(s.boardWebhooks).where(eq(s.boardWebhooks.id, x.webhook.id));
    expect(webhook.agentId).toBeNull();
    const events = await db
      .select()
      .from(s.activityEvents)
      .where(inArray(s.activityEvents.id, [x.comment.id, x.agentEvent.id]));
    expect(events.map((e) => e.agentId)).toEqual([null, null]);
  });

  it('gateway delete removes its agents and installs, unlinks its boards', async () => {
    const x = await seed();
    await db.delete(s.gateways).where(eq(s.gateways.id, x.gw.id));
    expect(await census(x)).toEqual({ ...FULL, gateways: 0, agents: 0, gateway_installed_skills: 0 });
    const [board] = await db.select().from(s.boards).where(eq(s.boards.id, x.board.id));
    expect(board.gatewayId).toBeNull();
  });

  it('board delete removes its content, keeps org-level tags, fields, group and main agent', async () => {
    const x = await seed();
    await db.delete(s.boards).where(eq(s.boards.id, x.board.id));
    expect(await census(x)).toEqual({
      ...FULL,
      boards: 0, organization_board_access: 0, organization_invite_board_access: 0, agents: 1,
      tasks: 0, task_dependencies: 0, tag_assignments: 0, board_task_custom_fields: 0,
      task_custom_field_values: 0, activity_events: 1, approvals: 0, approval_task_links: 0,
      board_memory: 0, board_onboarding_sessions: 0, board_webhooks: 0, board_webhook_payloads: 0,
    });
  });

  it('board-group delete removes its memory and unlinks its boards', async () => {
    const x = await seed();
    await db.delete(s.boardGroups).where(eq(s.boardGroups.id, x.group.id));
    expect(await census(x)).toEqual({ ...FULL, board_groups: 0, board_group_memory: 0 });
    const [board] = await db.select().from(s.boards).where(eq(s.boards.id, x.board.id));
    expect(board.boardGroupId).toBeNull();
  });

  it('task delete removes its comments, links, edges, tags and values', async () => {
    const x = await seed();
    await db.delete(s.tasks).where(eq(s.tasks.id, x.t1.id));
    expect(await census(x)).toEqual({
      ...FULL,
      tasks: 1, task_dependencies: 0, tag_assignments: 1, task_custom_field_values: 0,
      activity_events: 1, approval_task_links: 1,
    });
    const [approval] = await db.select().from(s.approvals).where(eq(s.approvals.id, x.approval.id));
    expect(approval.taskId).toBeNull();
  });

  it('enforces the CHECK constraints', async () => {
    const x = await seed();
    expect(
      await sqlState(db.insert(s.taskDependencies).values({ boardId: x.board.id, taskId: x.t1.id, dependsOnTaskId: x.t1.id })),
    ).toBe('23514');
    expect(
      await sqlState(
        db.insert(s.taskCustomFieldDefinitions).values({
          organizationId: x.org.id, fieldKey: 'bad', label: 'bad', fieldType: 'color' as s.CustomFieldType,
        }),
      ),
    ).toBe('23514');
    expect(
      await sqlState(
        db.insert(s.taskCustomFieldDefinitions).values({
          organizationId: x.org.id, fieldKey: 'bad2', label: 'bad', uiVisibility: 'never' as s.CustomFieldVisibility,
        }),
      ),
    ).toBe('23514');
    expect(
      await sqlState(db.insert(s.skillPacks).values({ organizationId: x.org.id, name: 'p', sourceUrl: 'https://gitlab.com/o/r' })),
    ).toBe('23514');
    expect(
      await sqlState(db.insert(s.tasks).values({ boardId: x.board.id, title: 't', status: 'blocked' as s.TaskStatus })),
    ).toBe('23514');
  });

  it('allows one pending invite per email, more once accepted', async () => {
    const x = await seed();
    const email = `again-${x.tag}@example.test`;
    await db.insert(s.organizationInvites).values({ organizationId: x.org.id, invitedEmail: email, token: `a-${x.tag}` });
    expect(
      await sqlState(db.insert(s.organizationInvites).values({ organizationId: x.org.id, invitedEmail: email, token: `b-${x.tag}` })),
    ).toBe('23505');
    await db.update(s.organizationInvites).set({ acceptedAt: new Date() }).where(eq(s.organizationInvites.token, `a-${x.tag}`));
    await db.insert(s.organizationInvites).values({ organizationId: x.org.id, invitedEmail: email, token: `c-${x.tag}` });
  });

  it('deduplicates only active jobs', async () => {
    const x = await seed();
    const key = `q:${x.tag}`;
    expect(await sqlState(db.insert(s.jobs).values({ queue: 'q', payload: {}, dedupeKey: key }))).toBe('23505');
    const inserted = await db
      .insert(s.jobs)
      .values({ queue: 'q', payload: {}, dedupeKey: key })
      .onConflictDoNothing({ target: s.jobs.dedupeKey, where: inArray(s.jobs.state, ['pending', 'running']) })
      .returning();
    expect(inserted).toEqual([]);
    await db.update(s.jobs).set({ state: 'done' }).where(eq(s.jobs.id, x.job.id));
    await db.insert(s.jobs).values({ queue: 'q', payload: {}, dedupeKey: key });
    expect(await sqlState(db.insert(s.jobs).values({ queue: 'q', payload: {}, state: 'lost' as s.JobState }))).toBe('23514');
  });

  it('keeps agent token prefixes and session keys unique', async () => {
    const x = await seed();
    expect(
      await sqlState(db.insert(s.agents).values({ gatewayId: x.gw.id, name: 'dup', agentTokenPrefix: x.worker.agentTokenPrefix })),
    ).toBe('23505');
    expect(
      await sqlState(db.insert(s.agents).values({ gatewayId: x.gw.id, name: 'dup', openclawSessionId: x.main.openclawSessionId })),
    ).toBe('23505');
  });

  it('orders tag assignments and approval links by insertion even within one transaction', async () => {
    const x = await seed();
    const [a, b, c] = await db
      .insert(s.tags)
      .values(['c', 'a', 'b'].map((n) => ({ organizationId: x.org.id, name: n, slug: `${n}-${randomUUID()}` })))
      .returning();
    const [t] = await db.insert(s.tasks).values({ boardId: x.board.id, title: 'ordered' }).returning();
    await db.transaction(async (tx) => {
      for (const tagRow of [c, a, b]) await tx.insert(s.tagAssignments).values({ taskId: t.id, tagId: tagRow.id });
    });
    const ordered = await db
      .select()
      .from(s.tagAssignments)
      .where(eq(s.tagAssignments.taskId, t.id))
      .orderBy(s.tagAssignments.seq);
    expect(ordered.map((r) => r.tagId)).toEqual([c.id, a.id, b.id]);
  });

  it('bumps updated_at on updates made through Drizzle', async () => {
    const x = await seed();
    const past = new Date('2020-01-01T00:00:00Z');
    await db.update(s.gateways).set({ name: 'old', updatedAt: past }).where(eq(s.gateways.id, x.gw.id));
    await db.update(s.gateways).set({ name: 'renamed' }).where(eq(s.gateways.id, x.gw.id));
    const [gw] = await db.select().from(s.gateways).where(eq(s.gateways.id, x.gw.id));
    expect(gw.updatedAt.getTime()).toBeGreaterThan(past.getTime());
    expect(gw.deviceIdentity?.deviceId).toBe('d');
  });
});
