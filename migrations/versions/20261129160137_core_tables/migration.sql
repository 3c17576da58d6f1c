CREATE TABLE "audit_event" (
	"tenant_id" uuid,
	"audit_id" uuid DEFAULT gen_random_uuid(),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_subject" text NOT NULL,
	"actor_kind" text NOT NULL,
	"operation" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"request_id" text,
	"outcome" text NOT NULL,
	"detail" jsonb DEFAULT '{}' NOT NULL,
	CONSTRAINT "audit_event_pkey" PRIMARY KEY("tenant_id","audit_id"),
	CONSTRAINT "audit_event_actor_kind_check" CHECK (actor_kind in ('user', 'service', 'system')),
	CONSTRAINT "audit_event_outcome_check" CHECK (outcome in ('success', 'refused', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "audit_event" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "category" (
	"code" text PRIMARY KEY,
	"family" text NOT NULL,
	"service" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"emergency" boolean NOT NULL,
	"default_priority" text NOT NULL,
	"sla_minutes" integer NOT NULL,
	"sla_clock" text NOT NULL,
	"creates_request" boolean NOT NULL,
	"complaint" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "category_code_format" CHECK (code ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
	CONSTRAINT "category_family_check" CHECK (family in ('water_network', 'wastewater', 'water_quality', 'meter_account', 'billing', 'connection', 'complaint', 'information')),
	CONSTRAINT "category_service_check" CHECK (service in ('122', '1523')),
	CONSTRAINT "category_priority_check" CHECK (default_priority in ('critical', 'high', 'normal', 'low')),
	CONSTRAINT "category_sla_clock_check" CHECK (sla_clock in ('calendar', 'business')),
	CONSTRAINT "category_sla_positive" CHECK (sla_minutes > 0),
	CONSTRAINT "category_emergency_calendar" CHECK (not emergency or sla_clock = 'calendar')
);
--> statement-breakpoint
CREATE TABLE "category_override" (
	"tenant_id" uuid,
	"category_code" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"name_fa" text,
	"default_priority" text,
	"sla_minutes" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "category_override_pkey" PRIMARY KEY("tenant_id","category_code"),
	CONSTRAINT "category_override_priority_check" CHECK (default_priority is null or default_priority in ('critical', 'high', 'normal', 'low')),
	CONSTRAINT "category_override_sla_positive" CHECK (sla_minutes is null or sla_minutes > 0)
);
--> statement-breakpoint
ALTER TABLE "category_override" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "line" (
	"tenant_id" uuid,
	"line_id" uuid DEFAULT gen_random_uuid(),
	"code" text NOT NULL,
	"service" text NOT NULL,
	"channel" text NOT NULL,
	"number" text,
	"name_fa" text NOT NULL,
	"name_en" text,
	"merged_into_line_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "line_pkey" PRIMARY KEY("tenant_id","line_id"),
	CONSTRAINT "line_code_key" UNIQUE("tenant_id","code"),
	CONSTRAINT "line_service_check" CHECK (service in ('122', '1523')),
	CONSTRAINT "line_channel_check" CHECK (channel in ('phone', 'sms', 'web', 'app', 'in_person', 'samad'))
);
--> statement-breakpoint
ALTER TABLE "line" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "staff_profile" (
	"tenant_id" uuid,
	"staff_id" uuid DEFAULT gen_random_uuid(),
	"subject" text NOT NULL,
	"display_name" text,
	"unit_id" uuid,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"service_account" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_profile_pkey" PRIMARY KEY("tenant_id","staff_id"),
	CONSTRAINT "staff_profile_subject_key" UNIQUE("tenant_id","subject")
);
--> statement-breakpoint
ALTER TABLE "staff_profile" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tenant" (
	"tenant_id" uuid PRIMARY KEY,
	"code" text NOT NULL CONSTRAINT "tenant_code_key" UNIQUE,
	"name_fa" text NOT NULL,
	"name_en" text NOT NULL,
	"province" text NOT NULL,
	"kind" text NOT NULL,
	"time_zone" text DEFAULT 'Asia/Tehran' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_code_format" CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
	CONSTRAINT "tenant_kind_check" CHECK (kind in ('merged_provincial', 'urban', 'rural', 'city')),
	CONSTRAINT "tenant_status_check" CHECK (status in ('active', 'suspended'))
);
--> statement-breakpoint
ALTER TABLE "tenant" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "unit" (
	"tenant_id" uuid,
	"unit_id" uuid DEFAULT gen_random_uuid(),
	"parent_unit_id" uuid,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name_fa" text NOT NULL,
	"name_en" text,
	"city" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_pkey" PRIMARY KEY("tenant_id","unit_id"),
	CONSTRAINT "unit_code_key" UNIQUE("tenant_id","code"),
	CONSTRAINT "unit_root_is_company" CHECK ((parent_unit_id is null) = (kind = 'company')),
	CONSTRAINT "unit_kind_check" CHECK (kind in ('company', 'district', 'team', 'department'))
);
--> statement-breakpoint
ALTER TABLE "unit" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "audit_event_time_idx" ON "audit_event" ("tenant_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_event_target_idx" ON "audit_event" ("tenant_id","target_type","target_id");--> statement-breakpoint
CREATE INDEX "staff_profile_unit_idx" ON "staff_profile" ("tenant_id","unit_id");--> statement-breakpoint
CREATE INDEX "unit_parent_idx" ON "unit" ("tenant_id","parent_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_one_root_idx" ON "unit" ("tenant_id") WHERE parent_unit_id is null;--> statement-breakpoint
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "category_override" ADD CONSTRAINT "category_override_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "category_override" ADD CONSTRAINT "category_override_category_code_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "category"("code");--> statement-breakpoint
ALTER TABLE "line" ADD CONSTRAINT "line_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "line" ADD CONSTRAINT "line_merged_into_fk" FOREIGN KEY ("tenant_id","merged_into_line_id") REFERENCES "line"("tenant_id","line_id");--> statement-breakpoint
ALTER TABLE "staff_profile" ADD CONSTRAINT "staff_profile_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "staff_profile" ADD CONSTRAINT "staff_profile_unit_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_parent_fk" FOREIGN KEY ("tenant_id","parent_unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "audit_event" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "category_override" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "line" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "staff_profile" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "tenant" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "unit" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));