CREATE TABLE "campaign" (
	"tenant_id" uuid,
	"campaign_id" uuid DEFAULT gen_random_uuid(),
	"title" text NOT NULL,
	"body" text NOT NULL,
	"channel" text DEFAULT 'sms' NOT NULL,
	"audience_kind" text NOT NULL,
	"audience" jsonb DEFAULT '{}' NOT NULL,
	"emergency" boolean DEFAULT false NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"scheduled_at" timestamp with time zone,
	"prepared_by" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"rejection_reason" text,
	"recipients" integer,
	"opted_out" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_pkey" PRIMARY KEY("tenant_id","campaign_id"),
	CONSTRAINT "campaign_state_check" CHECK (state in ('draft', 'submitted', 'approved', 'sending', 'sent', 'cancelled')),
	CONSTRAINT "campaign_audience_kind_check" CHECK (audience_kind in ('units', 'categories', 'incident', 'outage', 'list')),
	CONSTRAINT "campaign_channel_check" CHECK (channel in ('sms', 'voice')),
	CONSTRAINT "campaign_title_length" CHECK (char_length(title) between 1 and 200),
	CONSTRAINT "campaign_body_length" CHECK (char_length(body) between 1 and 1000),
	CONSTRAINT "campaign_rejection_length" CHECK (rejection_reason is null or char_length(rejection_reason) <= 1000)
);
--> statement-breakpoint
ALTER TABLE "campaign" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "campaign_recipient" (
	"tenant_id" uuid,
	"campaign_id" uuid,
	"recipient" text,
	CONSTRAINT "campaign_recipient_pkey" PRIMARY KEY("tenant_id","campaign_id","recipient"),
	CONSTRAINT "campaign_recipient_check" CHECK (recipient ~ '^\+989[0-9]{9}$')
);
--> statement-breakpoint
ALTER TABLE "campaign_recipient" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messaging_account" ADD COLUMN "price_per_part" integer;--> statement-breakpoint
CREATE INDEX "campaign_state_idx" ON "campaign" ("tenant_id","state","created_at");--> statement-breakpoint
CREATE INDEX "message_campaign_idx" ON "message" ("tenant_id","campaign_id","state","next_attempt_at");--> statement-breakpoint
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "campaign_recipient" ADD CONSTRAINT "campaign_recipient_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "campaign_recipient" ADD CONSTRAINT "campaign_recipient_campaign_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "campaign"("tenant_id","campaign_id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_campaign_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "campaign"("tenant_id","campaign_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "campaign" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "campaign_recipient" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written (drizzle-kit writes neither): FORCE row level security and grants for campaigns.
ALTER TABLE campaign FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE campaign_recipient FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON campaign, campaign_recipient FROM PUBLIC;
--> statement-breakpoint
-- Campaigns are kept (cancelled, never deleted): their messages name them.
GRANT SELECT, INSERT, UPDATE ON campaign TO app_user;
--> statement-breakpoint
-- A draft's uploaded list is replaced by the next upload; a sent campaign's is cleared (its messages remain).
GRANT SELECT, INSERT, DELETE ON campaign_recipient TO app_user;
