DROP INDEX "request_registered_idx";--> statement-breakpoint
CREATE INDEX "request_registered_idx" ON "request" ("tenant_id","registered_at" DESC,"request_id" DESC);