/**
 * Complaints appealed to the last rung of their company's escalation ladder (section b): the national office sees
 * them, from the national_complaint view — stage, deadline, subject, the district office answering — never the
 * complainant, their words or the company's internal notes. Open ones first, the soonest deadline first.
 */
import type { ComplaintChannel, ComplaintSeverity, ComplaintStage, ComplaintSubject } from '@abfa/schema';
import { rowsOf, type Tx } from '@abfa/schema';
import { sql } from 'drizzle-orm';

export interface NationalComplaintRow {
  id: string;
  companyId: string;
  trackingCode: string;
  subject: ComplaintSubject;
  channel: ComplaintChannel;
  severity: ComplaintSeverity | null;
  stage: ComplaintStage;
  appealLevel: number;
  unitFa: string | null;
  unitEn: string | null;
  receivedAt: Date;
  stageDueAt: Date | null;
  closedAt: Date | null;
}

/** At most this many, so the list stays a list (the open ones come first). */
const limit = 200;

export async function lastLevelComplaints(tx: Tx, companyId: string | null): Promise<NationalComplaintRow[]> {
  const found = rowsOf<NationalComplaintRow>(
    await tx.execute(sql`
      select k.complaint_id as id, k.tenant_id as "companyId", k.tracking_code as "trackingCode", k.subject,
             k.channel, k.severity, k.stage, k.appeal_level as "appealLevel",
             u.name_fa as "unitFa", coalesce(u.name_en, u.name_fa) as "unitEn",
             k.received_at as "receivedAt", k.stage_due_at as "stageDueAt", k.closed_at as "closedAt"
      from national_complaint k
      join national_company t on t.tenant_id = k.tenant_id and t.status = 'active'
      left join national_unit u on u.tenant_id = k.tenant_id and u.unit_id = k.unit_id
      where ${companyId ? sql`k.tenant_id = ${companyId}::uuid` : sql`true`}
      order by (k.stage = 'closed'), k.stage_due_at nulls last, k.received_at
      limit ${limit}`),
  );
  return found.map((k) => ({
    ...k,
    appealLevel: Number(k.appealLevel),
    receivedAt: new Date(k.receivedAt),
    stageDueAt: k.stageDueAt ? new Date(k.stageDueAt) : null,
    closedAt: k.closedAt ? new Date(k.closedAt) : null,
  }));
}
