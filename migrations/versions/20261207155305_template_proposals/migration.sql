CREATE TABLE "message_template_proposal" (
	"tenant_id" uuid,
	"kind" text,
	"body" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"reset" boolean DEFAULT false NOT NULL,
	"proposed_by" text NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_template_proposal_pkey" PRIMARY KEY("tenant_id","kind"),
	CONSTRAINT "message_template_proposal_kind_check" CHECK (kind in ('request_registered', 'request_resolved', 'incident_update', 'outage_notice', 'outage_restored', 'custom')),
	CONSTRAINT "message_template_proposal_body_length" CHECK (char_length(body) between 1 and 1000)
);
--> statement-breakpoint
ALTER TABLE "message_template_proposal" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "message_template_proposal" ADD CONSTRAINT "message_template_proposal_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "message_template_proposal" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written (drizzle-kit writes neither): FORCE row level security and grants.
ALTER TABLE message_template_proposal FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON message_template_proposal FROM PUBLIC;
--> statement-breakpoint
-- A proposal is replaced by a newer one, and deleted once approved or turned down.
GRANT SELECT, INSERT, UPDATE, DELETE ON message_template_proposal TO app_user;
