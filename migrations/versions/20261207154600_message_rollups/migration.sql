ALTER TABLE "kpi_company_daily" ADD COLUMN "messages_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "messages_delivered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "messages_failed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_daily" ADD COLUMN "opt_outs" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "messages_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "messages_delivered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "messages_failed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_company_monthly" ADD COLUMN "opt_outs" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "messages_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "messages_delivered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "messages_failed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_daily" ADD COLUMN "opt_outs" integer DEFAULT 0 NOT NULL;