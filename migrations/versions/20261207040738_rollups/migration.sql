CREATE TABLE "kpi_daily" (
	"tenant_id" uuid,
	"day" date,
	"unit_id" uuid,
	"category_code" text,
	"line_id" uuid,
	"channel" text,
	"category_ref" text GENERATED ALWAYS AS (nullif(category_code, '')) STORED,
	"line_ref" uuid GENERATED ALWAYS AS (nullif(line_id, '00000000-0000-0000-0000-000000000000'::uuid)) STORED,
	"contacts_offered" integer DEFAULT 0 NOT NULL,
	"contacts_answered" integer DEFAULT 0 NOT NULL,
	"contacts_abandoned" integer DEFAULT 0 NOT NULL,
	"contacts_answered_in_threshold" integer DEFAULT 0 NOT NULL,
	"contacts_short_abandoned" integer DEFAULT 0 NOT NULL,
	"wait_seconds" bigint DEFAULT 0 NOT NULL,
	"talk_seconds" bigint DEFAULT 0 NOT NULL,
	"first_contact_resolutions" integer DEFAULT 0 NOT NULL,
	"incident_calls" integer DEFAULT 0 NOT NULL,
	"requests_registered" integer DEFAULT 0 NOT NULL,
	"requests_resolved" integer DEFAULT 0 NOT NULL,
	"requests_closed" integer DEFAULT 0 NOT NULL,
	"requests_reopened" integer DEFAULT 0 NOT NULL,
	"requests_returned" integer DEFAULT 0 NOT NULL,
	"sla_met" integer DEFAULT 0 NOT NULL,
	"sla_breached" integer DEFAULT 0 NOT NULL,
	"resolution_seconds" bigint DEFAULT 0 NOT NULL,
	"resolution_le_1h" integer DEFAULT 0 NOT NULL,
	"resolution_le_4h" integer DEFAULT 0 NOT NULL,
	"resolution_le_8h" integer DEFAULT 0 NOT NULL,
	"resolution_le_24h" integer DEFAULT 0 NOT NULL,
	"resolution_le_48h" integer DEFAULT 0 NOT NULL,
	"resolution_le_72h" integer DEFAULT 0 NOT NULL,
	"resolution_le_7d" integer DEFAULT 0 NOT NULL,
	"resolution_le_14d" integer DEFAULT 0 NOT NULL,
	"resolution_le_30d" integer DEFAULT 0 NOT NULL,
	"resolution_gt_30d" integer DEFAULT 0 NOT NULL,
	"incidents_opened" integer DEFAULT 0 NOT NULL,
	"planned_outages" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "kpi_daily_pkey" PRIMARY KEY("tenant_id","day","unit_id","category_code","line_id","channel"),
	CONSTRAINT "kpi_daily_channel_check" CHECK (channel in ('', 'phone', 'sms', 'web', 'app', 'in_person', 'samad'))
);
--> statement-breakpoint
ALTER TABLE "kpi_daily" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "request_event_status_day_idx" ON "request_event" ("tenant_id","occurred_at") WHERE kind = 'status_changed';--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD CONSTRAINT "kpi_daily_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD CONSTRAINT "kpi_daily_unit_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD CONSTRAINT "kpi_daily_line_fk" FOREIGN KEY ("tenant_id","line_ref") REFERENCES "line"("tenant_id","line_id");--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD CONSTRAINT "kpi_daily_category_fk" FOREIGN KEY ("category_ref") REFERENCES "category"("code");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kpi_daily" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written (drizzle-kit writes neither): FORCE row level security and grants for the KPI rollups. The API role
-- recomputes a day by deleting and inserting its rows (refreshRollups); the supervisor may read (its cross-tenant
-- read policy comes with the national view), never write.
ALTER TABLE kpi_daily FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON kpi_daily FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON kpi_daily TO app_user;
--> statement-breakpoint
GRANT SELECT ON kpi_daily TO app_supervisor;
