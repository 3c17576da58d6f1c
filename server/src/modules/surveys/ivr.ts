import { answersOfDigits, contact, line, staffProfile, survey } from '@abfa/schema';
import { eq } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';
import { InputError } from '../../graphql/errors.js';
import { completeSurvey } from './complete.js';
import { currentQuestionnaire } from './settings.js';

export interface IvrDigitsInput {
  pbxCallId: string;
  digits: string;
  /** The hotline dialled (`122`, `1523`): needed only when the platform does not know the call yet. */
  line: string | null;
  /** Who answered the call, as the PBX names agents: needed only when the call is not known yet. */
  agentExtension: string | null;
}

type SurveyRow = typeof survey.$inferSelect;

/**
 * The after-call IVR survey: the digits the caller pressed once the agent hung up, stored against the call (and so
 * its agent) as a completed survey of the IVR questions. A call the platform does not know yet (neither the agent's
 * record nor the PBX's call record has arrived) is recorded from the PBX's word, as its call records would be. The
 * same call posted again answers the survey already stored (one per call).
 */
export async function recordIvrSurvey(ctx: Context, input: IvrDigitsInput): Promise<SurveyRow> {
  const tx = ctx.scope.db;
  const tenantId = ctx.scope.tenantId as string;
  const subject = ctx.principal?.subject ?? 'unknown';
  const callId = input.pbxCallId.trim();
  if (callId === '' || callId.length > 200)
    throw new InputError(
      'input.pbxCallId',
      'must be the PBX’s call id (1 to 200 characters)',
      'باید شناسه تماس تلفنخانه باشد',
    );
  const questionnaire = await currentQuestionnaire(tx);
  const read = answersOfDigits(questionnaire.questions, input.digits.trim());
  if (!read.ok) throw new InputError(`input.${read.field}`, read.en, read.fa);

  const call = (await tx.select().from(contact).where(eq(contact.pbxCallId, callId)))[0] ?? (await newCall());
  const [existing] = await tx.select().from(survey).where(eq(survey.contactId, call.contactId));
  if (existing) return existing;
  const [made] = await tx
    .insert(survey)
    .values({
      tenantId,
      method: 'ivr',
      contactId: call.contactId,
      agentSubject: call.agentSubject,
      categoryCode: call.categoryCode,
      mobile: call.callerNumber?.startsWith('+989') ? call.callerNumber : null,
      questionnaireVersion: questionnaire.version || null,
      reason: { rule: 'ivr' },
    })
    .onConflictDoNothing()
    .returning();
  // Two posts of the same call at once: the other one stored it.
  if (!made) return (await tx.select().from(survey).where(eq(survey.contactId, call.contactId)))[0] as SurveyRow;
  await completeSurvey(tx, {
    tenantId,
    surveyId: made.surveyId,
    questions: questionnaire.questions,
    answers: read.answers,
    by: subject,
    channel: 'ivr',
  });
  ctx.scope.auditTargets.push({ type: 'survey', id: made.surveyId }, { type: 'contact', id: call.contactId });
  return (await tx.select().from(survey).where(eq(survey.surveyId, made.surveyId)))[0] as SurveyRow;

  async function newCall() {
    const number = input.line?.trim() ?? '';
    if (number === '')
      throw new InputError(
        'input.line',
        'is required: the platform does not know this call yet (send the hotline it came on)',
        'لازم است: این تماس هنوز ثبت نشده است (خط تماس را بفرستید)',
      );
    const [hotline] = await tx.select().from(line).where(eq(line.number, number));
    if (!hotline) throw new InputError('input.line', 'is not a line of your company', 'خطی از شرکت شما نیست');
    const extension = input.agentExtension?.trim() || null;
    const agent = extension
      ? (await tx.select().from(staffProfile).where(eq(staffProfile.pbxExtension, extension)))[0]
      : undefined;
    const [made] = await tx
      .insert(contact)
      .values({
        tenantId,
        lineId: hotline.lineId,
        channel: 'phone',
        service: hotline.service ?? '122',
        outcome: 'answered',
        pbxCallId: callId,
        recordedBy: subject,
        agentExtension: extension,
        agentSubject: agent?.subject ?? null,
        endedAt: new Date(),
      })
      .returning();
    if (!made) throw new Error('contact insert returned nothing');
    return made;
  }
}
