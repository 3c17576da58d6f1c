import {
  dueAt,
  type EscalationLevel,
  type EscalationTarget,
  escalationTargetLabels,
  followUpCase,
  formatTrackingCode,
  type NotificationKind,
  notification,
  rowsOf,
  type SlaClock,
  type SmsRecipient,
  smsRecipientsOf,
  type Tx,
  type WorkingCalendar,
} from '@abfa/schema';
import { eq, sql } from 'drizzle-orm';
import { queueMessage } from '../messaging/outbox.js';
import { recordStep } from './cases.js';

/**
 * The escalation ladder at work (section b, 2): a case starts on the first rung (the unit); when a rung's time on the
 * request's own SLA clock runs out, the next rung is told — by the scan, or at once when the follow-up officer
 * escalates by hand. Each rise is a step of the case and a notification to that rung's people.
 */

export type Audience = { unitId: string; role?: never } | { role: string; unitId?: never };

/**
 * Who a rung names for a request: its unit; the nearest district office at or above it; the headquarters (the root
 * unit); the CEO. A request no unit holds (returned to the centre) is the centre manager's at the unit's rungs.
 */
export async function audienceOf(tx: Tx, target: EscalationTarget, unitId: string | null): Promise<Audience> {
  if (target === 'executive') return { role: 'executive' };
  if (target === 'company') {
    const [root] = rowsOf<{ unit_id: string }>(
      await tx.execute(sql`select unit_id from unit where parent_unit_id is null order by code limit 1`),
    );
    return root ? { unitId: root.unit_id } : { role: 'centre_manager' };
  }
  if (!unitId) return { role: 'centre_manager' };
  if (target === 'unit') return { unitId };
  const [district] = rowsOf<{ unit_id: string }>(
    await tx.execute(sql`
      with recursive up as (
        select unit_id, parent_unit_id, kind, 0 as depth from unit where unit_id = ${unitId}::uuid
        union all
        select u.unit_id, u.parent_unit_id, u.kind, up.depth + 1 from unit u join up on u.unit_id = up.parent_unit_id
        where up.depth < 20)
      select unit_id from up where kind = 'district' order by depth limit 1`),
  );
  return { unitId: district?.unit_id ?? unitId };
}

export async function notify(
  tx: Tx,
  input: { tenantId: string; kind: NotificationKind; requestId: string; caseId?: string | null; level?: number },
  audience: Audience,
): Promise<void> {
  await tx.insert(notification).values({
    tenantId: input.tenantId,
    kind: input.kind,
    requestId: input.requestId,
    caseId: input.caseId ?? null,
    level: input.level ?? null,
    unitId: audience.unitId ?? null,
    role: audience.role ?? null,
  });
}

/**
 * The duty mobiles configured for a rung told by SMS, through section (d)'s outbox in this transaction: a late
 * request's case opened (the first rung) or a case raised to `level`. The SMS names the request's code and the rung,
 * never the customer. Returns how many were queued.
 */
export async function smsRung(
  tx: Tx,
  input: {
    recipients: readonly SmsRecipient[];
    ladder: readonly EscalationLevel[];
    requestId: string;
    level: number;
    audienceUnitId: string | null;
    actor: string;
  },
): Promise<number> {
  const to = smsRecipientsOf(input.recipients, input.level, input.audienceUnitId);
  if (to.length === 0) return 0;
  const [about] = rowsOf<{ tracking_code: string; company: string }>(
    await tx.execute(sql`select r.tracking_code, t.name_fa as company from request r
      join tenant t on t.tenant_id = r.tenant_id where r.request_id = ${input.requestId}`),
  );
  if (!about) return 0;
  const code = formatTrackingCode(about.tracking_code);
  const rung = input.ladder[input.level - 1];
  const body =
    input.level === 1
      ? `${about.company}: درخواست ${code} از مهلت گذشت؛ پرونده پیگیری باز شد.`
      : `${about.company}: پرونده پیگیری درخواست ${code} به سطح ${input.level.toLocaleString('fa-IR')}${
          rung ? ` (${escalationTargetLabels[rung.target].fa})` : ''
        } رسید.`;
  for (const recipient of to)
    await queueMessage(tx, { kind: 'custom', lane: 'transactional', recipient, body, createdBy: input.actor });
  return to.length;
}

/** When the rung `level` (1-based) is over, counted from `from` on the request's clock; null on the last rung. */
export function rungEndsAt(
  ladder: readonly EscalationLevel[],
  level: number,
  from: Date,
  clock: SlaClock,
  calendar: WorkingCalendar,
): Date | null {
  const minutes = ladder[level - 1]?.minutes ?? null;
  return minutes === null || level >= ladder.length ? null : dueAt(from, minutes, clock, calendar);
}

interface CaseOnLadder {
  caseId: string;
  requestId: string;
  level: number;
  unitId: string | null;
  clock: SlaClock;
}

/** Raises a case one rung (not past the last): the case, its step, and the rung's people told. */
export async function raise(
  tx: Tx,
  tenantId: string,
  c: CaseOnLadder,
  ladder: readonly EscalationLevel[],
  calendar: WorkingCalendar,
  actor: string,
  note: string | null = null,
  smsRecipients: readonly SmsRecipient[] = [],
): Promise<number | null> {
  const level = c.level + 1;
  const rung = ladder[level - 1];
  if (!rung) return null;
  const now = new Date();
  await tx
    .update(followUpCase)
    .set({ escalationLevel: level, escalateAt: rungEndsAt(ladder, level, now, c.clock, calendar), updatedAt: now })
    .where(eq(followUpCase.caseId, c.caseId));
  await recordStep(tx, { tenantId, caseId: c.caseId, requestId: c.requestId, kind: 'escalate', actor, note, level });
  const audience = await audienceOf(tx, rung.target, c.unitId);
  await notify(tx, { tenantId, kind: 'escalated', requestId: c.requestId, caseId: c.caseId, level }, audience);
  await smsRung(tx, {
    recipients: smsRecipients,
    ladder,
    requestId: c.requestId,
    level,
    audienceUnitId: audience.unitId ?? null,
    actor,
  });
  return level;
}

/** The cases of one company on the ladder: their rung's time set once opened, and raised when it runs out. */
export async function climbLadder(
  tx: Tx,
  tenantId: string,
  ladder: readonly EscalationLevel[],
  calendar: WorkingCalendar,
  actor: string,
  smsRecipients: readonly SmsRecipient[] = [],
  limit = 200,
): Promise<{ scheduled: number; raised: number }> {
  const due = rowsOf<{
    case_id: string;
    request_id: string;
    escalation_level: number;
    escalate_at: Date | string | null;
    opened_at: Date | string;
    assigned_unit_id: string | null;
    sla_clock: SlaClock;
  }>(
    await tx.execute(sql`
      select c.case_id, c.request_id, c.escalation_level, c.escalate_at, c.opened_at, r.assigned_unit_id, k.sla_clock
      from followup_case c
      join request r on r.tenant_id = c.tenant_id and r.request_id = c.request_id
      join category k on k.code = r.category_code
      where c.state <> 'closed'
        and (c.escalate_at <= now() or (c.escalate_at is null and c.escalation_level < ${ladder.length}))
      order by c.escalate_at nulls first
      limit ${limit}`),
  );
  let scheduled = 0;
  let raised = 0;
  for (const row of due) {
    const c = {
      caseId: row.case_id,
      requestId: row.request_id,
      level: row.escalation_level,
      unitId: row.assigned_unit_id,
      clock: row.sla_clock,
    };
    if (row.escalate_at === null) {
      // Opened since the last run (a trigger, by hand): its first rung's time starts from its opening.
      const endsAt = rungEndsAt(ladder, c.level, new Date(row.opened_at), c.clock, calendar);
      await tx.update(followUpCase).set({ escalateAt: endsAt }).where(eq(followUpCase.caseId, c.caseId));
      scheduled++;
      continue;
    }
    if ((await raise(tx, tenantId, c, ladder, calendar, actor, null, smsRecipients)) !== null) raised++;
  }
  return { scheduled, raised };
}
