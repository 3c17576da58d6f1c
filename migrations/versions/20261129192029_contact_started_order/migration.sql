DROP INDEX "contact_started_idx";--> statement-breakpoint
CREATE INDEX "contact_started_idx" ON "contact" ("tenant_id","started_at" DESC,"contact_id" DESC);