ALTER TABLE "request" ADD COLUMN "priority_rank" smallint GENERATED ALWAYS AS (case priority when 'critical' then 0 when 'high' then 1 when 'normal' then 2 when 'low' then 3 end) STORED NOT NULL;--> statement-breakpoint
DROP INDEX "request_queue_idx";--> statement-breakpoint
CREATE INDEX "request_queue_idx" ON "request" ("tenant_id","assigned_unit_id","priority_rank","due_at","request_id") WHERE status in ('registered', 'dispatched', 'in_progress', 'reopened');--> statement-breakpoint
CREATE INDEX "request_open_due_idx" ON "request" ("tenant_id","due_at","request_id") WHERE status in ('registered', 'dispatched', 'in_progress', 'reopened');--> statement-breakpoint
CREATE INDEX "request_resolved_idx" ON "request" ("tenant_id","resolved_at") WHERE resolved_at is not null;