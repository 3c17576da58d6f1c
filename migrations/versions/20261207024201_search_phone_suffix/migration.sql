-- Hand-written: "the last four digits of the phone" through the b-tree under row-level security.
--
-- Migration search_index indexed `reverse(number)` and the search matched a prefix of it with `~>=~`/`~<~` (both
-- leakproof). But reverse() is not marked leakproof, so under the policies on request, subscriber and contact the
-- condition was checked after them, row by row, and the whole OR of a digits query (tracking code, mobile, last
-- digits, customer) was a scan of every row of the company (a quarter of a second at 100,000 requests). As with
-- `~~~` (migration search_leakproof_like): app_search_reverse is reverse() through a PL/pgSQL function (never inlined,
-- so it keeps the mark) marked LEAKPROOF — reverse() raises no error for any text and says nothing but its result.
-- Creating a LEAKPROOF function needs a superuser: run migrations as one (README, "Running against PostgreSQL"; the
-- runner refuses up front otherwise).
CREATE FUNCTION app_search_reverse(t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
AS $$
BEGIN
  RETURN reverse(t);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_search_reverse(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_search_reverse(text) TO app_user, app_supervisor;
--> statement-breakpoint
DROP INDEX request_caller_mobile_suffix_idx;
--> statement-breakpoint
DROP INDEX subscriber_mobile_suffix_idx;
--> statement-breakpoint
DROP INDEX contact_caller_suffix_idx;
--> statement-breakpoint
CREATE INDEX request_caller_mobile_suffix_idx ON request (tenant_id, app_search_reverse(caller_mobile) text_pattern_ops);
--> statement-breakpoint
CREATE INDEX subscriber_mobile_suffix_idx ON subscriber (tenant_id, app_search_reverse(mobile) text_pattern_ops);
--> statement-breakpoint
CREATE INDEX contact_caller_suffix_idx ON contact (tenant_id, app_search_reverse(caller_number) text_pattern_ops);
