-- Hand-written: FORCE row level security and grants for the section (a) tables (drizzle-kit writes neither).
ALTER TABLE subscriber FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE planned_outage FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE incident FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE request FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE request_event FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contact FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE knowledge_article FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenant_counter FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON subscriber, planned_outage, incident, request, request_event, contact, knowledge_article, tenant_counter FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON subscriber, planned_outage, incident, request, contact, tenant_counter TO app_user;
--> statement-breakpoint
-- History is append-only for the API: a request's events and a knowledge article's versions are never rewritten
-- (publishing a version is the one change allowed to an article).
GRANT SELECT, INSERT ON request_event, knowledge_article TO app_user;
--> statement-breakpoint
GRANT UPDATE (published) ON knowledge_article TO app_user;
--> statement-breakpoint
GRANT SELECT ON subscriber, planned_outage, incident, request, request_event, contact, knowledge_article TO app_supervisor;
