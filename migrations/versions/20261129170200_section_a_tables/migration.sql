CREATE TABLE "contact" (
	"tenant_id" uuid,
	"contact_id" uuid DEFAULT gen_random_uuid(),
	"line_id" uuid,
	"channel" text NOT NULL,
	"service" text NOT NULL,
	"caller_number" text,
	"agent_subject" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"category_code" text,
	"outcome" text NOT NULL,
	"first_contact_resolution" boolean DEFAULT false NOT NULL,
	"subscriber_id" uuid,
	"request_id" uuid,
	"incident_id" uuid,
	"outage_id" uuid,
	"pbx_call_id" text,
	"queue_wait_seconds" integer,
	"talk_seconds" integer,
	"note" text,
	CONSTRAINT "contact_pkey" PRIMARY KEY("tenant_id","contact_id"),
	CONSTRAINT "contact_channel_check" CHECK (channel in ('phone', 'sms', 'web', 'app', 'in_person', 'samad')),
	CONSTRAINT "contact_service_check" CHECK (service in ('122', '1523')),
	CONSTRAINT "contact_outcome_check" CHECK (outcome in ('informed', 'request_registered', 'linked_incident', 'linked_outage', 'transferred', 'abandoned')),
	CONSTRAINT "contact_durations" CHECK (coalesce(queue_wait_seconds, 0) >= 0 and coalesce(talk_seconds, 0) >= 0),
	CONSTRAINT "contact_request_outcome" CHECK (outcome <> 'request_registered' or request_id is not null)
);
--> statement-breakpoint
ALTER TABLE "contact" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "incident" (
	"tenant_id" uuid,
	"incident_id" uuid DEFAULT gen_random_uuid(),
	"category_code" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"title" text NOT NULL,
	"address" text,
	"latitude" double precision,
	"longitude" double precision,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution_note" text,
	CONSTRAINT "incident_pkey" PRIMARY KEY("tenant_id","incident_id"),
	CONSTRAINT "incident_status_check" CHECK (status in ('open', 'resolved')),
	CONSTRAINT "incident_resolved" CHECK ((status = 'resolved') = (resolved_at is not null)),
	CONSTRAINT "incident_coordinates" CHECK ((latitude is null) = (longitude is null) and (latitude is null or (latitude between -90 and 90 and longitude between -180 and 180)))
);
--> statement-breakpoint
ALTER TABLE "incident" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "knowledge_article" (
	"tenant_id" uuid,
	"article_id" uuid,
	"version" integer,
	"category_code" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "knowledge_article_pkey" PRIMARY KEY("tenant_id","article_id","version"),
	CONSTRAINT "knowledge_article_version_positive" CHECK (version > 0)
);
--> statement-breakpoint
ALTER TABLE "knowledge_article" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "planned_outage" (
	"tenant_id" uuid,
	"outage_id" uuid DEFAULT gen_random_uuid(),
	"unit_id" uuid NOT NULL,
	"area" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "planned_outage_pkey" PRIMARY KEY("tenant_id","outage_id"),
	CONSTRAINT "planned_outage_window" CHECK (ends_at > starts_at)
);
--> statement-breakpoint
ALTER TABLE "planned_outage" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "request" (
	"tenant_id" uuid,
	"request_id" uuid DEFAULT gen_random_uuid(),
	"sequence" bigint NOT NULL,
	"tracking_code" text NOT NULL,
	"category_code" text NOT NULL,
	"service" text NOT NULL,
	"priority" text NOT NULL,
	"priority_reason" text,
	"status" text DEFAULT 'registered' NOT NULL,
	"channel" text NOT NULL,
	"line_id" uuid,
	"subscriber_id" uuid,
	"caller_name" text,
	"caller_mobile" text,
	"address" text,
	"location_unit_id" uuid,
	"assigned_unit_id" uuid,
	"latitude" double precision,
	"longitude" double precision,
	"description" text DEFAULT '' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"registered_by" text NOT NULL,
	"dispatched_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"incident_id" uuid,
	"outage_id" uuid,
	"duplicate_of_request_id" uuid,
	"idempotency_key" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_pkey" PRIMARY KEY("tenant_id","request_id"),
	CONSTRAINT "request_tracking_code_key" UNIQUE("tenant_id","tracking_code"),
	CONSTRAINT "request_sequence_key" UNIQUE("tenant_id","sequence"),
	CONSTRAINT "request_status_check" CHECK (status in ('registered', 'dispatched', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate', 'reopened')),
	CONSTRAINT "request_priority_check" CHECK (priority in ('critical', 'high', 'normal', 'low')),
	CONSTRAINT "request_service_check" CHECK (service in ('122', '1523')),
	CONSTRAINT "request_channel_check" CHECK (channel in ('phone', 'sms', 'web', 'app', 'in_person', 'samad')),
	CONSTRAINT "request_description_length" CHECK (char_length(description) <= 4000),
	CONSTRAINT "request_not_duplicate_of_itself" CHECK (duplicate_of_request_id is distinct from request_id),
	CONSTRAINT "request_coordinates" CHECK ((latitude is null) = (longitude is null) and (latitude is null or (latitude between -90 and 90 and longitude between -180 and 180)))
);
--> statement-breakpoint
ALTER TABLE "request" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "request_event" (
	"tenant_id" uuid,
	"event_id" uuid DEFAULT gen_random_uuid(),
	"request_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_subject" text NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"unit_id" uuid,
	"note" text,
	"detail" jsonb DEFAULT '{}' NOT NULL,
	CONSTRAINT "request_event_pkey" PRIMARY KEY("tenant_id","event_id"),
	CONSTRAINT "request_event_kind_check" CHECK (kind in ('registered', 'dispatched', 'status_changed', 'priority_changed', 'linked_incident', 'note')),
	CONSTRAINT "request_event_note_length" CHECK (note is null or char_length(note) <= 4000)
);
--> statement-breakpoint
ALTER TABLE "request_event" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "subscriber" (
	"tenant_id" uuid,
	"subscriber_id" uuid DEFAULT gen_random_uuid(),
	"subscription_number" text NOT NULL,
	"bill_id" text,
	"owner_name" text NOT NULL,
	"mobile" text,
	"national_id" text,
	"postal_code" text,
	"address" text,
	"unit_id" uuid,
	"latitude" double precision,
	"longitude" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriber_pkey" PRIMARY KEY("tenant_id","subscriber_id"),
	CONSTRAINT "subscriber_subscription_key" UNIQUE("tenant_id","subscription_number"),
	CONSTRAINT "subscriber_coordinates" CHECK ((latitude is null) = (longitude is null) and (latitude is null or (latitude between -90 and 90 and longitude between -180 and 180)))
);
--> statement-breakpoint
ALTER TABLE "subscriber" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tenant_counter" (
	"tenant_id" uuid,
	"name" text,
	"value" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "tenant_counter_pkey" PRIMARY KEY("tenant_id","name")
);
--> statement-breakpoint
ALTER TABLE "tenant_counter" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "contact_pbx_call_idx" ON "contact" ("tenant_id","pbx_call_id") WHERE pbx_call_id is not null;--> statement-breakpoint
CREATE INDEX "contact_started_idx" ON "contact" ("tenant_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "contact_caller_idx" ON "contact" ("tenant_id","caller_number");--> statement-breakpoint
CREATE INDEX "contact_request_idx" ON "contact" ("tenant_id","request_id");--> statement-breakpoint
CREATE INDEX "incident_open_idx" ON "incident" ("tenant_id","status","unit_id","opened_at");--> statement-breakpoint
CREATE INDEX "knowledge_article_category_idx" ON "knowledge_article" ("tenant_id","category_code");--> statement-breakpoint
CREATE INDEX "planned_outage_window_idx" ON "planned_outage" ("tenant_id","unit_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "request_idempotency_idx" ON "request" ("tenant_id","idempotency_key") WHERE idempotency_key is not null;--> statement-breakpoint
CREATE INDEX "request_queue_idx" ON "request" ("tenant_id","assigned_unit_id","due_at") WHERE status in ('registered', 'dispatched', 'in_progress', 'reopened');--> statement-breakpoint
CREATE INDEX "request_status_due_idx" ON "request" ("tenant_id","status","due_at");--> statement-breakpoint
CREATE INDEX "request_registered_idx" ON "request" ("tenant_id","registered_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "request_incident_idx" ON "request" ("tenant_id","incident_id");--> statement-breakpoint
CREATE INDEX "request_subscriber_idx" ON "request" ("tenant_id","subscriber_id");--> statement-breakpoint
CREATE INDEX "request_caller_mobile_idx" ON "request" ("tenant_id","caller_mobile");--> statement-breakpoint
CREATE INDEX "request_event_request_idx" ON "request_event" ("tenant_id","request_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriber_bill_idx" ON "subscriber" ("tenant_id","bill_id") WHERE bill_id is not null;--> statement-breakpoint
CREATE INDEX "subscriber_mobile_idx" ON "subscriber" ("tenant_id","mobile");--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_category_code_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "category"("code");--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_line_fk" FOREIGN KEY ("tenant_id","line_id") REFERENCES "line"("tenant_id","line_id");--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_subscriber_fk" FOREIGN KEY ("tenant_id","subscriber_id") REFERENCES "subscriber"("tenant_id","subscriber_id");--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_request_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "request"("tenant_id","request_id");--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_incident_fk" FOREIGN KEY ("tenant_id","incident_id") REFERENCES "incident"("tenant_id","incident_id");--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_outage_fk" FOREIGN KEY ("tenant_id","outage_id") REFERENCES "planned_outage"("tenant_id","outage_id");--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_category_code_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "category"("code");--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_unit_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "knowledge_article" ADD CONSTRAINT "knowledge_article_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "knowledge_article" ADD CONSTRAINT "knowledge_article_category_code_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "category"("code");--> statement-breakpoint
ALTER TABLE "planned_outage" ADD CONSTRAINT "planned_outage_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "planned_outage" ADD CONSTRAINT "planned_outage_unit_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_category_code_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "category"("code");--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_line_fk" FOREIGN KEY ("tenant_id","line_id") REFERENCES "line"("tenant_id","line_id");--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_subscriber_fk" FOREIGN KEY ("tenant_id","subscriber_id") REFERENCES "subscriber"("tenant_id","subscriber_id");--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_location_unit_fk" FOREIGN KEY ("tenant_id","location_unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_assigned_unit_fk" FOREIGN KEY ("tenant_id","assigned_unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_incident_fk" FOREIGN KEY ("tenant_id","incident_id") REFERENCES "incident"("tenant_id","incident_id");--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_outage_fk" FOREIGN KEY ("tenant_id","outage_id") REFERENCES "planned_outage"("tenant_id","outage_id");--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_duplicate_of_fk" FOREIGN KEY ("tenant_id","duplicate_of_request_id") REFERENCES "request"("tenant_id","request_id");--> statement-breakpoint
ALTER TABLE "request_event" ADD CONSTRAINT "request_event_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "request_event" ADD CONSTRAINT "request_event_request_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "request"("tenant_id","request_id");--> statement-breakpoint
ALTER TABLE "request_event" ADD CONSTRAINT "request_event_unit_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_unit_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "tenant_counter" ADD CONSTRAINT "tenant_counter_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "contact" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "incident" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "knowledge_article" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "planned_outage" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "request" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "request_event" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "subscriber" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "tenant_counter" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));