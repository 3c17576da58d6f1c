-- Hand-written: the national supervisor's read path across companies (issue 12, part 3). The supervisor never reads
-- a company's base tables; it reads the views below, which show counts, sums, ids and the names of companies,
-- units, lines and categories — no names of people, phone numbers, national IDs, addresses or free text.
--
-- How it holds:
-- * app_national_reader (NOLOGIN, granted to no role, so no login can SET ROLE to it) owns the views. Views run with
--   their owner's rights, so its column grants and its own read policies on the base tables are what they can
--   reach; the views choose the columns. (security_invoker views would check the supervisor's rights instead, and
--   the supervisor has none on base tables.)
-- * app_supervisor, the role a supervisor's operation runs as, may SELECT the views, the national catalog and the
--   national office's own tables — nothing else, nothing to write (test/isolation/supervisor.test.ts lists every
--   column it can read against an allow-list).
-- * app_auditor appends to supervision_read, the platform-level trail of supervisor reads; app_national_editor
--   records evaluations and class overrides. app_api holds both (and app_supervisor), so a supervisor's
--   transaction reads as app_supervisor and only then switches to app_auditor to record the read.
-- * app_user (a company's staff) may read two of the views, national_company_daily and national_company_monthly —
--   every company's totals, nothing below the company — for the company's own view of its rank against the country.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_national_reader') THEN
    CREATE ROLE app_national_reader NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_auditor') THEN
    CREATE ROLE app_auditor NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_national_editor') THEN
    CREATE ROLE app_national_editor NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
-- Re-runnable: this migration moves to the end whenever a table it reads changes (it is regenerated under a new
-- name), so a database that applied an earlier copy runs it again. Its views and policies are dropped first.
DROP VIEW IF EXISTS national_complaint, national_incident, national_company_monthly, national_company_daily, national_kpi_daily,
  national_line, national_unit, national_company;
--> statement-breakpoint
DROP POLICY IF EXISTS national_reader ON tenant;
--> statement-breakpoint
DROP POLICY IF EXISTS national_reader ON unit;
--> statement-breakpoint
DROP POLICY IF EXISTS national_reader ON line;
--> statement-breakpoint
DROP POLICY IF EXISTS national_reader ON incident;
--> statement-breakpoint
DROP POLICY IF EXISTS national_reader ON contact;
--> statement-breakpoint
DROP POLICY IF EXISTS national_reader ON complaint;
--> statement-breakpoint
DROP POLICY IF EXISTS national_reader ON followup_settings;
--> statement-breakpoint
DROP POLICY IF EXISTS national_reader ON kpi_daily;
--> statement-breakpoint
DROP POLICY IF EXISTS national_reader ON kpi_company_daily;
--> statement-breakpoint
DROP POLICY IF EXISTS national_reader ON kpi_company_monthly;
--> statement-breakpoint
ALTER ROLE app_national_reader NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
--> statement-breakpoint
ALTER ROLE app_auditor NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
--> statement-breakpoint
ALTER ROLE app_national_editor NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
--> statement-breakpoint
GRANT app_auditor, app_national_editor TO app_api;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO app_national_reader, app_auditor, app_national_editor;
--> statement-breakpoint
-- The supervisor loses every grant on a company's tables and on the staff search's functions.
REVOKE ALL ON tenant, unit, line, staff_profile, category_override, audit_event, subscriber, planned_outage, incident,
  request, request_event, contact, knowledge_article, tenant_counter, kpi_daily, kpi_company_daily, kpi_company_monthly,
  job, job_schedule FROM app_supervisor;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_unit_reach(), app_search_fold(text), app_request_search_text(text, text, text),
  app_subscriber_search_text(text, text), app_search_like(text, text), app_search_reverse(text) FROM app_supervisor;
--> statement-breakpoint
-- What the views' owner reads: these columns, of every company (its policies below).
GRANT SELECT (tenant_id, code, name_fa, name_en, province, kind, status) ON tenant TO app_national_reader;
--> statement-breakpoint
GRANT SELECT (tenant_id, unit_id, parent_unit_id, code, kind, name_fa, name_en, active) ON unit TO app_national_reader;
--> statement-breakpoint
GRANT SELECT (tenant_id, line_id, code, service, channel, number, name_fa, name_en, active) ON line TO app_national_reader;
--> statement-breakpoint
GRANT SELECT (tenant_id, incident_id, category_code, unit_id, status, opened_at, resolved_at) ON incident TO app_national_reader;
--> statement-breakpoint
GRANT SELECT (tenant_id, incident_id) ON contact TO app_national_reader;
--> statement-breakpoint
GRANT SELECT ON kpi_daily, kpi_company_daily, kpi_company_monthly TO app_national_reader;
--> statement-breakpoint
GRANT SELECT (tenant_id, complaint_id, tracking_code, subject, channel, severity, stage, appeal_level, unit_id,
  received_at, stage_due_at, closed_at) ON complaint TO app_national_reader;
--> statement-breakpoint
GRANT SELECT (tenant_id, ladder) ON followup_settings TO app_national_reader;
--> statement-breakpoint
CREATE POLICY national_reader ON tenant AS PERMISSIVE FOR SELECT TO app_national_reader USING (true);
--> statement-breakpoint
CREATE POLICY national_reader ON unit AS PERMISSIVE FOR SELECT TO app_national_reader USING (true);
--> statement-breakpoint
CREATE POLICY national_reader ON line AS PERMISSIVE FOR SELECT TO app_national_reader USING (true);
--> statement-breakpoint
CREATE POLICY national_reader ON incident AS PERMISSIVE FOR SELECT TO app_national_reader USING (true);
--> statement-breakpoint
CREATE POLICY national_reader ON contact AS PERMISSIVE FOR SELECT TO app_national_reader USING (true);
--> statement-breakpoint
CREATE POLICY national_reader ON complaint AS PERMISSIVE FOR SELECT TO app_national_reader USING (true);
--> statement-breakpoint
CREATE POLICY national_reader ON followup_settings AS PERMISSIVE FOR SELECT TO app_national_reader USING (true);
--> statement-breakpoint
CREATE POLICY national_reader ON kpi_daily AS PERMISSIVE FOR SELECT TO app_national_reader USING (true);
--> statement-breakpoint
CREATE POLICY national_reader ON kpi_company_daily AS PERMISSIVE FOR SELECT TO app_national_reader USING (true);
--> statement-breakpoint
CREATE POLICY national_reader ON kpi_company_monthly AS PERMISSIVE FOR SELECT TO app_national_reader USING (true);
--> statement-breakpoint
CREATE VIEW national_company AS
SELECT tenant_id, code, name_fa, name_en, province, kind, status FROM tenant;
--> statement-breakpoint
CREATE VIEW national_unit AS
SELECT tenant_id, unit_id, parent_unit_id, code, kind, name_fa, name_en, active FROM unit;
--> statement-breakpoint
CREATE VIEW national_line AS
SELECT tenant_id, line_id, code, service, channel, number, name_fa, name_en, active FROM line;
--> statement-breakpoint
-- Every rollup row: the drill-down below a company reads these (and the API shows a count under 5 as "<5").
CREATE VIEW national_kpi_daily AS
SELECT tenant_id, day, unit_id, category_code, line_id, channel,
  contacts_offered,
  contacts_answered,
  contacts_abandoned,
  contacts_answered_in_threshold,
  contacts_short_abandoned,
  contacts_abandoned_unseen,
  wait_seconds,
  talk_seconds,
  first_contact_resolutions,
  incident_calls,
  requests_registered,
  requests_resolved,
  requests_closed,
  requests_reopened,
  requests_returned,
  sla_met,
  sla_breached,
  resolution_seconds,
  resolution_le_1h,
  resolution_le_4h,
  resolution_le_8h,
  resolution_le_24h,
  resolution_le_48h,
  resolution_le_72h,
  resolution_le_7d,
  resolution_le_14d,
  resolution_le_30d,
  resolution_gt_30d,
  incidents_opened,
  planned_outages,
  messages_sent,
  messages_delivered,
  messages_failed,
  opt_outs,
  followups_opened,
  followups_opened_overdue,
  followups_opened_not_fixed,
  followups_opened_repeat_call,
  followups_opened_returned_twice,
  followups_opened_manual,
  followups_closed,
  followups_closed_fixed,
  followups_closed_not_ours,
  followups_closed_unreachable,
  followups_closed_duplicate,
  followup_close_seconds,
  escalations_level2,
  escalations_level3,
  escalations_level4_plus,
  complaints_received,
  complaints_acknowledged,
  complaints_acknowledged_in_time,
  complaints_closed,
  complaint_resolution_seconds,
  complaint_satisfaction_sum,
  complaint_satisfaction_responses,
  complaints_reopened,
  complaints_appealed,
  surveys_sampled,
  surveys_ended,
  surveys_completed,
  ivr_surveys,
  survey_call_score_sum,
  survey_call_responses,
  surveys_fixed_answered,
  surveys_fixed,
  survey_fix_score_sum,
  survey_fix_responses,
  survey_overall_responses,
  surveys_satisfied
FROM kpi_daily;
--> statement-breakpoint
-- Each company's day per category (kpi_company_daily: kpi_daily summed over units, lines and channels by
-- refreshRollups): the comparison of companies, and the company's own view of where it stands.
CREATE VIEW national_company_daily AS
SELECT tenant_id, day, category_code,
  contacts_offered,
  contacts_answered,
  contacts_abandoned,
  contacts_answered_in_threshold,
  contacts_short_abandoned,
  contacts_abandoned_unseen,
  wait_seconds,
  talk_seconds,
  first_contact_resolutions,
  incident_calls,
  requests_registered,
  requests_resolved,
  requests_closed,
  requests_reopened,
  requests_returned,
  sla_met,
  sla_breached,
  resolution_seconds,
  resolution_le_1h,
  resolution_le_4h,
  resolution_le_8h,
  resolution_le_24h,
  resolution_le_48h,
  resolution_le_72h,
  resolution_le_7d,
  resolution_le_14d,
  resolution_le_30d,
  resolution_gt_30d,
  incidents_opened,
  planned_outages,
  messages_sent,
  messages_delivered,
  messages_failed,
  opt_outs,
  followups_opened,
  followups_opened_overdue,
  followups_opened_not_fixed,
  followups_opened_repeat_call,
  followups_opened_returned_twice,
  followups_opened_manual,
  followups_closed,
  followups_closed_fixed,
  followups_closed_not_ours,
  followups_closed_unreachable,
  followups_closed_duplicate,
  followup_close_seconds,
  escalations_level2,
  escalations_level3,
  escalations_level4_plus,
  complaints_received,
  complaints_acknowledged,
  complaints_acknowledged_in_time,
  complaints_closed,
  complaint_resolution_seconds,
  complaint_satisfaction_sum,
  complaint_satisfaction_responses,
  complaints_reopened,
  complaints_appealed,
  surveys_sampled,
  surveys_ended,
  surveys_completed,
  ivr_surveys,
  survey_call_score_sum,
  survey_call_responses,
  surveys_fixed_answered,
  surveys_fixed,
  survey_fix_score_sum,
  survey_fix_responses,
  survey_overall_responses,
  surveys_satisfied
FROM kpi_company_daily;
--> statement-breakpoint
-- Each company's Jalali month per category (kpi_company_monthly): the whole months of a comparison.
CREATE VIEW national_company_monthly AS
SELECT tenant_id, month, category_code,
  contacts_offered,
  contacts_answered,
  contacts_abandoned,
  contacts_answered_in_threshold,
  contacts_short_abandoned,
  contacts_abandoned_unseen,
  wait_seconds,
  talk_seconds,
  first_contact_resolutions,
  incident_calls,
  requests_registered,
  requests_resolved,
  requests_closed,
  requests_reopened,
  requests_returned,
  sla_met,
  sla_breached,
  resolution_seconds,
  resolution_le_1h,
  resolution_le_4h,
  resolution_le_8h,
  resolution_le_24h,
  resolution_le_48h,
  resolution_le_72h,
  resolution_le_7d,
  resolution_le_14d,
  resolution_le_30d,
  resolution_gt_30d,
  incidents_opened,
  planned_outages,
  messages_sent,
  messages_delivered,
  messages_failed,
  opt_outs,
  followups_opened,
  followups_opened_overdue,
  followups_opened_not_fixed,
  followups_opened_repeat_call,
  followups_opened_returned_twice,
  followups_opened_manual,
  followups_closed,
  followups_closed_fixed,
  followups_closed_not_ours,
  followups_closed_unreachable,
  followups_closed_duplicate,
  followup_close_seconds,
  escalations_level2,
  escalations_level3,
  escalations_level4_plus,
  complaints_received,
  complaints_acknowledged,
  complaints_acknowledged_in_time,
  complaints_closed,
  complaint_resolution_seconds,
  complaint_satisfaction_sum,
  complaint_satisfaction_responses,
  complaints_reopened,
  complaints_appealed,
  surveys_sampled,
  surveys_ended,
  surveys_completed,
  ivr_surveys,
  survey_call_score_sum,
  survey_call_responses,
  surveys_fixed_answered,
  surveys_fixed,
  survey_fix_score_sum,
  survey_fix_responses,
  survey_overall_responses,
  surveys_satisfied
FROM kpi_company_monthly;
--> statement-breakpoint
-- Incidents for the live national board: category, the district office (or the unit, above district level), state,
-- times and the calls linked — no title, address, coordinates or notes.
CREATE VIEW national_incident AS
SELECT i.tenant_id, i.incident_id, i.category_code,
  CASE WHEN u.kind = 'team' AND p.kind = 'district' THEN p.unit_id ELSE u.unit_id END AS area_unit_id,
  i.status, i.opened_at, i.resolved_at,
  (SELECT count(*) FROM contact c WHERE c.tenant_id = i.tenant_id AND c.incident_id = i.incident_id)::integer AS calls
FROM incident i
JOIN unit u ON u.tenant_id = i.tenant_id AND u.unit_id = i.unit_id
LEFT JOIN unit p ON p.tenant_id = u.tenant_id AND p.unit_id = u.parent_unit_id;
--> statement-breakpoint
-- Complaints appealed to the last rung of their company's escalation ladder (section b: the national office sees
-- these): their stage and deadlines, never the complainant, their words or the internal notes. The default ladder
-- (no row, or no ladder set) has four rungs: schema/src/rules/followup.ts defaultEscalationLadder.
CREATE VIEW national_complaint AS
SELECT k.tenant_id, k.complaint_id, k.tracking_code, k.subject, k.channel, k.severity, k.stage, k.appeal_level,
  k.unit_id, k.received_at, k.stage_due_at, k.closed_at
FROM complaint k
WHERE k.appeal_level + 1 >= coalesce(
  (SELECT jsonb_array_length(s.ladder) FROM followup_settings s WHERE s.tenant_id = k.tenant_id AND s.ladder IS NOT NULL), 4);
--> statement-breakpoint
ALTER VIEW national_company OWNER TO app_national_reader;
--> statement-breakpoint
ALTER VIEW national_unit OWNER TO app_national_reader;
--> statement-breakpoint
ALTER VIEW national_line OWNER TO app_national_reader;
--> statement-breakpoint
ALTER VIEW national_kpi_daily OWNER TO app_national_reader;
--> statement-breakpoint
ALTER VIEW national_company_daily OWNER TO app_national_reader;
--> statement-breakpoint
ALTER VIEW national_company_monthly OWNER TO app_national_reader;
--> statement-breakpoint
ALTER VIEW national_incident OWNER TO app_national_reader;
--> statement-breakpoint
ALTER VIEW national_complaint OWNER TO app_national_reader;
--> statement-breakpoint
REVOKE ALL ON national_company, national_unit, national_line, national_kpi_daily, national_company_daily,
  national_company_monthly, national_incident, national_complaint FROM PUBLIC;
--> statement-breakpoint
-- Simple views are updatable: even their owner keeps only SELECT (it has no write grant on the tables either).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON national_company, national_unit, national_line,
  national_kpi_daily, national_company_daily, national_company_monthly, national_incident, national_complaint FROM app_national_reader;
--> statement-breakpoint
GRANT SELECT ON national_company, national_unit, national_line, national_kpi_daily, national_company_daily,
  national_company_monthly, national_incident, national_complaint TO app_supervisor;
--> statement-breakpoint
GRANT SELECT ON national_company_daily, national_company_monthly, national_company TO app_user;
--> statement-breakpoint
-- The national office's own tables: the supervisor reads them; only the editor role writes, and only appends.
REVOKE ALL ON supervision_read, national_evaluation, national_class_override FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT ON national_evaluation, national_class_override TO app_supervisor;
--> statement-breakpoint
GRANT SELECT, INSERT ON national_evaluation, national_class_override TO app_national_editor;
--> statement-breakpoint
-- The companies' names, for what a recorded evaluation answers with.
GRANT SELECT ON national_company TO app_national_editor;
--> statement-breakpoint
-- The trail of supervisor reads: appended and read (by the platform's administrators) as app_auditor; no API role
-- may update or delete it.
GRANT SELECT, INSERT ON supervision_read TO app_auditor;
