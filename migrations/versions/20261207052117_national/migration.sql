CREATE TABLE "national_class_override" (
	"override_id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	"company_id" uuid NOT NULL,
	"period" text NOT NULL,
	"performance_class" text NOT NULL,
	"reason" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_by_name" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_class_override_period_format" CHECK (period ~ '^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$'),
	CONSTRAINT "national_class_override_class_check" CHECK (performance_class in ('weak', 'medium', 'strong')),
	CONSTRAINT "national_class_override_reason" CHECK (length(btrim(reason)) > 0)
);
--> statement-breakpoint
CREATE TABLE "national_evaluation" (
	"evaluation_id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	"company_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"score" numeric(5,2) NOT NULL,
	"performance_class" text NOT NULL,
	"findings" text,
	"recorded_by" text NOT NULL,
	"recorded_by_name" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_evaluation_score_range" CHECK (score >= 0 and score <= 100),
	CONSTRAINT "national_evaluation_class_check" CHECK (performance_class in ('weak', 'medium', 'strong'))
);
--> statement-breakpoint
CREATE TABLE "supervision_read" (
	"read_id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"subject" text NOT NULL,
	"actor_name" text,
	"client_id" text,
	"operation" text NOT NULL,
	"company_ids" uuid[] NOT NULL,
	"request_id" text,
	"detail" jsonb DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX "national_class_override_company_idx" ON "national_class_override" ("company_id","period","recorded_at");--> statement-breakpoint
CREATE INDEX "national_evaluation_company_idx" ON "national_evaluation" ("company_id","visited_on");--> statement-breakpoint
CREATE INDEX "supervision_read_at_idx" ON "supervision_read" ("at");--> statement-breakpoint
ALTER TABLE "national_class_override" ADD CONSTRAINT "national_class_override_company_id_tenant_tenant_id_fkey" FOREIGN KEY ("company_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "national_evaluation" ADD CONSTRAINT "national_evaluation_company_id_tenant_tenant_id_fkey" FOREIGN KEY ("company_id") REFERENCES "tenant"("tenant_id");