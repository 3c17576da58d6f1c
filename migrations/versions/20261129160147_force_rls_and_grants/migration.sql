-- Hand-written: drizzle-kit writes ENABLE ROW LEVEL SECURITY and the policies, but neither FORCE nor grants.
-- FORCE makes the policies bind the owner too, so even the migrating login sees a tenant's rows only with that
-- tenant set. Every new tenant table needs its own lines here (the catalog test fails until it has them).
ALTER TABLE tenant FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE unit FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE line FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE staff_profile FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE category_override FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Nothing by default: the API roles get exactly what is granted below.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO app_user, app_supervisor, app_api;
--> statement-breakpoint
-- Tenants and the national catalog are written by the registry sync (the owner), only read by the API.
GRANT SELECT ON tenant, category TO app_user;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON unit, line, staff_profile, category_override TO app_user;
--> statement-breakpoint
-- The audit trail is append-only for the API: no UPDATE, no DELETE, ever.
GRANT SELECT, INSERT ON audit_event TO app_user;
--> statement-breakpoint
-- The supervisor writes nothing.
GRANT SELECT ON tenant, unit, line, staff_profile, category, category_override, audit_event TO app_supervisor;
--> statement-breakpoint
-- The API login reads the migration ledger for /readyz (migrations current).
GRANT SELECT ON schema_migrations TO app_api;
