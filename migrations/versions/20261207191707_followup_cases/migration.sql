CREATE TABLE "followup_action" (
	"tenant_id" uuid,
	"action_id" uuid DEFAULT gen_random_uuid(),
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_subject" text NOT NULL,
	"note" text,
	"agreed_due_at" timestamp with time zone,
	"trigger" text,
	"callback_outcome" text,
	"result" text,
	"message_id" uuid,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "followup_action_pkey" PRIMARY KEY("tenant_id","action_id"),
	CONSTRAINT "followup_action_kind_check" CHECK (kind in ('opened', 'triggered', 'ask_unit', 'remind', 'unit_answer', 'accept_answer', 'return_answer', 'callback', 'answer_customer', 'note', 'close')),
	CONSTRAINT "followup_action_trigger_check" CHECK (trigger is null or trigger in ('overdue', 'not_fixed', 'repeat_call', 'returned_twice', 'manual')),
	CONSTRAINT "followup_action_callback_check" CHECK (callback_outcome is null or callback_outcome in ('reached', 'no_answer', 'busy', 'wrong_number')),
	CONSTRAINT "followup_action_result_check" CHECK (result is null or result in ('fixed', 'not_our_responsibility', 'customer_unreachable', 'duplicate', 'other')),
	CONSTRAINT "followup_action_note_length" CHECK (note is null or char_length(note) <= 2000)
);
--> statement-breakpoint
ALTER TABLE "followup_action" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "followup_case" (
	"tenant_id" uuid,
	"case_id" uuid DEFAULT gen_random_uuid(),
	"request_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"reason" text,
	"state" text DEFAULT 'open' NOT NULL,
	"agreed_due_at" timestamp with time zone,
	"customer_calls" integer DEFAULT 0 NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"result" text,
	"result_note" text,
	"closed_by" text,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "followup_case_pkey" PRIMARY KEY("tenant_id","case_id"),
	CONSTRAINT "followup_case_trigger_check" CHECK (trigger in ('overdue', 'not_fixed', 'repeat_call', 'returned_twice', 'manual')),
	CONSTRAINT "followup_case_state_check" CHECK (state in ('open', 'waiting_unit', 'answered', 'closed')),
	CONSTRAINT "followup_case_result_check" CHECK (result is null or result in ('fixed', 'not_our_responsibility', 'customer_unreachable', 'duplicate', 'other')),
	CONSTRAINT "followup_case_closed_check" CHECK ((state = 'closed') = (result is not null and closed_at is not null)),
	CONSTRAINT "followup_case_reason_length" CHECK (reason is null or char_length(reason) <= 1000),
	CONSTRAINT "followup_case_result_note_length" CHECK (result_note is null or char_length(result_note) <= 1000),
	CONSTRAINT "followup_case_calls_check" CHECK (customer_calls >= 0)
);
--> statement-breakpoint
ALTER TABLE "followup_case" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "followup_settings" (
	"tenant_id" uuid PRIMARY KEY,
	"trigger_overdue" boolean DEFAULT true NOT NULL,
	"trigger_not_fixed" boolean DEFAULT true NOT NULL,
	"trigger_repeat_call" boolean DEFAULT true NOT NULL,
	"trigger_returned_twice" boolean DEFAULT true NOT NULL,
	"warn_at_percent" smallint DEFAULT 80 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "followup_settings_warn_check" CHECK (warn_at_percent between 1 and 99)
);
--> statement-breakpoint
ALTER TABLE "followup_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "request" ADD COLUMN "warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "request" ADD COLUMN "due_warned_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "request_warn_idx" ON "request" ("tenant_id","warn_at") WHERE due_warned_at is null and status in ('registered', 'dispatched', 'in_progress', 'reopened');--> statement-breakpoint
CREATE INDEX "followup_action_case_idx" ON "followup_action" ("tenant_id","case_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "followup_case_one_open_key" ON "followup_case" ("tenant_id","request_id") WHERE state <> 'closed';--> statement-breakpoint
CREATE INDEX "followup_case_state_idx" ON "followup_case" ("tenant_id","state","opened_at");--> statement-breakpoint
CREATE INDEX "followup_case_request_idx" ON "followup_case" ("tenant_id","request_id");--> statement-breakpoint
ALTER TABLE "followup_action" ADD CONSTRAINT "followup_action_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "followup_action" ADD CONSTRAINT "followup_action_case_fk" FOREIGN KEY ("tenant_id","case_id") REFERENCES "followup_case"("tenant_id","case_id");--> statement-breakpoint
ALTER TABLE "followup_action" ADD CONSTRAINT "followup_action_message_fk" FOREIGN KEY ("tenant_id","message_id") REFERENCES "message"("tenant_id","message_id");--> statement-breakpoint
ALTER TABLE "followup_case" ADD CONSTRAINT "followup_case_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "followup_case" ADD CONSTRAINT "followup_case_request_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "request"("tenant_id","request_id");--> statement-breakpoint
ALTER TABLE "followup_settings" ADD CONSTRAINT "followup_settings_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "request_event" DROP CONSTRAINT "request_event_kind_check", ADD CONSTRAINT "request_event_kind_check" CHECK (kind in ('registered', 'dispatched', 'status_changed', 'priority_changed', 'linked_incident', 'note', 'repeat_call', 'follow_up'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "followup_action" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "unit_reach" ON "followup_action" AS RESTRICTIVE FOR SELECT TO "app_user" USING ((select current_setting('app.unit_reach', true)) = '*'
        or exists (select 1 from followup_case c where c.tenant_id = followup_action.tenant_id
          and c.case_id = followup_action.case_id));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "followup_case" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "unit_reach" ON "followup_case" AS RESTRICTIVE FOR SELECT TO "app_user" USING ((select current_setting('app.unit_reach', true)) = '*'
        or exists (select 1 from request r where r.tenant_id = followup_case.tenant_id
          and r.request_id = followup_case.request_id));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "followup_settings" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written (drizzle-kit writes neither): FORCE row level security and grants for section (b)'s tables.
ALTER TABLE followup_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE followup_case FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE followup_action FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON followup_settings, followup_case, followup_action FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON followup_settings TO app_user;
--> statement-breakpoint
-- A case moves on and is closed, never deleted; its actions are its history, append-only.
GRANT SELECT, INSERT, UPDATE ON followup_case TO app_user;
--> statement-breakpoint
GRANT SELECT, INSERT ON followup_action TO app_user;
