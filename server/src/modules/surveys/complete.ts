import {
  contact,
  normalizePersian,
  type SurveyAnswer,
  type SurveyQuestion,
  scoresOf,
  survey,
  type Tx,
} from '@abfa/schema';
import { and, eq } from 'drizzle-orm';
import { enqueue, type TaskDefinition } from '../../jobs/queue.js';
import { reopenNotFixed } from '../requests/not-fixed.js';
import { enqueueRollupRefresh } from '../rollups/jobs.js';

export interface Completion {
  tenantId: string;
  surveyId: string;
  questions: readonly SurveyQuestion[];
  answers: Readonly<Record<string, SurveyAnswer>>;
  /** The officer, 'citizen' (the link) or the PBX's service account. */
  by: string;
  channel: 'phone' | 'sms' | 'ivr';
}

/** The customer's words, or what they are taken to have said when they said "not fixed" without words of their own. */
const reasonOf = (comment: string | null) =>
  comment ? normalizePersian(comment) : 'نظرسنجی: مشترک گفت مشکل برطرف نشده است';

export const ivrNotFixedTask = 'surveys.ivr_not_fixed';

/**
 * Completes a pending survey with its answers, once: the update only takes a survey still pending, so a second
 * completion (a replayed request, the same link twice, two officers) changes nothing and returns false. "Not fixed"
 * reopens the request with the customer's words and opens (or adds to) its follow-up case — in this transaction.
 */
export async function completeSurvey(tx: Tx, c: Completion): Promise<{ completed: boolean; reopened: boolean }> {
  const scores = scoresOf(c.questions, c.answers);
  const now = new Date();
  const [done] = await tx
    .update(survey)
    .set({
      status: 'completed',
      answers: c.answers,
      callScore: scores.callScore,
      fixed: scores.fixed,
      fixScore: scores.fixScore,
      overallScore: scores.overallScore,
      completedAt: now,
      endedAt: now,
      completedBy: c.by,
      claimedBy: null,
      claimedUntil: null,
      ...(c.channel === 'sms' ? { linkUsedAt: now } : {}),
      updatedAt: now,
    })
    .where(and(eq(survey.surveyId, c.surveyId), eq(survey.status, 'pending')))
    .returning({ requestId: survey.requestId, contactId: survey.contactId });
  if (!done) return { completed: false, reopened: false };
  // An after-call survey is about a call: "not fixed" there is about the request the call was about. The PBX's
  // account reads no requests (row-level security hides them from it), so the platform does it as a job.
  if (scores.fixed === false && done.contactId) {
    await enqueue(tx, {
      task: ivrNotFixedTask,
      payload: { surveyId: c.surveyId },
      key: `${ivrNotFixedTask}:${c.surveyId}`,
    });
  }
  const reopened =
    scores.fixed === false && done.requestId !== null
      ? await reopenNotFixed(tx, {
          tenantId: c.tenantId,
          requestId: done.requestId,
          reason: reasonOf(scores.comment),
          actor: c.by,
          by: 'survey',
          channel: c.channel,
          surveyId: c.surveyId,
        })
      : false;
  await enqueueRollupRefresh(tx, c.tenantId, [
    { type: 'survey', id: c.surveyId },
    ...(done.requestId ? [{ type: 'request', id: done.requestId }] : []),
  ]);
  return { completed: true, reopened };
}

/**
 * The after-call survey's "not fixed", done by the platform (which reads every request of the company): the request
 * the call was about is reopened with a follow-up case, as any survey's "not fixed" does. Run once per survey (the
 * job's key); a call about no request changes nothing.
 */
export const ivrNotFixedTasks: Record<string, TaskDefinition<{ surveyId: string }>> = {
  [ivrNotFixedTask]: {
    handler: async (tx, { surveyId }, job) => {
      const [found] = await tx
        .select({ requestId: contact.requestId, fixed: survey.fixed, answers: survey.answers })
        .from(survey)
        .innerJoin(contact, and(eq(contact.tenantId, survey.tenantId), eq(contact.contactId, survey.contactId)))
        .where(eq(survey.surveyId, surveyId));
      if (!found?.requestId || found.fixed !== false) return;
      const comment = (found.answers as Record<string, unknown>).comment;
      await reopenNotFixed(tx, {
        tenantId: job.tenantId,
        requestId: found.requestId,
        reason: reasonOf(typeof comment === 'string' ? comment : null),
        actor: `job:${ivrNotFixedTask}`,
        by: 'survey',
        channel: 'ivr',
        surveyId,
      });
    },
  },
};
