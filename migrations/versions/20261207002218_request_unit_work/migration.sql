ALTER TABLE "request" ADD COLUMN "public_note" text;--> statement-breakpoint
ALTER TABLE "request" ADD COLUMN "returned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "request" ADD COLUMN "return_reason" text;--> statement-breakpoint
ALTER TABLE "request" ADD COLUMN "returned_by_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_returned_by_unit_fk" FOREIGN KEY ("tenant_id","returned_by_unit_id") REFERENCES "unit"("tenant_id","unit_id");--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_public_note_length" CHECK (public_note is null or char_length(public_note) <= 1000);--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_return_reason_length" CHECK (return_reason is null or char_length(return_reason) <= 1000);