ALTER TABLE "contact" ADD COLUMN "recorded_by" text;--> statement-breakpoint
CREATE POLICY "unit_reach" ON "request" AS RESTRICTIVE FOR SELECT TO "app_user" USING ((select current_setting('app.unit_reach', true)) = '*'
        or assigned_unit_id = any ((select app_unit_reach())::uuid[])
        or exists (select 1 from request_event e where e.tenant_id = request.tenant_id
          and e.request_id = request.request_id and e.kind = 'dispatched' and e.unit_id = any ((select app_unit_reach())::uuid[])));