-- Hand-written: what the request table's `unit_reach` policy (next migration) reads, and the API's grants cut to
-- what it does.
--
-- app_unit_reach(): the unit named by the transaction's `app.unit_reach` setting and every unit below it, for the
-- operational-unit staff whose reads that policy limits. SECURITY INVOKER and STABLE: it reads `unit` under the
-- caller's own tenant policy, once per statement (the policy calls it through a scalar subquery). Anything but a
-- unit id in the setting ('*', '', unset) gives an empty set.
CREATE FUNCTION app_unit_reach() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY INVOKER PARALLEL SAFE
AS $$
  WITH RECURSIVE root AS (
    SELECT CASE WHEN s ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN s::uuid END AS unit_id
    FROM (SELECT current_setting('app.unit_reach', true) AS s) AS setting
  ), reach AS (
    SELECT u.unit_id FROM unit u JOIN root ON u.unit_id = root.unit_id
    UNION
    SELECT u.unit_id FROM unit u JOIN reach r ON u.parent_unit_id = r.unit_id
  )
  SELECT coalesce(array_agg(unit_id), '{}') FROM reach
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_unit_reach() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_unit_reach() TO app_user, app_supervisor;
--> statement-breakpoint
-- The API deletes nothing, and writes the registry's tables (units, lines, overrides) never: the sync does, as the
-- owner. Grant only what it does: a mistake or an injected statement cannot remove a company's records.
REVOKE DELETE ON subscriber, planned_outage, incident, request, contact, tenant_counter FROM app_user;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON unit, line, category_override FROM app_user;
--> statement-breakpoint
REVOKE DELETE ON staff_profile FROM app_user;
--> statement-breakpoint
REVOKE UPDATE ON subscriber, contact FROM app_user;
