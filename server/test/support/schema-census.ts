// A small but complete organization seeded into every table, and a census of its rows: the
// deletion tests of db-schema.test.ts compare censuses before and after a delete.
import { randomBytes } from 'node:crypto';
import { count, inArray } from 'drizzle-orm';
import type { AnyPgColumn, PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
import * as s from '../../src/db/schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof s>;

async function rows(db: Db, table: PgTable & { id: AnyPgColumn }, ids: string[]): Promise<number> {
  const [r] = await db.select({ n: count() }).from(table).where(inArray(table.id, ids));
  return r.n;
}

/** A small but complete organization: every table has at least one row for it. */
export async function seed(db: Db) {
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

export type Seed = Awaited<ReturnType<typeof seed>>;

/** Row counts of every seeded row, by table. */
export async function census(db: Db, x: Seed) {
  return {
    organizations: await rows(db, s.organizations, [x.org.id]),
    users: await rows(db, s.users, [x.owner.id, x.member.id]),
    organization_members: await rows(db, s.organizationMembers, [x.ownerM.id, x.memberM.id]),
    organization_board_access: await rows(db, s.organizationBoardAccess, [x.access.id]),
    organization_invites: await rows(db, s.organizationInvites, [x.invite.id, x.accepted.id]),
    organization_invite_board_access: await rows(db, s.organizationInviteBoardAccess, [x.inviteAccess.id]),
    gateways: await rows(db, s.gateways, [x.gw.id]),
    board_groups: await rows(db, s.boardGroups, [x.group.id]),
    boards: await rows(db, s.boards, [x.board.id]),
    agents: await rows(db, s.agents, [x.main.id, x.lead.id, x.worker.id]),
    tasks: await rows(db, s.tasks, [x.t1.id, x.t2.id]),
    task_dependencies: await rows(db, s.taskDependencies, [x.dep.id]),
    tags: await rows(db, s.tags, [x.tagRow.id]),
    tag_assignments: await rows(db, s.tagAssignments, x.assignments.map((a) => a.id)),
    task_custom_field_definitions: await rows(db, s.taskCustomFieldDefinitions, [x.def.id]),
    board_task_custom_fields: await rows(db, s.boardTaskCustomFields, [x.binding.id]),
    task_custom_field_values: await rows(db, s.taskCustomFieldValues, [x.value.id]),
    activity_events: await rows(db, s.activityEvents, [x.comment.id, x.agentEvent.id]),
    approvals: await rows(db, s.approvals, [x.approval.id]),
    approval_task_links: await rows(db, s.approvalTaskLinks, x.links.map((l) => l.id)),
    board_memory: await rows(db, s.boardMemory, [x.memory.id]),
    board_group_memory: await rows(db, s.boardGroupMemory, [x.groupMemory.id]),
    board_onboarding_sessions: await rows(db, s.boardOnboardingSessions, [x.onboarding.id]),
    board_webhooks: await rows(db, s.boardWebhooks, [x.webhook.id]),
    board_webhook_payloads: await rows(db, s.boardWebhookPayloads, [x.payload.id]),
    marketplace_skills: await rows(db, s.marketplaceSkills, [x.skill.id]),
    skill_packs: await rows(db, s.skillPacks, [x.pack.id]),
    gateway_installed_skills: await rows(db, s.gatewayInstalledSkills, [x.installed.id]),
    jobs: await rows(db, s.jobs, [x.job.id]),
  };
}

/** The census right after seeding. */
export const FULL = {
  organizations: 1, users: 2, organization_members: 2, organization_board_access: 1,
  organization_invites: 2, organization_invite_board_access: 1, gateways: 1, board_groups: 1,
  boards: 1, agents: 3, tasks: 2, task_dependencies: 1, tags: 1, tag_assignments: 2,
  task_custom_field_definitions: 1, board_task_custom_fields: 1, task_custom_field_values: 1,
  activity_events: 2, approvals: 1, approval_task_links: 2, board_memory: 1,
  board_group_memory: 1, board_onboarding_sessions: 1, board_webhooks: 1,
  board_webhook_payloads: 1, marketplace_skills: 1, skill_packs: 1, gateway_installed_skills: 1,
  jobs: 1,
};
