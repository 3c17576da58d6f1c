ALTER TABLE "complaint" ADD COLUMN "breach_told_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification" ADD COLUMN "complaint_id" uuid;--> statement-breakpoint
ALTER TABLE "notification" ALTER COLUMN "request_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_complaint_fk" FOREIGN KEY ("tenant_id","complaint_id") REFERENCES "complaint"("tenant_id","complaint_id");--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_subject_check" CHECK ((request_id is null) <> (complaint_id is null));--> statement-breakpoint
ALTER TABLE "notification" DROP CONSTRAINT "notification_kind_check", ADD CONSTRAINT "notification_kind_check" CHECK (kind in ('warned', 'overdue', 'escalated', 'complaint_overdue'));