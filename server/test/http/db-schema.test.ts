import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { eq, inArray } from 'drizzle-orm';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema';
import { census, FULL, seed, type Db } from '../support/schema-census';

// The committed migration applied to a fresh database (PGlite or the real PostgreSQL server,
// per MC_TEST_DB), then the deletion guarantees: deleting an organization, user, board, gateway,
// agent or task never fails on a foreign key, removes what it owns and unlinks the rest.

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

describe(`schema on ${target}`, () => {
  it('seeds a row into every table', async () => {
    const x = await seed(db);
    expect(await census(db, x)).toEqual(FULL);
  });

  it('organization delete removes everything it owns and unlinks its users', async () => {
    const x = await seed(db);
    await db.delete(s.organizations).where(eq(s.organizations.id, x.org.id));
    const zero = Object.fromEntries(Object.keys(FULL).map((k) => [k, 0]));
    expect(await census(db, x)).toEqual({ ...zero, users: 2, activity_events: 1 });
    const users = await db.select().from(s.users).where(inArray(s.users.id, [x.owner.id, x.member.id]));
    expect(users.map((u) => u.activeOrganizationId)).toEqual([null, null]);
    // The board-less event survives with its agent reference cleared.
    const [event] = await db.select().from(s.activityEvents).where(eq(s.activityEvents.id, x.agentEvent.id));
    expect(event.agentId).toBeNull();
  });

  it('user delete removes the membership and grants, keeps authored rows', async () => {
    const x = await seed(db);
    await db.delete(s.users).where(eq(s.users.id, x.member.id));
    expect(await census(db, x)).toEqual({ ...FULL, users: 1, organization_members: 1, organization_board_access: 0 });
    const [t1] = await db.select().from(s.tasks).where(eq(s.tasks.id, x.t1.id));
    expect(t1.createdByUserId).toBeNull();
    const [inv] = await db.select().from(s.organizationInvites).where(eq(s.organizationInvites.id, x.accepted.id));
    expect(inv.acceptedByUserId).toBeNull();
  });

  it('agent delete unlinks tasks, approvals, webhooks and activity', async () => {
    const x = await seed(db);
    await db.delete(s.agents).where(eq(s.agents.id, x.worker.id));
    expect(await census(db, x)).toEqual({ ...FULL, agents: 2 });
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
    const x = await seed(db);
    await db.delete(s.gateways).where(eq(s.gateways.id, x.gw.id));
    expect(await census(db, x)).toEqual({ ...FULL, gateways: 0, agents: 0, gateway_installed_skills: 0 });
    const [board] = await db.select().from(s.boards).where(eq(s.boards.id, x.board.id));
    expect(board.gatewayId).toBeNull();
  });

  it('board delete removes its content, keeps org-level tags, fields, group and main agent', async () => {
    const x = await seed(db);
    await db.delete(s.boards).where(eq(s.boards.id, x.board.id));
    expect(await census(db, x)).toEqual({
      ...FULL,
      boards: 0, organization_board_access: 0, organization_invite_board_access: 0, agents: 1,
      tasks: 0, task_dependencies: 0, tag_assignments: 0, board_task_custom_fields: 0,
      task_custom_field_values: 0, activity_events: 1, approvals: 0, approval_task_links: 0,
      board_memory: 0, board_onboarding_sessions: 0, board_webhooks: 0, board_webhook_payloads: 0,
    });
  });

  it('board-group delete removes its memory and unlinks its boards', async () => {
    const x = await seed(db);
    await db.delete(s.boardGroups).where(eq(s.boardGroups.id, x.group.id));
    expect(await census(db, x)).toEqual({ ...FULL, board_groups: 0, board_group_memory: 0 });
    const [board] = await db.select().from(s.boards).where(eq(s.boards.id, x.board.id));
    expect(board.boardGroupId).toBeNull();
  });

  it('task delete removes its comments, links, edges, tags and values', async () => {
    const x = await seed(db);
    await db.delete(s.tasks).where(eq(s.tasks.id, x.t1.id));
    expect(await census(db, x)).toEqual({
      ...FULL,
      tasks: 1, task_dependencies: 0, tag_assignments: 1, task_custom_field_values: 0,
      activity_events: 1, approval_task_links: 1,
    });
    const [approval] = await db.select().from(s.approvals).where(eq(s.approvals.id, x.approval.id));
    expect(approval.taskId).toBeNull();
  });

  it('enforces the CHECK constraints', async () => {
    const x = await seed(db);
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
    const x = await seed(db);
    const email = `again-${x.tag}@example.test`;
    await db.insert(s.organizationInvites).values({ organizationId: x.org.id, invitedEmail: email, token: `a-${x.tag}` });
    expect(
      await sqlState(db.insert(s.organizationInvites).values({ organizationId: x.org.id, invitedEmail: email, token: `b-${x.tag}` })),
    ).toBe('23505');
    await db.update(s.organizationInvites).set({ acceptedAt: new Date() }).where(eq(s.organizationInvites.token, `a-${x.tag}`));
    await db.insert(s.organizationInvites).values({ organizationId: x.org.id, invitedEmail: email, token: `c-${x.tag}` });
  });

  it('deduplicates only active jobs', async () => {
    const x = await seed(db);
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
    const x = await seed(db);
    expect(
      await sqlState(db.insert(s.agents).values({ gatewayId: x.gw.id, name: 'dup', agentTokenPrefix: x.worker.agentTokenPrefix })),
    ).toBe('23505');
    expect(
      await sqlState(db.insert(s.agents).values({ gatewayId: x.gw.id, name: 'dup', openclawSessionId: x.main.openclawSessionId })),
    ).toBe('23505');
  });

  it('orders tag assignments and approval links by insertion even within one transaction', async () => {
    const x = await seed(db);
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
    const x = await seed(db);
    const past = new Date('2020-01-01T00:00:00Z');
    await db.update(s.gateways).set({ name: 'old', updatedAt: past }).where(eq(s.gateways.id, x.gw.id));
    await db.update(s.gateways).set({ name: 'renamed' }).where(eq(s.gateways.id, x.gw.id));
    const [gw] = await db.select().from(s.gateways).where(eq(s.gateways.id, x.gw.id));
    expect(gw.updatedAt.getTime()).toBeGreaterThan(past.getTime());
    expect(gw.deviceIdentity?.deviceId).toBe('d');
  });
});
