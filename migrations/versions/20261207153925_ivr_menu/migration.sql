CREATE TABLE "ivr_audio" (
	"tenant_id" uuid,
	"audio_id" uuid DEFAULT gen_random_uuid(),
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" bytea NOT NULL,
	"size" integer NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ivr_audio_pkey" PRIMARY KEY("tenant_id","audio_id"),
	CONSTRAINT "ivr_audio_type_check" CHECK (content_type in ('audio/wav', 'audio/mpeg')),
	CONSTRAINT "ivr_audio_size_check" CHECK (size between 1 and 5242880 and size = octet_length(bytes)),
	CONSTRAINT "ivr_audio_name_length" CHECK (char_length(name) between 1 and 200)
);
--> statement-breakpoint
ALTER TABLE "ivr_audio" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ivr_menu" (
	"tenant_id" uuid,
	"version" integer,
	"tree" jsonb NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"note" text,
	"prepared_by" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"rejection_reason" text,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ivr_menu_pkey" PRIMARY KEY("tenant_id","version"),
	CONSTRAINT "ivr_menu_state_check" CHECK (state in ('draft', 'submitted', 'published', 'retired')),
	CONSTRAINT "ivr_menu_version_check" CHECK (version >= 1),
	CONSTRAINT "ivr_menu_note_length" CHECK (note is null or char_length(note) <= 1000),
	CONSTRAINT "ivr_menu_rejection_length" CHECK (rejection_reason is null or char_length(rejection_reason) <= 1000)
);
--> statement-breakpoint
ALTER TABLE "ivr_menu" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "ivr_menu_one_published" ON "ivr_menu" ("tenant_id") WHERE state = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "ivr_menu_one_open" ON "ivr_menu" ("tenant_id") WHERE state in ('draft', 'submitted');--> statement-breakpoint
ALTER TABLE "ivr_audio" ADD CONSTRAINT "ivr_audio_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
ALTER TABLE "ivr_menu" ADD CONSTRAINT "ivr_menu_tenant_id_tenant_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("tenant_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "ivr_audio" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "ivr_menu" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written (drizzle-kit writes neither): FORCE row level security and grants for the IVR menu and its audio.
ALTER TABLE ivr_menu FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ivr_audio FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON ivr_menu, ivr_audio FROM PUBLIC;
--> statement-breakpoint
-- Versions are kept (retired, never deleted): the history of what callers heard.
GRANT SELECT, INSERT, UPDATE ON ivr_menu TO app_user;
--> statement-breakpoint
-- A recording is replaced by uploading another; one no version names may be deleted.
GRANT SELECT, INSERT, DELETE ON ivr_audio TO app_user;
