CREATE TABLE "notification" (
	"tenant_id" uuid,
	"notification_id" uuid DEFAULT gen_random_uuid(),
	"kind" text NOT NULL,
	"unit_id" uuid,
	"role" text,
	"request_id" uuid NOT NULL,
	"case_id" uuid,
	"level" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_pkey" PRIMARY KEY("tenant_id","notification_id"),
	CONSTRAINT "notification_kind_check" CHECK (kind in ('warned', 'overdue', 'escalated')),
	CONSTRAINT "notification_audience_check" CHECK ((unit_id is null) <> (role is null))
);
--> statement-breakpoint
ALTER TABLE "notification" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "notification_read" (
	"tenant_id" uuid,
	"notification_id" uuid,
	"subject" text,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_read_pkey" PRIMARY KEY("tenant_id","notification_id","subject")
);
--> statement-breakpoint
ALTER TABLE "notification_read" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "followup_action" ADD COLUMN "level" smallint;--> statement-breakpoint
ALTER TABLE "followup_case" ADD COLUMN "escalation_level" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "followup_case" ADD COLUMN "escalate_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "followup_settings" ADD COLUMN "ladder" jsonb;--> statement-breakpoint
CREATE INDEX "followup_case_escalate_idx" ON "followup_case" ("tenant_id","escalate_at") WHERE state <> 'closed';--> statement-breakpoint
CREATE INDEX "notification_unit_idx" ON "notification" ("tenant_id","unit_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_role_idx" ON "notification" ("tenant_id","role","created_at");--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_unit_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_request_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "request"("tenant_id","request_id");--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_case_fk" FOREIGN KEY ("tenant_id","case_id") REFERENCES "followup_case"("tenant_id","case_id");--> statement-breakpoint
ALTER TABLE "notification_read" ADD CONSTRAINT "notification_read_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "notification_read" ADD CONSTRAINT "notification_read_notification_fk" FOREIGN KEY ("tenant_id","notification_id") REFERENCES "notification"("tenant_id","notification_id");--> statement-breakpoint
ALTER TABLE "followup_case" ADD CONSTRAINT "followup_case_level_check" CHECK (escalation_level between 1 and 6);--> statement-breakpoint
ALTER TABLE "followup_action" DROP CONSTRAINT "followup_action_kind_check", ADD CONSTRAINT "followup_action_kind_check" CHECK (kind in ('opened', 'triggered', 'ask_unit', 'remind', 'unit_answer', 'accept_answer', 'return_answer', 'callback', 'answer_customer', 'note', 'escalate', 'close'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "notification" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "unit_reach" ON "notification" AS RESTRICTIVE FOR SELECT TO "app_user" USING ((select current_setting('app.unit_reach', true)) = '*'
        or exists (select 1 from unit u where u.tenant_id = notification.tenant_id and u.unit_id = notification.unit_id
          and u.unit_id = any ((select app_unit_reach())::uuid[])));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "notification_read" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written (drizzle-kit writes neither): FORCE row level security and grants for the notifications.
ALTER TABLE notification FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notification_read FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON notification, notification_read FROM PUBLIC;
--> statement-breakpoint
-- Told once, kept: nothing updates or deletes a notification; a read mark is added once per person.
GRANT SELECT, INSERT ON notification TO app_user;
--> statement-breakpoint
GRANT SELECT, INSERT ON notification_read TO app_user;
