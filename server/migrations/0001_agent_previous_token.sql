ALTER TABLE "agents" ADD COLUMN "previous_token_prefix" text;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "previous_token_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "uq_agents_previous_token_prefix" ON "agents" USING btree ("previous_token_prefix");