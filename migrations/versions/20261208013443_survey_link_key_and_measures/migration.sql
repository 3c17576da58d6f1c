ALTER TABLE "survey" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "survey_settings" ADD COLUMN "link_key" text DEFAULT encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex') NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "surveys_sampled" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "surveys_ended" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "surveys_completed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "ivr_surveys" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "survey_call_score_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "survey_call_responses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "surveys_fixed_answered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "surveys_fixed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "survey_fix_score_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "survey_fix_responses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "survey_overall_responses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "surveys_satisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "surveys_sampled" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "surveys_ended" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "surveys_completed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "ivr_surveys" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "survey_call_score_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "survey_call_responses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "surveys_fixed_answered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "surveys_fixed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "survey_fix_score_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "survey_fix_responses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "survey_overall_responses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "surveys_satisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "surveys_sampled" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "surveys_ended" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "surveys_completed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "ivr_surveys" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "survey_call_score_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "survey_call_responses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "surveys_fixed_answered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "surveys_fixed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "survey_fix_score_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "survey_fix_responses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "survey_overall_responses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "surveys_satisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
DROP INDEX "survey_completed_idx";--> statement-breakpoint
CREATE INDEX "survey_completed_idx" ON "survey" ("tenant_id","completed_at") WHERE completed_at is not null;--> statement-breakpoint
CREATE INDEX "survey_sampled_idx" ON "survey" ("tenant_id","sampled_at");--> statement-breakpoint
CREATE INDEX "survey_ended_idx" ON "survey" ("tenant_id","ended_at") WHERE ended_at is not null;--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_ended_check" CHECK ((status = 'pending') = (ended_at is null));