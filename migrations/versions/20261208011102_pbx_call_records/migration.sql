ALTER TABLE "staff_profile" ADD COLUMN "pbx_extension" text;--> statement-breakpoint
ALTER TABLE "contact" ADD COLUMN "agent_extension" text;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "contacts_abandoned_unseen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "contacts_abandoned_unseen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "contacts_abandoned_unseen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_profile_pbx_extension_idx" ON "staff_profile" ("tenant_id","pbx_extension") WHERE pbx_extension is not null;--> statement-breakpoint
ALTER TABLE "contact" DROP CONSTRAINT "contact_outcome_check", ADD CONSTRAINT "contact_outcome_check" CHECK (outcome in ('informed', 'request_registered', 'linked_incident', 'linked_outage', 'transferred', 'abandoned', 'answered', 'repeat_call'));