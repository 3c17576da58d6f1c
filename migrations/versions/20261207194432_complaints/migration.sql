CREATE TABLE "complaint" (
	"tenant_id" uuid,
	"complaint_id" uuid DEFAULT gen_random_uuid(),
	"tracking_code" text NOT NULL,
	"subject" text NOT NULL,
	"channel" text NOT NULL,
	"external_ref" text,
	"description" text NOT NULL,
	"complainant_name" text,
	"complainant_mobile" text,
	"subscriber_id" uuid,
	"unit_id" uuid,
	"severity" text,
	"stage" text DEFAULT 'received' NOT NULL,
	"stage_due_at" timestamp with time zone,
	"appeal_level" smallint DEFAULT 0 NOT NULL,
	"response" text,
	"satisfaction" smallint,
	"public_token" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL,
	"received_by" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_pkey" PRIMARY KEY("tenant_id","complaint_id"),
	CONSTRAINT "complaint_subject_check" CHECK (subject in ('unit_work', 'employee_conduct', 'bill', 'centre', 'other')),
	CONSTRAINT "complaint_channel_check" CHECK (channel in ('phone', 'web', 'sms', 'in_person', 'letter', 'samad')),
	CONSTRAINT "complaint_severity_check" CHECK (severity is null or severity in ('low', 'medium', 'high')),
	CONSTRAINT "complaint_stage_check" CHECK (stage in ('received', 'acknowledged', 'assessed', 'investigating', 'response_decided', 'responded', 'closed')),
	CONSTRAINT "complaint_satisfaction_check" CHECK (satisfaction is null or satisfaction between 1 and 5),
	CONSTRAINT "complaint_description_length" CHECK (char_length(description) between 1 and 4000),
	CONSTRAINT "complaint_response_length" CHECK (response is null or char_length(response) <= 2000),
	CONSTRAINT "complaint_mobile_check" CHECK (complainant_mobile is null or complainant_mobile ~ '^\+989[0-9]{9}$')
);
--> statement-breakpoint
ALTER TABLE "complaint" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "complaint_event" (
	"tenant_id" uuid,
	"event_id" uuid DEFAULT gen_random_uuid(),
	"complaint_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_stage" text,
	"to_stage" text,
	"note" text,
	"actor_subject" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_event_pkey" PRIMARY KEY("tenant_id","event_id"),
	CONSTRAINT "complaint_event_note_length" CHECK (note is null or char_length(note) <= 4000)
);
--> statement-breakpoint
ALTER TABLE "complaint_event" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "complaint_request" (
	"tenant_id" uuid,
	"complaint_id" uuid,
	"request_id" uuid,
	CONSTRAINT "complaint_request_pkey" PRIMARY KEY("tenant_id","complaint_id","request_id")
);
--> statement-breakpoint
ALTER TABLE "complaint_request" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_tracking_code_key" ON "complaint" ("tenant_id","tracking_code");--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_external_ref_key" ON "complaint" ("tenant_id","external_ref") WHERE external_ref is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_public_token_key" ON "complaint" ("tenant_id","public_token");--> statement-breakpoint
CREATE INDEX "complaint_stage_idx" ON "complaint" ("tenant_id","stage","stage_due_at");--> statement-breakpoint
CREATE INDEX "complaint_event_complaint_idx" ON "complaint_event" ("tenant_id","complaint_id","occurred_at");--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_unit_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_subscriber_fk" FOREIGN KEY ("tenant_id","subscriber_id") REFERENCES "subscriber"("tenant_id","subscriber_id");--> statement-breakpoint
ALTER TABLE "complaint_event" ADD CONSTRAINT "complaint_event_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "complaint_event" ADD CONSTRAINT "complaint_event_complaint_fk" FOREIGN KEY ("tenant_id","complaint_id") REFERENCES "complaint"("tenant_id","complaint_id");--> statement-breakpoint
ALTER TABLE "complaint_request" ADD CONSTRAINT "complaint_request_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "complaint_request" ADD CONSTRAINT "complaint_request_complaint_fk" FOREIGN KEY ("tenant_id","complaint_id") REFERENCES "complaint"("tenant_id","complaint_id");--> statement-breakpoint
ALTER TABLE "complaint_request" ADD CONSTRAINT "complaint_request_request_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "request"("tenant_id","request_id");--> statement-breakpoint
ALTER TABLE "message" DROP CONSTRAINT "message_kind_check", ADD CONSTRAINT "message_kind_check" CHECK (kind in ('request_registered', 'request_resolved', 'incident_update', 'outage_notice', 'outage_restored', 'complaint_received', 'custom'));--> statement-breakpoint
ALTER TABLE "message_template" DROP CONSTRAINT "message_template_kind_check", ADD CONSTRAINT "message_template_kind_check" CHECK (kind in ('request_registered', 'request_resolved', 'incident_update', 'outage_notice', 'outage_restored', 'complaint_received', 'custom'));--> statement-breakpoint
ALTER TABLE "message_template_proposal" DROP CONSTRAINT "message_template_proposal_kind_check", ADD CONSTRAINT "message_template_proposal_kind_check" CHECK (kind in ('request_registered', 'request_resolved', 'incident_update', 'outage_notice', 'outage_restored', 'complaint_received', 'custom'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "complaint" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "complaint_event" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "complaint_request" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written (drizzle-kit writes neither): FORCE row level security and grants for the complaints.
ALTER TABLE complaint FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE complaint_request FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE complaint_event FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON complaint, complaint_request, complaint_event FROM PUBLIC;
--> statement-breakpoint
-- A complaint moves through its stages and is kept; its links and history are only added to.
GRANT SELECT, INSERT, UPDATE ON complaint TO app_user;
--> statement-breakpoint
GRANT SELECT, INSERT ON complaint_request, complaint_event TO app_user;
