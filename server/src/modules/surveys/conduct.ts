import {
  checkAnswers,
  type SurveyAnswer,
  type SurveyAttemptOutcome,
  survey,
  surveyAttempt,
  type Tx,
} from '@abfa/schema';
import { eq } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError, NotFoundError } from '../../graphql/errors.js';
import { completeSurvey } from './complete.js';
import { questionnaireOf, surveySettingsOf } from './settings.js';

/** How long a survey stays with the officer who took it (one call, the answers written as the customer speaks). */
const claimMinutes = 30;

type SurveyRow = typeof survey.$inferSelect;

const notFound = () => new NotFoundError('Survey', 'نظرسنجی');

/** The survey, locked, if it is a pending telephone survey the caller may work on now. */
async function workable(ctx: Context, surveyId: string): Promise<SurveyRow> {
  const tx = ctx.scope.db;
  const [row] = await tx.select().from(survey).where(eq(survey.surveyId, surveyId)).for('update');
  if (!row || row.method === 'ivr') throw notFound();
  if (row.status !== 'pending')
    throw new ConflictError(
      `This survey is ${row.status.toUpperCase()} already`,
      'این نظرسنجی پیش‌تر به پایان رسیده است',
      'surveyId',
    );
  const me = ctx.principal?.subject;
  if (row.claimedBy && row.claimedBy !== me && row.claimedUntil && row.claimedUntil.getTime() > Date.now())
    throw new ConflictError(
      'Another survey officer has this survey open: take the next one',
      'همکار دیگری این نظرسنجی را در دست دارد؛ نظرسنجی بعدی را بردارید',
      'surveyId',
    );
  return row;
}

/** The officer takes a survey from the worklist: nobody else calls the same customer for the next half hour. */
export async function takeSurvey(ctx: Context, surveyId: string): Promise<SurveyRow> {
  await workable(ctx, surveyId);
  const [taken] = await ctx.scope.db
    .update(survey)
    .set({
      claimedBy: ctx.principal?.subject ?? null,
      claimedUntil: new Date(Date.now() + claimMinutes * 60_000),
      updatedAt: new Date(),
    })
    .where(eq(survey.surveyId, surveyId))
    .returning();
  ctx.scope.auditTargets.push({ type: 'survey', id: surveyId });
  return taken as SurveyRow;
}

async function checkedAnswers(
  tx: Tx,
  row: SurveyRow,
  given: Readonly<Record<string, unknown>>,
  complete: boolean,
): Promise<{ answers: Record<string, SurveyAnswer>; questions: Awaited<ReturnType<typeof questionnaireOf>> }> {
  const questionnaire = await questionnaireOf(tx, row.questionnaireVersion);
  // The answers saved before count towards a complete survey; those given now replace them.
  const merged = { ...(row.answers as Record<string, unknown>), ...given };
  const checked = checkAnswers(questionnaire.questions, merged, complete);
  if (!checked.ok) throw new InputError(`input.${checked.field}`, checked.en, checked.fa);
  return { answers: checked.answers, questions: questionnaire };
}

/** Answers written as the customer speaks (kept if the call drops; completed with the attempt). */
export async function saveSurveyAnswers(
  ctx: Context,
  surveyId: string,
  given: Readonly<Record<string, unknown>>,
): Promise<SurveyRow> {
  const row = await workable(ctx, surveyId);
  const { answers } = await checkedAnswers(ctx.scope.db, row, given, false);
  const [saved] = await ctx.scope.db
    .update(survey)
    .set({
      answers,
      claimedBy: ctx.principal?.subject ?? null,
      claimedUntil: new Date(Date.now() + claimMinutes * 60_000),
      updatedAt: new Date(),
    })
    .where(eq(survey.surveyId, surveyId))
    .returning();
  ctx.scope.auditTargets.push({ type: 'survey', id: surveyId });
  return saved as SurveyRow;
}

export interface AttemptInput {
  surveyId: string;
  outcome: SurveyAttemptOutcome;
  note: string | null;
  /** With COMPLETED: the answers (with those saved before, every scored question). */
  answers: Readonly<Record<string, unknown>>;
}

/**
 * One telephone attempt. No answer or busy: tried again after the company's gap, until its tries run out
 * (unreachable); wrong number: unreachable at once; refused: refused; completed: the answers are checked whole and
 * the survey completed ("not fixed" reopens the request and opens its follow-up case).
 */
export async function recordSurveyAttempt(
  ctx: Context,
  input: AttemptInput,
): Promise<{ survey: SurveyRow; reopened: boolean }> {
  const tx = ctx.scope.db;
  const row = await workable(ctx, input.surveyId);
  const note = input.note?.trim() || null;
  if (note && note.length > 1000)
    throw new InputError(
      'input.note',
      'is too long (at most 1000 characters)',
      'بیش از حد طولانی است (حداکثر ۱۰۰۰ نویسه)',
    );
  const officer = ctx.principal?.subject ?? 'unknown';
  const tenantId = ctx.scope.tenantId as string;
  const now = new Date();
  let reopened = false;
  if (input.outcome === 'completed') {
    const { answers, questions } = await checkedAnswers(tx, row, input.answers, true);
    const done = await completeSurvey(tx, {
      tenantId,
      surveyId: row.surveyId,
      questions: questions.questions,
      answers,
      by: officer,
      channel: 'phone',
    });
    reopened = done.reopened;
  } else {
    if (Object.keys(input.answers).length > 0)
      throw new InputError(
        'input.answers',
        'are recorded only with a COMPLETED attempt (or saved with saveSurveyAnswers)',
        'پاسخ‌ها فقط با تماس «تکمیل شد» ثبت می‌شوند',
      );
    const settings = await surveySettingsOf(tx);
    const attempts = row.attempts + 1;
    const status =
      input.outcome === 'refused'
        ? 'refused'
        : input.outcome === 'wrong_number' || attempts >= settings.maxAttempts
          ? 'unreachable'
          : 'pending';
    await tx
      .update(survey)
      .set({
        attempts,
        status,
        endedAt: status === 'pending' ? null : now,
        // Another time of day for the next try: the gap, from now.
        nextAttemptAt: new Date(now.getTime() + settings.retryMinutes * 60_000),
        claimedBy: null,
        claimedUntil: null,
        updatedAt: now,
      })
      .where(eq(survey.surveyId, row.surveyId));
  }
  if (input.outcome === 'completed')
    await tx
      .update(survey)
      .set({ attempts: row.attempts + 1 })
      .where(eq(survey.surveyId, row.surveyId));
  await tx.insert(surveyAttempt).values({
    tenantId,
    surveyId: row.surveyId,
    officerSubject: officer,
    outcome: input.outcome,
    note,
    attemptedAt: now,
  });
  ctx.scope.auditTargets.push({ type: 'survey', id: row.surveyId });
  const [after] = await tx.select().from(survey).where(eq(survey.surveyId, row.surveyId));
  return { survey: after as SurveyRow, reopened };
}
