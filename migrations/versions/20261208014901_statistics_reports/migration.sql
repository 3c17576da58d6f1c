CREATE TABLE "statistics_report" (
	"tenant_id" uuid,
	"report_id" uuid DEFAULT gen_random_uuid(),
	"kind" text NOT NULL,
	"period_key" text NOT NULL,
	"period_from" text NOT NULL,
	"period_to" text NOT NULL,
	"content" jsonb NOT NULL,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"generated_by" text NOT NULL,
	CONSTRAINT "statistics_report_pkey" PRIMARY KEY("tenant_id","report_id"),
	CONSTRAINT "statistics_report_kind_check" CHECK (kind in ('weekly', 'monthly')),
	CONSTRAINT "statistics_report_days_check" CHECK (period_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' and period_to >= period_from)
);
--> statement-breakpoint
ALTER TABLE "statistics_report" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "statistics_report_period_key" ON "statistics_report" ("tenant_id","kind","period_key");--> statement-breakpoint
CREATE INDEX "statistics_report_generated_idx" ON "statistics_report" ("tenant_id","generated_at");--> statement-breakpoint
ALTER TABLE "statistics_report" ADD CONSTRAINT "statistics_report_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "statistics_report" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written: FORCE row level security and grants. A report is made once and kept as it was made.
ALTER TABLE statistics_report FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON statistics_report FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT, INSERT ON statistics_report TO app_user;
