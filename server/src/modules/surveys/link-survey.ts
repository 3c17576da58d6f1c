import { category, checkAnswers, request, requestEvent, type SurveyQuestion, survey, type Tx } from '@abfa/schema';
import { and, eq, sql } from 'drizzle-orm';
import { completeSurvey } from './complete.js';
import { referenceOf, signatureHolds } from './links.js';
import { existingLinkKey, questionnaireOf } from './settings.js';

/** Why a link opens nothing: altered (or never made), expired, or answered already (single use). */
export type LinkRefusal = 'invalid' | 'expired' | 'used';

export interface OpenLink {
  surveyId: string;
  questions: SurveyQuestion[];
  trackingCode: string;
  categoryFa: string;
  categoryEn: string;
  expiresAt: Date;
}

/**
 * The survey a link opens, checked in this order: the signature (an altered link reads nothing), then the survey
 * row (single use: answered or ended; expired). The row is locked when `forUpdate`, so two submissions of the same
 * link complete it once.
 */
export async function openSurveyLink(
  tx: Tx,
  companyCode: string,
  token: string,
  forUpdate = false,
): Promise<OpenLink | LinkRefusal> {
  const reference = referenceOf(token);
  if (!reference) return 'invalid';
  const key = await existingLinkKey(tx);
  if (!key || !signatureHolds(key, companyCode, token)) return 'invalid';
  const query = tx.select().from(survey).where(eq(survey.linkRef, reference));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (row?.method !== 'sms' || !row.linkExpiresAt || !row.requestId) return 'invalid';
  if (row.linkUsedAt || row.status === 'completed') return 'used';
  if (row.status !== 'pending' || row.linkExpiresAt.getTime() <= Date.now()) return 'expired';
  const [about] = await tx
    .select({ trackingCode: request.trackingCode, categoryFa: category.nameFa, categoryEn: category.nameEn })
    .from(request)
    .innerJoin(category, eq(category.code, request.categoryCode))
    .where(eq(request.requestId, row.requestId));
  if (!about) return 'invalid';
  const questionnaire = await questionnaireOf(tx, row.questionnaireVersion);
  return { surveyId: row.surveyId, questions: questionnaire.questions, expiresAt: row.linkExpiresAt, ...about };
}

export type LinkAnswer =
  | { ok: true; reopened: boolean }
  | { ok: false; refusal: LinkRefusal }
  | { ok: false; field: string; en: string; fa: string };

/** The customer's answers through the link: all scored questions answered, stored once, the link used up. */
export async function answerSurveyLink(
  tx: Tx,
  tenantId: string,
  companyCode: string,
  token: string,
  given: Readonly<Record<string, unknown>>,
): Promise<LinkAnswer> {
  const open = await openSurveyLink(tx, companyCode, token, true);
  if (open === 'used') return (await replayed(tx, token, given)) ?? { ok: false, refusal: open };
  if (typeof open === 'string') return { ok: false, refusal: open };
  const checked = checkAnswers(open.questions, given, true);
  if (!checked.ok) return checked;
  const done = await completeSurvey(tx, {
    tenantId,
    surveyId: open.surveyId,
    questions: open.questions,
    answers: checked.answers,
    by: 'citizen',
    channel: 'sms',
  });
  return done.completed ? { ok: true, reopened: done.reopened } : { ok: false, refusal: 'used' };
}

/**
 * The same answers sent again through a link already answered (the reply to the first was lost): answered as the
 * first was, so the customer sees the thank-you and not "answered already". Different answers are refused as used.
 */
async function replayed(
  tx: Tx,
  token: string,
  given: Readonly<Record<string, unknown>>,
): Promise<{ ok: true; reopened: boolean } | null> {
  const reference = referenceOf(token);
  const [row] = reference ? await tx.select().from(survey).where(eq(survey.linkRef, reference)) : [];
  if (!row || row.status !== 'completed' || row.completedBy !== 'citizen') return null;
  const { questions } = await questionnaireOf(tx, row.questionnaireVersion);
  const checked = checkAnswers(questions, given, true);
  const stored = row.answers as Record<string, unknown>;
  const same =
    checked.ok &&
    Object.keys(checked.answers).length === Object.keys(stored).length &&
    Object.entries(checked.answers).every(([key, value]) => stored[key] === value);
  if (!same) return null;
  const reopening = await tx
    .select({ id: requestEvent.eventId })
    .from(requestEvent)
    .where(
      and(
        eq(requestEvent.requestId, row.requestId as string),
        sql`${requestEvent.detail}->>'surveyId' = ${row.surveyId}`,
      ),
    )
    .limit(1);
  return { ok: true, reopened: reopening.length > 0 };
}
