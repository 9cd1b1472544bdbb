import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { boards } from './boards';
import { createdAt, id, ts, updatedAt } from './columns';
import { organizations, users } from './organizations';

// Tasks and everything hanging off them. The reference's dormant task_fingerprints table (never
// written, only deleted in cascades) is intentionally not created.

export const TASK_STATUSES = ['inbox', 'in_progress', 'review', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    // NOT NULL (the reference allowed NULL but always set it): every task lives on a board.
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    status: text('status').$type<TaskStatus>().notNull().default('inbox'),
    /** Free text; high / medium / low are used for sorting. */
    priority: text('priority').notNull().default('medium'),
    dueAt: ts('due_at'),
    /** Set when work starts. */
    inProgressAt: ts('in_progress_at'),
    /** Snapshot of in_progress_at when the task leaves in_progress for inbox or review. */
    previousInProgressAt: ts('previous_in_progress_at'),
    /** Set when the task enters done (cleared when it leaves); basis of cycle-time metrics. */
    doneAt: ts('done_at'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    assignedAgentId: uuid('assigned_agent_id').references(() => agents.id, {
      onDelete: 'set null',
    }),
    autoCreated: boolean('auto_created').notNull().default(false),
    /** `lead_agent:<lead agent id>` for lead-created tasks. */
    autoReason: text('auto_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ix_tasks_board_id_created_at').on(t.boardId, t.createdAt),
    index('ix_tasks_board_id_status_created_at').on(t.boardId, t.status, t.createdAt),
    index('ix_tasks_board_id_assigned_agent_id_created_at').on(
      t.boardId,
      t.assignedAgentId,
      t.createdAt,
    ),
    index('ix_tasks_status').on(t.status),
    index('ix_tasks_assigned_agent_id').on(t.assignedAgentId),
    index('ix_tasks_created_by_user_id').on(t.createdByUserId),
    check(
      'ck_tasks_status',
      sql`${t.status} IN ('inbox', 'in_progress', 'review', 'done')`,
    ),
  ],
);

/** `taskId` is blocked until `dependsOnTaskId` is done. */
export const taskDependencies = pgTable(
  'task_dependencies',
  {
    id: id(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    dependsOnTaskId: uuid('depends_on_task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('uq_task_dependencies_task_depends_on').on(t.taskId, t.dependsOnTaskId),
    index('ix_task_dependencies_board_id').on(t.boardId),
    index('ix_task_dependencies_depends_on_task_id').on(t.dependsOnTaskId),
    check('ck_task_dependencies_no_self', sql`${t.taskId} <> ${t.dependsOnTaskId}`),
  ],
);

export const tags = pgTable(
  'tags',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    /** Six lowercase hex digits, no `#`. */
    color: text('color').notNull().default('9e9e9e'),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('uq_tags_organization_id_slug').on(t.organizationId, t.slug),
    index('ix_tags_slug').on(t.slug),
  ],
);

export const tagAssignments = pgTable(
  'tag_assignments',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    /** Insertion order (= tag order on the task); created_at ties inside one transaction. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('uq_tag_assignments_task_id_tag_id').on(t.taskId, t.tagId),
    index('ix_tag_assignments_tag_id').on(t.tagId),
  ],
);

export const CUSTOM_FIELD_TYPES = [
  'text',
  'text_long',
  'integer',
  'decimal',
  'boolean',
  'date',
  'date_time',
  'url',
  'json',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export const CUSTOM_FIELD_VISIBILITIES = ['always', 'if_set', 'hidden'] as const;
export type CustomFieldVisibility = (typeof CUSTOM_FIELD_VISIBILITIES)[number];

const sqlList = (values: readonly string[]) =>
  sql.raw(values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', '));

export const taskCustomFieldDefinitions = pgTable(
  'task_custom_field_definitions',
  {
    id: id(),
    // Foreign keys whose default names pass PostgreSQL's 63-character limit are named explicitly.
    organizationId: uuid('organization_id').notNull(),
    fieldKey: text('field_key').notNull(),
    label: text('label').notNull(),
    fieldType: text('field_type').$type<CustomFieldType>().notNull().default('text'),
    uiVisibility: text('ui_visibility').$type<CustomFieldVisibility>().notNull().default('always'),
    validationRegex: text('validation_regex'),
    description: text('description'),
    required: boolean('required').notNull().default(false),
    defaultValue: jsonb('default_value'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'fk_task_custom_field_definitions_organization',
      columns: [t.organizationId],
      foreignColumns: [organizations.id],
    }).onDelete('cascade'),
    unique('uq_tcf_def_org_key').on(t.organizationId, t.fieldKey),
    index('ix_task_custom_field_definitions_field_key').on(t.fieldKey),
    check('ck_tcf_def_field_type', sql`${t.fieldType} IN (${sqlList(CUSTOM_FIELD_TYPES)})`),
    check(
      'ck_tcf_def_ui_visibility',
      sql`${t.uiVisibility} IN (${sqlList(CUSTOM_FIELD_VISIBILITIES)})`,
    ),
  ],
);

export const boardTaskCustomFields = pgTable(
  'board_task_custom_fields',
  {
    id: id(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    taskCustomFieldDefinitionId: uuid('task_custom_field_definition_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'fk_board_task_custom_fields_definition',
      columns: [t.taskCustomFieldDefinitionId],
      foreignColumns: [taskCustomFieldDefinitions.id],
    }).onDelete('cascade'),
    unique('uq_board_task_custom_fields_board_definition').on(
      t.boardId,
      t.taskCustomFieldDefinitionId,
    ),
    index('ix_board_task_custom_fields_definition_id').on(t.taskCustomFieldDefinitionId),
  ],
);

/** A NULL value is represented by the absence of a row. */
export const taskCustomFieldValues = pgTable(
  'task_custom_field_values',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    // Cascade so an organization delete cannot fail; the API still refuses to delete a
    // definition while values exist (that is an application rule, not a database one).
    taskCustomFieldDefinitionId: uuid('task_custom_field_definition_id').notNull(),
    value: jsonb('value'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'fk_task_custom_field_values_definition',
      columns: [t.taskCustomFieldDefinitionId],
      foreignColumns: [taskCustomFieldDefinitions.id],
    }).onDelete('cascade'),
    unique('uq_task_custom_field_values_task_definition').on(
      t.taskId,
      t.taskCustomFieldDefinitionId,
    ),
    index('ix_task_custom_field_values_definition_id').on(t.taskCustomFieldDefinitionId),
  ],
);

export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
export type TaskDependency = typeof taskDependencies.$inferSelect;
export type NewTaskDependency = typeof taskDependencies.$inferInsert;
export type Tag = typeof tags.$inferSelect;
export type NewTag = typeof tags.$inferInsert;
export type TagAssignment = typeof tagAssignments.$inferSelect;
export type NewTagAssignment = typeof tagAssignments.$inferInsert;
export type TaskCustomFieldDefinition = typeof taskCustomFieldDefinitions.$inferSelect;
export type NewTaskCustomFieldDefinition = typeof taskCustomFieldDefinitions.$inferInsert;
export type BoardTaskCustomField = typeof boardTaskCustomFields.$inferSelect;
export type NewBoardTaskCustomField = typeof boardTaskCustomFields.$inferInsert;
export type TaskCustomFieldValue = typeof taskCustomFieldValues.$inferSelect;
export type NewTaskCustomFieldValue = typeof taskCustomFieldValues.$inferInsert;
