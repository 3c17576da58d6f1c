ALTER TABLE "staff_profile" ADD COLUMN "pbx_extension" text;--> statement-breakpoint
ALTER TABLE "contact" ADD COLUMN "agent_extension" text;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "contacts_abandoned_unseen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "contacts_abandoned_unseen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "contacts_abandoned_unseen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_profile_pbx_extension_idx" ON "staff_profile" ("tenant_id","pbx_extension") WHERE pbx_extension is not null;--> statement-breakpoint
ALTER TABLE "contact" DROP CONSTRAINT "contact_outcome_check", ADD CONSTRAINT "contact_outcome_check" CHECK (outcome in ('informed', 'request_registered', 'linked_incident', 'linked_outage', 'transferred', 'abandoned', 'answered', 'repeat_call'));--> statement-breakpoint
-- Hand-written: a call is now known from two records that meet on its call id — the agent's (recordContact) and the
-- PBX's (its call records, in bulk, before or after) — so the API completes a contact in place. Only the columns the
-- two records fill: never its company, id, call id or channel.
GRANT UPDATE (outcome, category_code, request_id, subscriber_id, incident_id, outage_id, note, first_contact_resolution,
  agent_subject, recorded_by, caller_number, line_id, service, started_at, ended_at, queue_wait_seconds, talk_seconds,
  agent_extension) ON contact TO app_user;
