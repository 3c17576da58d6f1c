CREATE TABLE "kpi_company_monthly" (
	"tenant_id" uuid,
	"month" text,
	"category_code" text,
	"category_ref" text GENERATED ALWAYS AS (nullif(category_code, '')) STORED,
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
	CONSTRAINT "kpi_company_monthly_pkey" PRIMARY KEY("tenant_id","month","category_code"),
	CONSTRAINT "kpi_company_monthly_month_format" CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD CONSTRAINT "kpi_company_monthly_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD CONSTRAINT "kpi_company_monthly_category_fk" FOREIGN KEY ("category_ref") REFERENCES "category"("code");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kpi_company_monthly" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written (drizzle-kit writes neither): FORCE row level security and grants for the company's Jalali months,
-- written by refreshRollups with the daily rows (delete and insert, like kpi_daily).
ALTER TABLE kpi_company_monthly FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON kpi_company_monthly FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON kpi_company_monthly TO app_user;
