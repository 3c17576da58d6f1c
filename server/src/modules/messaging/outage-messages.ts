import {
  category,
  contact,
  formatJalali,
  type incident,
  plannedOutage,
  renderTemplate,
  type request,
  smsLength,
  type Tx,
} from '@abfa/schema';
import { and, eq, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';
import { enqueue, type TaskDefinition } from '../../jobs/queue.js';
import { audienceRecipients } from './audience.js';
import { quietUntil } from './campaign-send.js';
import { trackPath } from './links.js';
import { queueTransactional, templateOf } from './outbox.js';
import { tellRequestCaller } from './request-messages.js';
import { sendTask } from './send.js';

/**
 * Transactional messages of the field's work: a planned water cut announced to the customers of its area a day
 * before it starts (or at once, when it is nearer) and told when water returns; a resolved incident told to its
 * callers — each caller with a request of their own by that request's resolution message (their link to say "not
 * fixed"), the others by the incident's update with its public link.
 */
export const outageTask = 'messaging.outage';

/** How long before a cut starts its customers are told. */
const noticeAheadMs = 24 * 3_600_000;

/** When to tell: `at`, moved out of quiet hours when it may wait (a notice must still come before the cut). */
function sendingTime(at: Date, latest?: Date): Date {
  const quiet = quietUntil(at);
  if (!quiet) return at;
  return latest && quiet.getTime() > latest.getTime() ? at : quiet;
}

/** Schedules a new cut's notice and its "water is back" message, in the transaction that registers it. */
export async function scheduleOutageMessages(tx: Tx, outage: typeof plannedOutage.$inferSelect): Promise<void> {
  const now = Date.now();
  const noticeAt = new Date(Math.max(now, outage.startsAt.getTime() - noticeAheadMs));
  if (outage.startsAt.getTime() > now)
    await enqueue(tx, {
      task: outageTask,
      payload: { outageId: outage.outageId, phase: 'notice' },
      key: `${outageTask}:notice:${outage.outageId}`,
      runAt: sendingTime(noticeAt, new Date(outage.startsAt.getTime() - 3_600_000)),
      priority: 10,
    });
  await enqueue(tx, {
    task: outageTask,
    payload: { outageId: outage.outageId, phase: 'restored' },
    key: `${outageTask}:restored:${outage.outageId}`,
    runAt: sendingTime(outage.endsAt),
    priority: 10,
  });
}

/**
 * The notice or the "water is back" message to every customer with a mobile in the cut's area (the unit and every
 * unit below it), one statement for all: the same text each, each message with its own sending job. A cut cancelled
 * meanwhile sends nothing.
 */
export const outageTasks: Record<string, TaskDefinition<{ outageId: string; phase: 'notice' | 'restored' }>> = {
  [outageTask]: {
    handler: async (tx, { outageId, phase }) => {
      const [outage] = await tx.select().from(plannedOutage).where(eq(plannedOutage.outageId, outageId));
      if (!outage || outage.cancelledAt) return;
      const kind = phase === 'notice' ? 'outage_notice' : 'outage_restored';
      const template = await templateOf(tx, kind);
      if (!template) return;
      const body = renderTemplate(template.body, {
        company: template.company,
        area: outage.area,
        start: formatJalali(outage.startsAt, { withTime: true }),
        end: formatJalali(outage.endsAt, { withTime: true }),
        reason: outage.reason,
      });
      const parts = Math.max(1, smsLength(body).segments);
      await tx.execute(sql`
        with written as (
          insert into message (tenant_id, kind, lane, recipient, body, parts, created_by, outage_id)
          select ${outage.tenantId}::uuid, ${kind}, 'transactional', a.recipient, ${body}, ${parts},
                 ${`job:${outageTask}`}, ${outageId}::uuid
          from (${audienceRecipients('', { kind: 'outage', outageId })}) a
          returning message_id)
        insert into job (tenant_id, task, payload, job_key, priority, max_attempts)
        select ${outage.tenantId}::uuid, ${sendTask}, jsonb_build_object('messageId', message_id),
               ${`${sendTask}:`} || message_id::text, 10, 20
        from written`);
    },
  },
};

/**
 * A resolved incident's callers: those with a request resolved with it get its resolution message; the others who
 * called about it (contacts from a mobile) get the incident's update, once per mobile.
 */
export async function tellIncidentCallers(
  ctx: Context,
  resolved: typeof incident.$inferSelect,
  resolvedRequests: (typeof request.$inferSelect)[],
): Promise<void> {
  const tx = ctx.scope.db;
  for (const r of resolvedRequests) await tellRequestCaller(ctx, 'request_resolved', r);
  const told = resolvedRequests.map((r) => r.callerMobile).filter((m): m is string => m !== null);
  const callers = await tx
    .selectDistinct({ mobile: contact.callerNumber })
    .from(contact)
    .where(
      and(
        eq(contact.incidentId, resolved.incidentId),
        isNotNull(contact.callerNumber),
        sql`${contact.callerNumber} ~ '^\\+989[0-9]{9}$'`,
        ...(told.length > 0 ? [notInArray(contact.callerNumber, told)] : []),
      ),
    );
  // The category names it: an incident's title is staff wording, never shown to the public.
  const [named] = await tx
    .select({ nameFa: category.nameFa })
    .from(category)
    .where(eq(category.code, resolved.categoryCode));
  for (const { mobile } of callers) {
    if (!mobile || !ctx.principal) continue;
    await queueTransactional(
      tx,
      'incident_update',
      {
        recipient: mobile,
        createdBy: ctx.principal.subject,
        values: (tenantCode) => ({
          title: named?.nameFa ?? '',
          status: 'رفع شد',
          link: `${ctx.messaging.publicUrl}${trackPath(tenantCode, resolved.publicToken)}`,
        }),
      },
      { incidentId: resolved.incidentId },
    );
  }
}
