CREATE TABLE "organization_board_access" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_member_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"can_read" boolean DEFAULT true NOT NULL,
	"can_write" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_organization_board_access_member_board" UNIQUE("organization_member_id","board_id")
);
--> statement-breakpoint
CREATE TABLE "organization_invite_board_access" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_invite_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"can_read" boolean DEFAULT true NOT NULL,
	"can_write" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_organization_invite_board_access_invite_board" UNIQUE("organization_invite_id","board_id")
);
--> statement-breakpoint
CREATE TABLE "organization_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"invited_email" text NOT NULL,
	"token" text NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"all_boards_read" boolean DEFAULT false NOT NULL,
	"all_boards_write" boolean DEFAULT false NOT NULL,
	"created_by_user_id" uuid,
	"accepted_by_user_id" uuid,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_organization_invites_token" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "organization_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"all_boards_read" boolean DEFAULT false NOT NULL,
	"all_boards_write" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_organization_members_org_user" UNIQUE("organization_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clerk_user_id" text NOT NULL,
	"email" text,
	"name" text,
	"preferred_name" text,
	"pronouns" text,
	"timezone" text,
	"notes" text,
	"context" text,
	"active_organization_id" uuid,
	CONSTRAINT "uq_users_clerk_user_id" UNIQUE("clerk_user_id")
);
--> statement-breakpoint
CREATE TABLE "gateways" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"token" text,
	"device_token" text,
	"device_identity" jsonb,
	"disable_device_pairing" boolean DEFAULT false NOT NULL,
	"workspace_root" text NOT NULL,
	"allow_insecure_tls" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "boards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"gateway_id" uuid,
	"board_group_id" uuid,
	"board_type" text DEFAULT 'goal' NOT NULL,
	"objective" text,
	"success_metrics" jsonb,
	"target_date" timestamp with time zone,
	"goal_confirmed" boolean DEFAULT false NOT NULL,
	"goal_source" text,
	"require_approval_for_done" boolean DEFAULT true NOT NULL,
	"require_review_before_done" boolean DEFAULT false NOT NULL,
	"comment_required_for_review" boolean DEFAULT false NOT NULL,
	"block_status_changes_with_pending_approval" boolean DEFAULT false NOT NULL,
	"only_lead_can_change_status" boolean DEFAULT false NOT NULL,
	"max_agents" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_boards_max_agents_non_negative" CHECK ("boards"."max_agents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid,
	"gateway_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'provisioning' NOT NULL,
	"openclaw_session_id" text,
	"agent_token_prefix" text,
	"agent_token_hash" text,
	"heartbeat_config" jsonb,
	"identity_profile" jsonb,
	"identity_template" text,
	"soul_template" text,
	"provision_requested_at" timestamp with time zone,
	"provision_action" text,
	"last_seen_at" timestamp with time zone,
	"lifecycle_generation" integer DEFAULT 0 NOT NULL,
	"wake_attempts" integer DEFAULT 0 NOT NULL,
	"last_wake_sent_at" timestamp with time zone,
	"checkin_deadline_at" timestamp with time zone,
	"last_provision_error" text,
	"is_board_lead" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board_task_custom_fields" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"task_custom_field_definition_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_board_task_custom_fields_board_definition" UNIQUE("board_id","task_custom_field_definition_id")
);
--> statement-breakpoint
CREATE TABLE "tag_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "tag_assignments_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_tag_assignments_task_id_tag_id" UNIQUE("task_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"color" text DEFAULT '9e9e9e' NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_tags_organization_id_slug" UNIQUE("organization_id","slug")
);
--> statement-breakpoint
CREATE TABLE "task_custom_field_definitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"field_key" text NOT NULL,
	"label" text NOT NULL,
	"field_type" text DEFAULT 'text' NOT NULL,
	"ui_visibility" text DEFAULT 'always' NOT NULL,
	"validation_regex" text,
	"description" text,
	"required" boolean DEFAULT false NOT NULL,
	"default_value" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_tcf_def_org_key" UNIQUE("organization_id","field_key"),
	CONSTRAINT "ck_tcf_def_field_type" CHECK ("task_custom_field_definitions"."field_type" IN ('text', 'text_long', 'integer', 'decimal', 'boolean', 'date', 'date_time', 'url', 'json')),
	CONSTRAINT "ck_tcf_def_ui_visibility" CHECK ("task_custom_field_definitions"."ui_visibility" IN ('always', 'if_set', 'hidden'))
);
--> statement-breakpoint
CREATE TABLE "task_custom_field_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"task_custom_field_definition_id" uuid NOT NULL,
	"value" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_task_custom_field_values_task_definition" UNIQUE("task_id","task_custom_field_definition_id")
);
--> statement-breakpoint
CREATE TABLE "task_dependencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"depends_on_task_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_task_dependencies_task_depends_on" UNIQUE("task_id","depends_on_task_id"),
	CONSTRAINT "ck_task_dependencies_no_self" CHECK ("task_dependencies"."task_id" <> "task_dependencies"."depends_on_task_id")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'inbox' NOT NULL,
	"priority" text DEFAULT 'medium' NOT NULL,
	"due_at" timestamp with time zone,
	"in_progress_at" timestamp with time zone,
	"previous_in_progress_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"created_by_user_id" uuid,
	"assigned_agent_id" uuid,
	"auto_created" boolean DEFAULT false NOT NULL,
	"auto_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_tasks_status" CHECK ("tasks"."status" IN ('inbox', 'in_progress', 'review', 'done'))
);
--> statement-breakpoint
CREATE TABLE "activity_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_type" text NOT NULL,
	"message" text,
	"agent_id" uuid,
	"task_id" uuid,
	"board_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_task_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"approval_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "approval_task_links_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_approval_task_links_approval_id_task_id" UNIQUE("approval_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"task_id" uuid,
	"agent_id" uuid,
	"action_type" text NOT NULL,
	"payload" jsonb,
	"confidence" double precision NOT NULL,
	"rubric_scores" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "ck_approvals_status" CHECK ("approvals"."status" IN ('pending', 'approved', 'rejected')),
	CONSTRAINT "ck_approvals_confidence_range" CHECK ("approvals"."confidence" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "board_group_memory" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_group_id" uuid NOT NULL,
	"content" text NOT NULL,
	"tags" jsonb,
	"is_chat" boolean DEFAULT false NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board_memory" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"content" text NOT NULL,
	"tags" jsonb,
	"is_chat" boolean DEFAULT false NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board_onboarding_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"session_key" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"messages" jsonb,
	"draft_goal" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board_webhook_payloads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"payload" jsonb,
	"headers" jsonb,
	"source_ip" text,
	"content_type" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"agent_id" uuid,
	"description" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"secret" text,
	"signature_header" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_installed_skills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gateway_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_gateway_installed_skills_gateway_id_skill_id" UNIQUE("gateway_id","skill_id")
);
--> statement-breakpoint
CREATE TABLE "marketplace_skills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"category" text,
	"risk" text,
	"source" text,
	"source_url" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_marketplace_skills_org_source_url" UNIQUE("organization_id","source_url")
);
--> statement-breakpoint
CREATE TABLE "skill_packs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"source_url" text NOT NULL,
	"branch" text DEFAULT 'main' NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_skill_packs_org_source_url" UNIQUE("organization_id","source_url"),
	CONSTRAINT "ck_skill_packs_github_source_url" CHECK ("skill_packs"."source_url" LIKE 'https://github.com/%/%')
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"queue" text NOT NULL,
	"payload" jsonb NOT NULL,
	"organization_id" uuid,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_jobs_state" CHECK ("jobs"."state" IN ('pending', 'running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "organization_board_access" ADD CONSTRAINT "organization_board_access_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_board_access" ADD CONSTRAINT "fk_organization_board_access_member" FOREIGN KEY ("organization_member_id") REFERENCES "public"."organization_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_invite_board_access" ADD CONSTRAINT "organization_invite_board_access_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_invite_board_access" ADD CONSTRAINT "fk_organization_invite_board_access_invite" FOREIGN KEY ("organization_invite_id") REFERENCES "public"."organization_invites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_invites" ADD CONSTRAINT "organization_invites_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_invites" ADD CONSTRAINT "organization_invites_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_invites" ADD CONSTRAINT "organization_invites_accepted_by_user_id_users_id_fk" FOREIGN KEY ("accepted_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_members" ADD CONSTRAINT "organization_members_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_members" ADD CONSTRAINT "organization_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_active_organization_id_organizations_id_fk" FOREIGN KEY ("active_organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateways" ADD CONSTRAINT "gateways_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_groups" ADD CONSTRAINT "board_groups_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_board_group_id_board_groups_id_fk" FOREIGN KEY ("board_group_id") REFERENCES "public"."board_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_task_custom_fields" ADD CONSTRAINT "board_task_custom_fields_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_task_custom_fields" ADD CONSTRAINT "fk_board_task_custom_fields_definition" FOREIGN KEY ("task_custom_field_definition_id") REFERENCES "public"."task_custom_field_definitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_assignments" ADD CONSTRAINT "tag_assignments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_assignments" ADD CONSTRAINT "tag_assignments_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_custom_field_definitions" ADD CONSTRAINT "fk_task_custom_field_definitions_organization" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_custom_field_values" ADD CONSTRAINT "task_custom_field_values_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_custom_field_values" ADD CONSTRAINT "fk_task_custom_field_values_definition" FOREIGN KEY ("task_custom_field_definition_id") REFERENCES "public"."task_custom_field_definitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_dependencies" ADD CONSTRAINT "task_dependencies_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_dependencies" ADD CONSTRAINT "task_dependencies_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_dependencies" ADD CONSTRAINT "task_dependencies_depends_on_task_id_tasks_id_fk" FOREIGN KEY ("depends_on_task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assigned_agent_id_agents_id_fk" FOREIGN KEY ("assigned_agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_events" ADD CONSTRAINT "activity_events_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_events" ADD CONSTRAINT "activity_events_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_events" ADD CONSTRAINT "activity_events_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_task_links" ADD CONSTRAINT "approval_task_links_approval_id_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "public"."approvals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_task_links" ADD CONSTRAINT "approval_task_links_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_group_memory" ADD CONSTRAINT "board_group_memory_board_group_id_board_groups_id_fk" FOREIGN KEY ("board_group_id") REFERENCES "public"."board_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_memory" ADD CONSTRAINT "board_memory_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_onboarding_sessions" ADD CONSTRAINT "board_onboarding_sessions_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_webhook_payloads" ADD CONSTRAINT "board_webhook_payloads_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_webhook_payloads" ADD CONSTRAINT "board_webhook_payloads_webhook_id_board_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."board_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_webhooks" ADD CONSTRAINT "board_webhooks_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_webhooks" ADD CONSTRAINT "board_webhooks_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_installed_skills" ADD CONSTRAINT "gateway_installed_skills_gateway_id_gateways_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_installed_skills" ADD CONSTRAINT "gateway_installed_skills_skill_id_marketplace_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."marketplace_skills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketplace_skills" ADD CONSTRAINT "marketplace_skills_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_packs" ADD CONSTRAINT "skill_packs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_organization_board_access_board_id" ON "organization_board_access" USING btree ("board_id");--> statement-breakpoint
CREATE INDEX "ix_organization_invite_board_access_board_id" ON "organization_invite_board_access" USING btree ("board_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_organization_invites_pending_email" ON "organization_invites" USING btree ("organization_id","invited_email") WHERE "organization_invites"."accepted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "ix_organization_invites_organization_id" ON "organization_invites" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "ix_organization_invites_invited_email" ON "organization_invites" USING btree ("invited_email");--> statement-breakpoint
CREATE INDEX "ix_organization_invites_created_by_user_id" ON "organization_invites" USING btree ("created_by_user_id");--> statement-breakpoint
CREATE INDEX "ix_organization_invites_accepted_by_user_id" ON "organization_invites" USING btree ("accepted_by_user_id");--> statement-breakpoint
CREATE INDEX "ix_organization_members_user_id" ON "organization_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_organization_members_role" ON "organization_members" USING btree ("role");--> statement-breakpoint
CREATE INDEX "ix_organizations_name" ON "organizations" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ix_users_email" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "ix_users_active_organization_id" ON "users" USING btree ("active_organization_id");--> statement-breakpoint
CREATE INDEX "ix_gateways_organization_id" ON "gateways" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "ix_board_groups_organization_id" ON "board_groups" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "ix_board_groups_slug" ON "board_groups" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "ix_boards_organization_id" ON "boards" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "ix_boards_slug" ON "boards" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "ix_boards_gateway_id" ON "boards" USING btree ("gateway_id");--> statement-breakpoint
CREATE INDEX "ix_boards_board_group_id" ON "boards" USING btree ("board_group_id");--> statement-breakpoint
CREATE INDEX "ix_boards_board_type" ON "boards" USING btree ("board_type");--> statement-breakpoint
CREATE INDEX "ix_agents_board_id" ON "agents" USING btree ("board_id");--> statement-breakpoint
CREATE INDEX "ix_agents_gateway_id" ON "agents" USING btree ("gateway_id");--> statement-breakpoint
CREATE INDEX "ix_agents_name" ON "agents" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ix_agents_status" ON "agents" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_agents_openclaw_session_id" ON "agents" USING btree ("openclaw_session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_agents_agent_token_prefix" ON "agents" USING btree ("agent_token_prefix");--> statement-breakpoint
CREATE INDEX "ix_agents_provision_action" ON "agents" USING btree ("provision_action");--> statement-breakpoint
CREATE INDEX "ix_agents_is_board_lead" ON "agents" USING btree ("is_board_lead");--> statement-breakpoint
CREATE INDEX "ix_board_task_custom_fields_definition_id" ON "board_task_custom_fields" USING btree ("task_custom_field_definition_id");--> statement-breakpoint
CREATE INDEX "ix_tag_assignments_tag_id" ON "tag_assignments" USING btree ("tag_id");--> statement-breakpoint
CREATE INDEX "ix_tags_slug" ON "tags" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "ix_task_custom_field_definitions_field_key" ON "task_custom_field_definitions" USING btree ("field_key");--> statement-breakpoint
CREATE INDEX "ix_task_custom_field_values_definition_id" ON "task_custom_field_values" USING btree ("task_custom_field_definition_id");--> statement-breakpoint
CREATE INDEX "ix_task_dependencies_board_id" ON "task_dependencies" USING btree ("board_id");--> statement-breakpoint
CREATE INDEX "ix_task_dependencies_depends_on_task_id" ON "task_dependencies" USING btree ("depends_on_task_id");--> statement-breakpoint
CREATE INDEX "ix_tasks_board_id_created_at" ON "tasks" USING btree ("board_id","created_at");--> statement-breakpoint
CREATE INDEX "ix_tasks_board_id_status_created_at" ON "tasks" USING btree ("board_id","status","created_at");--> statement-breakpoint
CREATE INDEX "ix_tasks_board_id_assigned_agent_id_created_at" ON "tasks" USING btree ("board_id","assigned_agent_id","created_at");--> statement-breakpoint
CREATE INDEX "ix_tasks_status" ON "tasks" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ix_tasks_assigned_agent_id" ON "tasks" USING btree ("assigned_agent_id");--> statement-breakpoint
CREATE INDEX "ix_tasks_created_by_user_id" ON "tasks" USING btree ("created_by_user_id");--> statement-breakpoint
CREATE INDEX "ix_activity_events_event_type_created_at" ON "activity_events" USING btree ("event_type","created_at");--> statement-breakpoint
CREATE INDEX "ix_activity_events_task_comments" ON "activity_events" USING btree ("task_id","created_at") WHERE "activity_events"."event_type" = 'task.comment';--> statement-breakpoint
CREATE INDEX "ix_activity_events_task_id" ON "activity_events" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ix_activity_events_board_id_created_at" ON "activity_events" USING btree ("board_id","created_at");--> statement-breakpoint
CREATE INDEX "ix_activity_events_agent_id" ON "activity_events" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "ix_activity_events_created_at" ON "activity_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ix_approval_task_links_task_id" ON "approval_task_links" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ix_approvals_board_id_created_at" ON "approvals" USING btree ("board_id","created_at");--> statement-breakpoint
CREATE INDEX "ix_approvals_task_id" ON "approvals" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ix_approvals_agent_id" ON "approvals" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "ix_approvals_status" ON "approvals" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ix_board_group_memory_group_id_is_chat_created_at" ON "board_group_memory" USING btree ("board_group_id","is_chat","created_at");--> statement-breakpoint
CREATE INDEX "ix_board_memory_board_id_is_chat_created_at" ON "board_memory" USING btree ("board_id","is_chat","created_at");--> statement-breakpoint
CREATE INDEX "ix_board_onboarding_sessions_board_id_created_at" ON "board_onboarding_sessions" USING btree ("board_id","created_at");--> statement-breakpoint
CREATE INDEX "ix_board_onboarding_sessions_status" ON "board_onboarding_sessions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ix_board_webhook_payloads_board_webhook_received_at" ON "board_webhook_payloads" USING btree ("board_id","webhook_id","received_at");--> statement-breakpoint
CREATE INDEX "ix_board_webhook_payloads_webhook_id" ON "board_webhook_payloads" USING btree ("webhook_id");--> statement-breakpoint
CREATE INDEX "ix_board_webhook_payloads_received_at" ON "board_webhook_payloads" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "ix_board_webhooks_board_id" ON "board_webhooks" USING btree ("board_id");--> statement-breakpoint
CREATE INDEX "ix_board_webhooks_agent_id" ON "board_webhooks" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "ix_board_webhooks_enabled" ON "board_webhooks" USING btree ("enabled");--> statement-breakpoint
CREATE INDEX "ix_gateway_installed_skills_skill_id" ON "gateway_installed_skills" USING btree ("skill_id");--> statement-breakpoint
CREATE INDEX "ix_jobs_state_run_at" ON "jobs" USING btree ("state","run_at");--> statement-breakpoint
CREATE INDEX "ix_jobs_organization_id" ON "jobs" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_jobs_dedupe_key_active" ON "jobs" USING btree ("dedupe_key") WHERE "jobs"."state" IN ('pending', 'running');