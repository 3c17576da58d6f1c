CREATE SEQUENCE "public"."message_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "message" (
	"tenant_id" uuid,
	"message_id" uuid DEFAULT gen_random_uuid(),
	"reference" bigint DEFAULT nextval('message_reference_seq') NOT NULL,
	"kind" text NOT NULL,
	"lane" text NOT NULL,
	"channel" text DEFAULT 'sms' NOT NULL,
	"recipient" text NOT NULL,
	"body" text NOT NULL,
	"parts" integer NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"account_id" uuid,
	"provider_id" text,
	"last_error" text,
	"request_id" uuid,
	"incident_id" uuid,
	"outage_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"attempted_at" timestamp with time zone,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_pkey" PRIMARY KEY("tenant_id","message_id"),
	CONSTRAINT "message_kind_check" CHECK (kind in ('request_registered', 'request_resolved', 'incident_update', 'outage_notice', 'outage_restored', 'custom')),
	CONSTRAINT "message_lane_check" CHECK (lane in ('transactional', 'campaign')),
	CONSTRAINT "message_channel_check" CHECK (channel in ('sms', 'voice')),
	CONSTRAINT "message_state_check" CHECK (state in ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'expired', 'cancelled')),
	CONSTRAINT "message_recipient_check" CHECK (recipient ~ '^\+989[0-9]{9}$'),
	CONSTRAINT "message_body_length" CHECK (char_length(body) between 1 and 1000),
	CONSTRAINT "message_parts_check" CHECK (parts between 1 and 20),
	CONSTRAINT "message_last_error_length" CHECK (last_error is null or char_length(last_error) <= 500)
);
--> statement-breakpoint
ALTER TABLE "message" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "message_opt_out" (
	"tenant_id" uuid,
	"recipient" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "message_opt_out_pkey" PRIMARY KEY("tenant_id","recipient"),
	CONSTRAINT "message_opt_out_source_check" CHECK (source in ('keyword', 'link', 'staff')),
	CONSTRAINT "message_opt_out_recipient_check" CHECK (recipient ~ '^\+989[0-9]{9}$')
);
--> statement-breakpoint
ALTER TABLE "message_opt_out" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "message_template" (
	"tenant_id" uuid,
	"kind" text,
	"body" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "message_template_pkey" PRIMARY KEY("tenant_id","kind"),
	CONSTRAINT "message_template_kind_check" CHECK (kind in ('request_registered', 'request_resolved', 'incident_update', 'outage_notice', 'outage_restored', 'custom')),
	CONSTRAINT "message_template_body_length" CHECK (char_length(body) between 1 and 1000)
);
--> statement-breakpoint
ALTER TABLE "message_template" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "messaging_account" (
	"tenant_id" uuid,
	"account_id" uuid DEFAULT gen_random_uuid(),
	"provider" text NOT NULL,
	"sender" text NOT NULL,
	"credentials" text,
	"rate_per_minute" integer DEFAULT 600 NOT NULL,
	"daily_quota" integer,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "messaging_account_pkey" PRIMARY KEY("tenant_id","account_id"),
	CONSTRAINT "messaging_account_provider_check" CHECK (provider in ('local', 'kavenegar', 'magfa')),
	CONSTRAINT "messaging_account_sender_check" CHECK (sender ~ '^\+?[0-9]{3,20}$'),
	CONSTRAINT "messaging_account_rate_check" CHECK (rate_per_minute between 1 and 100000),
	CONSTRAINT "messaging_account_quota_check" CHECK (daily_quota is null or daily_quota >= 0),
	CONSTRAINT "messaging_account_credentials_length" CHECK (credentials is null or char_length(credentials) <= 4000)
);
--> statement-breakpoint
ALTER TABLE "messaging_account" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "job" ADD COLUMN "priority" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "message_reference_key" ON "message" ("tenant_id","reference");--> statement-breakpoint
CREATE INDEX "message_created_idx" ON "message" ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "message_state_idx" ON "message" ("tenant_id","state","state_changed_at");--> statement-breakpoint
CREATE INDEX "message_request_idx" ON "message" ("tenant_id","request_id");--> statement-breakpoint
CREATE INDEX "message_attempted_idx" ON "message" ("tenant_id","account_id","attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messaging_account_one_active" ON "messaging_account" ("tenant_id") WHERE active;--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "messaging_account"("tenant_id","account_id");--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_request_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "request"("tenant_id","request_id");--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_incident_fk" FOREIGN KEY ("tenant_id","incident_id") REFERENCES "incident"("tenant_id","incident_id");--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_outage_fk" FOREIGN KEY ("tenant_id","outage_id") REFERENCES "planned_outage"("tenant_id","outage_id");--> statement-breakpoint
ALTER TABLE "message_opt_out" ADD CONSTRAINT "message_opt_out_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "message_template" ADD CONSTRAINT "message_template_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "messaging_account" ADD CONSTRAINT "messaging_account_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "message" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "message_opt_out" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "message_template" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "messaging_account" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written (drizzle-kit writes neither): FORCE row level security and grants for section (d)'s tables.
ALTER TABLE messaging_account FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE message FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE message_template FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE message_opt_out FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON messaging_account, message, message_template, message_opt_out FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON SEQUENCE message_reference_seq FROM PUBLIC;
--> statement-breakpoint
-- Accounts are replaced, not deleted (messages name the account they went through).
GRANT SELECT, INSERT, UPDATE ON messaging_account TO app_user;
--> statement-breakpoint
-- Messages are kept: their state moves on, nothing deletes them.
GRANT SELECT, INSERT, UPDATE ON message TO app_user;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE message_reference_seq TO app_user;
--> statement-breakpoint
-- A company's wording can be put back to the national default (deleted).
GRANT SELECT, INSERT, UPDATE, DELETE ON message_template TO app_user;
--> statement-breakpoint
-- A customer who opts back in is deleted from the list.
GRANT SELECT, INSERT, DELETE ON message_opt_out TO app_user;
