-- Hand-written: the staff search (server/src/modules/search). One search box finds requests (words of the
-- description, address or caller's name; the caller's number or its last digits), customers (name, address, mobile or
-- its last digits) and contacts (the caller's number or its last digits) at a million requests per company.
--
-- pg_trgm: trigram GIN indexes answer `LIKE '%word%'` from the index. btree_gin puts tenant_id first in the same GIN
-- index (the isolation rules: every index of a tenant table leads with tenant_id). Both are trusted extensions: the
-- owner login creates them without being a superuser. PGlite loads them at construction (schema/src/database.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
-- The one definition of how search compares Persian text, for the indexed text and the typed query alike (the server
-- passes each typed word through this same function): Arabic yeh, alef maqsura and yeh with hamza → ی; Arabic kaf → ک;
-- teh marbuta → ه; alef with madda or hamza, alef wasla → ا; waw with hamza → و; Persian and Arabic-Indic digits →
-- ASCII; ZWNJ (نیم‌فاصله) and no-break space → space; tatweel, short vowels and other marks, ZWJ and direction marks
-- dropped; lower case; runs of white space → one space. IMMUTABLE, so indexes may use it; a plain SQL function, so
-- PostgreSQL inlines it into the index expression and the query alike and they match. Schema-qualified inside the
-- functions below: index builds and ANALYZE run them with a search_path that may leave out public.
CREATE FUNCTION app_search_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT lower(regexp_replace(
    translate(t,
      U&'\064A\0649\0626\0643\0629\0622\0623\0625\0671\0624\06F0\06F1\06F2\06F3\06F4\06F5\06F6\06F7\06F8\06F9\0660\0661\0662\0663\0664\0665\0666\0667\0668\0669\200C\00A0\0640\064B\064C\064D\064E\064F\0650\0651\0652\0653\0654\0655\0656\0657\0658\0659\065A\065B\065C\065D\065E\065F\0670\200D\200E\200F',
      U&'\06CC\06CC\06CC\06A9\0647\0627\0627\0627\0627\0648' || '01234567890123456789  '),
    '\s+', ' ', 'g'))
$$;
--> statement-breakpoint
-- What a request is found by in words: its description, address and caller's name.
CREATE FUNCTION app_request_search_text(description text, address text, caller_name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT public.app_search_fold(coalesce(description, '') || ' ' || coalesce(address, '') || ' ' || coalesce(caller_name, ''))
$$;
--> statement-breakpoint
-- What a customer is found by in words: the owner's name and the address.
CREATE FUNCTION app_subscriber_search_text(owner_name text, address text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT public.app_search_fold(coalesce(owner_name, '') || ' ' || coalesce(address, ''))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_search_fold(text), app_request_search_text(text, text, text), app_subscriber_search_text(text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_search_fold(text), app_request_search_text(text, text, text), app_subscriber_search_text(text, text) TO app_user, app_supervisor;
--> statement-breakpoint
CREATE INDEX request_search_idx ON request USING gin (tenant_id, app_request_search_text(description, address, caller_name) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX subscriber_search_idx ON subscriber USING gin (tenant_id, app_subscriber_search_text(owner_name, address) gin_trgm_ops);
--> statement-breakpoint
-- "The last four digits of the phone": a prefix of the reversed number, read from a b-tree.
CREATE INDEX request_caller_mobile_suffix_idx ON request (tenant_id, reverse(caller_mobile) text_pattern_ops);
--> statement-breakpoint
CREATE INDEX subscriber_mobile_suffix_idx ON subscriber (tenant_id, reverse(mobile) text_pattern_ops);
--> statement-breakpoint
CREATE INDEX contact_caller_suffix_idx ON contact (tenant_id, reverse(caller_number) text_pattern_ops);
