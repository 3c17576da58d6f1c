import { request, requestEvent, type Tx, transition } from '@abfa/schema';
import { eq } from 'drizzle-orm';
import { openFollowUpCase } from '../followup/cases.js';
import { enqueueRollupRefresh } from '../rollups/jobs.js';

/** Who said the work did not fix it: the citizen on the tracking page, or a survey (by phone, SMS link or IVR). */
export interface NotFixedReport {
  tenantId: string;
  requestId: string;
  /** The customer's words (the history's note and the follow-up case's reason). */
  reason: string;
  actor: string;
  by: 'citizen' | 'survey';
  channel: string;
  /** The survey that heard it, when one did. */
  surveyId?: string;
}

/**
 * "Not fixed": the request is reopened with the customer's words and section (b) pursues it with a follow-up case
 * (`not_fixed`; one open case per request, so a second report adds to it). In the caller's transaction, with the row
 * locked. Returns false, changing nothing, when the request is not resolved or closed (already reopened: the case
 * that reopened it is the one to add to — `openFollowUpCase` does so).
 */
export async function reopenNotFixed(tx: Tx, report: NotFixedReport): Promise<boolean> {
  const [current] = await tx
    .select({ status: request.status })
    .from(request)
    .where(eq(request.requestId, report.requestId))
    .for('update');
  const step = current ? transition(current.status, 'reopen', { reason: report.reason }) : null;
  if (!current || !step?.ok || (current.status !== 'resolved' && current.status !== 'closed')) {
    if (current?.status === 'reopened')
      await openFollowUpCase(tx, {
        tenantId: report.tenantId,
        requestId: report.requestId,
        trigger: 'not_fixed',
        reason: report.reason,
        actor: report.actor,
      });
    return false;
  }
  const now = new Date();
  await tx
    .update(request)
    .set({ status: step.to, resolvedAt: null, closedAt: null, publicNote: null, updatedAt: now })
    .where(eq(request.requestId, report.requestId));
  await tx.insert(requestEvent).values({
    tenantId: report.tenantId,
    requestId: report.requestId,
    actorSubject: report.actor,
    kind: 'status_changed',
    fromStatus: current.status,
    toStatus: step.to,
    note: report.reason,
    // Who said so, for follow-up (section b).
    detail: {
      action: 'reopen',
      by: report.by,
      channel: report.channel,
      ...(report.surveyId ? { surveyId: report.surveyId } : {}),
    },
    occurredAt: now,
  });
  await openFollowUpCase(tx, {
    tenantId: report.tenantId,
    requestId: report.requestId,
    trigger: 'not_fixed',
    reason: report.reason,
    actor: report.actor,
  });
  await enqueueRollupRefresh(tx, report.tenantId, [{ type: 'request', id: report.requestId }]);
  return true;
}
