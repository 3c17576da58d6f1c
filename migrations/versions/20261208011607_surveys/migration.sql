CREATE SEQUENCE "public"."survey_link_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 10000 CACHE 1;--> statement-breakpoint
CREATE TABLE "survey" (
	"tenant_id" uuid,
	"survey_id" uuid DEFAULT gen_random_uuid(),
	"method" text NOT NULL,
	"questionnaire_version" integer,
	"request_id" uuid,
	"contact_id" uuid,
	"unit_id" uuid,
	"agent_subject" text,
	"category_code" text,
	"mobile" text,
	"reason" jsonb NOT NULL,
	"sampled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"link_ref" bigint,
	"link_expires_at" timestamp with time zone,
	"link_used_at" timestamp with time zone,
	"message_id" uuid,
	"answers" jsonb DEFAULT '{}' NOT NULL,
	"call_score" smallint,
	"fixed" boolean,
	"fix_score" smallint,
	"overall_score" smallint,
	"completed_at" timestamp with time zone,
	"completed_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_pkey" PRIMARY KEY("tenant_id","survey_id"),
	CONSTRAINT "survey_method_check" CHECK (method in ('phone', 'sms', 'ivr')),
	CONSTRAINT "survey_status_check" CHECK (status in ('pending', 'completed', 'refused', 'unreachable', 'expired')),
	CONSTRAINT "survey_subject_check" CHECK (case when method = 'ivr' then contact_id is not null and request_id is null else request_id is not null end),
	CONSTRAINT "survey_mobile_check" CHECK (mobile is null or mobile ~ '^\+989[0-9]{9}$'),
	CONSTRAINT "survey_scores_check" CHECK (coalesce(call_score, 1) between 1 and 5 and coalesce(fix_score, 1) between 1 and 5
      and coalesce(overall_score, 1) between 1 and 5),
	CONSTRAINT "survey_completed_check" CHECK ((status = 'completed') = (completed_at is not null)),
	CONSTRAINT "survey_link_check" CHECK ((link_ref is null) = (link_expires_at is null)),
	CONSTRAINT "survey_answers_check" CHECK (jsonb_typeof(answers) = 'object')
);
--> statement-breakpoint
ALTER TABLE "survey" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "survey_attempt" (
	"tenant_id" uuid,
	"attempt_id" uuid DEFAULT gen_random_uuid(),
	"survey_id" uuid NOT NULL,
	"officer_subject" text NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_attempt_pkey" PRIMARY KEY("tenant_id","attempt_id"),
	CONSTRAINT "survey_attempt_outcome_check" CHECK (outcome in ('no_answer', 'busy', 'refused', 'wrong_number', 'completed')),
	CONSTRAINT "survey_attempt_note_length" CHECK (note is null or char_length(note) <= 1000)
);
--> statement-breakpoint
ALTER TABLE "survey_attempt" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "survey_questionnaire" (
	"tenant_id" uuid,
	"version" integer,
	"questions" jsonb NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_questionnaire_pkey" PRIMARY KEY("tenant_id","version"),
	CONSTRAINT "survey_questionnaire_version_check" CHECK (version > 0),
	CONSTRAINT "survey_questionnaire_questions_check" CHECK (jsonb_typeof(questions) = 'array'),
	CONSTRAINT "survey_questionnaire_note_length" CHECK (note is null or char_length(note) <= 500)
);
--> statement-breakpoint
ALTER TABLE "survey_questionnaire" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "survey_settings" (
	"tenant_id" uuid PRIMARY KEY,
	"share" numeric(4,3) DEFAULT '0.1' NOT NULL,
	"minimum_per_unit" smallint DEFAULT 3 NOT NULL,
	"delay_hours" smallint DEFAULT 24 NOT NULL,
	"cooldown_days" smallint DEFAULT 30 NOT NULL,
	"excluded_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"method" text DEFAULT 'phone' NOT NULL,
	"max_attempts" smallint DEFAULT 3 NOT NULL,
	"retry_minutes" integer DEFAULT 120 NOT NULL,
	"link_hours" integer DEFAULT 72 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_settings_share_check" CHECK (share between 0 and 1),
	CONSTRAINT "survey_settings_minimum_check" CHECK (minimum_per_unit between 0 and 100),
	CONSTRAINT "survey_settings_delay_check" CHECK (delay_hours between 0 and 720),
	CONSTRAINT "survey_settings_cooldown_check" CHECK (cooldown_days between 0 and 365),
	CONSTRAINT "survey_settings_method_check" CHECK (method in ('phone', 'sms')),
	CONSTRAINT "survey_settings_attempts_check" CHECK (max_attempts between 1 and 10),
	CONSTRAINT "survey_settings_retry_check" CHECK (retry_minutes between 10 and 10080),
	CONSTRAINT "survey_settings_link_check" CHECK (link_hours between 1 and 720)
);
--> statement-breakpoint
ALTER TABLE "survey_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_request_key" ON "survey" ("tenant_id","request_id") WHERE request_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_contact_key" ON "survey" ("tenant_id","contact_id") WHERE contact_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_link_key" ON "survey" ("tenant_id","link_ref") WHERE link_ref is not null;--> statement-breakpoint
CREATE INDEX "survey_worklist_idx" ON "survey" ("tenant_id","next_attempt_at") WHERE status = 'pending' and method = 'phone';--> statement-breakpoint
CREATE INDEX "survey_mobile_idx" ON "survey" ("tenant_id","mobile","sampled_at");--> statement-breakpoint
CREATE INDEX "survey_completed_idx" ON "survey" ("tenant_id","completed_at");--> statement-breakpoint
CREATE INDEX "survey_attempt_survey_idx" ON "survey_attempt" ("tenant_id","survey_id","attempted_at");--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_questionnaire_fk" FOREIGN KEY ("tenant_id","questionnaire_version") REFERENCES "survey_questionnaire"("tenant_id","version");--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_request_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "request"("tenant_id","request_id");--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_contact_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "contact"("tenant_id","contact_id");--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_unit_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_message_fk" FOREIGN KEY ("tenant_id","message_id") REFERENCES "message"("tenant_id","message_id");--> statement-breakpoint
ALTER TABLE "survey_attempt" ADD CONSTRAINT "survey_attempt_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "survey_attempt" ADD CONSTRAINT "survey_attempt_survey_fk" FOREIGN KEY ("tenant_id","survey_id") REFERENCES "survey"("tenant_id","survey_id");--> statement-breakpoint
ALTER TABLE "survey_questionnaire" ADD CONSTRAINT "survey_questionnaire_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "survey_settings" ADD CONSTRAINT "survey_settings_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "message" DROP CONSTRAINT "message_kind_check", ADD CONSTRAINT "message_kind_check" CHECK (kind in ('request_registered', 'request_resolved', 'incident_update', 'outage_notice', 'outage_restored', 'complaint_received', 'survey_invitation', 'custom'));--> statement-breakpoint
ALTER TABLE "message_template" DROP CONSTRAINT "message_template_kind_check", ADD CONSTRAINT "message_template_kind_check" CHECK (kind in ('request_registered', 'request_resolved', 'incident_update', 'outage_notice', 'outage_restored', 'complaint_received', 'survey_invitation', 'custom'));--> statement-breakpoint
ALTER TABLE "message_template_proposal" DROP CONSTRAINT "message_template_proposal_kind_check", ADD CONSTRAINT "message_template_proposal_kind_check" CHECK (kind in ('request_registered', 'request_resolved', 'incident_update', 'outage_notice', 'outage_restored', 'complaint_received', 'survey_invitation', 'custom'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "survey" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "survey_attempt" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "survey_questionnaire" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "survey_settings" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written (drizzle-kit writes neither): FORCE row level security and grants for the surveys.
ALTER TABLE survey_questionnaire FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE survey_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE survey FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE survey_attempt FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON survey_questionnaire, survey_settings, survey, survey_attempt FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON SEQUENCE survey_link_seq FROM PUBLIC;
--> statement-breakpoint
-- A questionnaire's versions and the attempts are only added to; settings and surveys change in place.
GRANT SELECT, INSERT ON survey_questionnaire, survey_attempt TO app_user;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON survey_settings, survey TO app_user;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE survey_link_seq TO app_user;
