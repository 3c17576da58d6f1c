import {
  checkQuestionnaire,
  checkSamplingRules,
  defaultSamplingRules,
  nationalQuestionnaire,
  rowsOf,
  type SamplingRules,
  type SurveyQuestion,
  surveyQuestionnaire,
  surveySettings,
  type Tx,
} from '@abfa/schema';
import { desc, eq, sql } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError } from '../../graphql/errors.js';

/** A company's survey settings: the sampling rules and how the drawn are asked. */
export interface SurveySettings {
  rules: SamplingRules;
  method: 'phone' | 'sms';
  maxAttempts: number;
  retryMinutes: number;
  linkHours: number;
}

export const defaultSurveySettings: SurveySettings = {
  rules: defaultSamplingRules,
  method: 'phone',
  maxAttempts: 3,
  retryMinutes: 120,
  linkHours: 72,
};

/** The company's settings (its row, or the defaults). */
export async function surveySettingsOf(tx: Tx): Promise<SurveySettings> {
  const [row] = await tx.select().from(surveySettings);
  if (!row) return defaultSurveySettings;
  return {
    rules: {
      share: Number(row.share),
      minimumPerUnit: row.minimumPerUnit,
      delayHours: row.delayHours,
      cooldownDays: row.cooldownDays,
      excludedCategories: row.excludedCategories,
    },
    method: row.method,
    maxAttempts: row.maxAttempts,
    retryMinutes: row.retryMinutes,
    linkHours: row.linkHours,
  };
}

/**
 * The key the company's survey links are signed with: its row's (made by the database on first use, so every API
 * instance and the job runner sign and check with the same key without any configuration).
 */
export async function surveyLinkKey(tx: Tx, tenantId: string, actor: string): Promise<string> {
  const [row] = await tx
    .insert(surveySettings)
    .values({ tenantId, updatedBy: actor })
    .onConflictDoUpdate({ target: surveySettings.tenantId, set: { tenantId: sql`excluded.tenant_id` } })
    .returning({ key: surveySettings.linkKey });
  if (!row) throw new Error('survey settings row missing');
  return row.key;
}

/** The key links are checked with (null: the company has never made a link, so no link is genuine). */
export async function existingLinkKey(tx: Tx): Promise<string | null> {
  const [row] = await tx.select({ key: surveySettings.linkKey }).from(surveySettings);
  return row?.key ?? null;
}

/** One version of the questionnaire: the company's (1, 2, …) or the national default (0). */
export interface QuestionnaireVersion {
  version: number;
  questions: SurveyQuestion[];
  note: string | null;
  createdBy: string | null;
  createdAt: Date | null;
}

const national: QuestionnaireVersion = {
  version: 0,
  questions: [...nationalQuestionnaire],
  note: null,
  createdBy: null,
  createdAt: null,
};

/** The version new surveys ask: the company's latest, or the national default when it has made none. */
export async function currentQuestionnaire(tx: Tx): Promise<QuestionnaireVersion> {
  const [row] = await tx.select().from(surveyQuestionnaire).orderBy(desc(surveyQuestionnaire.version)).limit(1);
  return row ? { ...row, questions: row.questions as SurveyQuestion[] } : national;
}

/** The version a survey asked (null: the national default). */
export async function questionnaireOf(tx: Tx, version: number | null): Promise<QuestionnaireVersion> {
  if (version === null) return national;
  const [row] = await tx.select().from(surveyQuestionnaire).where(eq(surveyQuestionnaire.version, version));
  if (!row) throw new Error(`questionnaire version ${version} missing`);
  return { ...row, questions: row.questions as SurveyQuestion[] };
}

/** Every version, newest first, ending with the national default. */
export async function questionnaireVersions(tx: Tx): Promise<QuestionnaireVersion[]> {
  const rows = await tx.select().from(surveyQuestionnaire).orderBy(desc(surveyQuestionnaire.version));
  return [...rows.map((r) => ({ ...r, questions: r.questions as SurveyQuestion[] })), national];
}

/**
 * A new version of the questionnaire (versions are never changed: surveys keep the one they asked). `basedOn` is the
 * version the editor started from: when another version was made meanwhile, this one is refused rather than
 * silently undoing it.
 */
export async function publishQuestionnaire(
  ctx: Context,
  input: { questions: readonly Partial<SurveyQuestion>[]; note: string | null; basedOn: number },
): Promise<QuestionnaireVersion> {
  const tx = ctx.scope.db;
  const checked = checkQuestionnaire(input.questions);
  if (!checked.ok) throw new InputError(checked.field.replace(/^questions/, 'input.questions'), checked.en, checked.fa);
  const note = input.note?.trim() || null;
  if (note && note.length > 500)
    throw new InputError(
      'input.note',
      'is too long (at most 500 characters)',
      'بیش از حد طولانی است (حداکثر ۵۰۰ نویسه)',
    );
  // One editor at a time per company: the lock makes "the latest version" stable until this one is written.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('survey_questionnaire:' || ${ctx.scope.tenantId}))`);
  const latest = await currentQuestionnaire(tx);
  if (latest.version !== input.basedOn)
    throw new ConflictError(
      `Version ${latest.version} was made after version ${input.basedOn} you started from: open it and edit again`,
      `نسخهٔ ${latest.version.toLocaleString('fa-IR')} پس از نسخه‌ای که ویرایش کردید ساخته شده است؛ آن را باز کنید و دوباره ویرایش کنید`,
      'input.basedOn',
    );
  const [made] = await tx
    .insert(surveyQuestionnaire)
    .values({
      tenantId: ctx.scope.tenantId as string,
      version: latest.version + 1,
      questions: checked.questions,
      note,
      createdBy: ctx.principal?.subject ?? 'unknown',
    })
    .returning();
  if (!made) throw new Error('questionnaire insert returned nothing');
  ctx.scope.auditTargets.push({ type: 'survey_questionnaire', id: String(made.version) });
  return { ...made, questions: made.questions as SurveyQuestion[] };
}

/** The company's new settings, whole (what the form shows is what is saved). */
export async function saveSurveySettings(ctx: Context, input: SurveySettings): Promise<SurveySettings> {
  const tx = ctx.scope.db;
  const checked = checkSamplingRules(input.rules);
  if (!checked.ok) throw new InputError(`input.${checked.field}`, checked.en, checked.fa);
  const whole = (field: string, v: number, lo: number, hi: number, unitFa: string) => {
    if (!Number.isInteger(v) || v < lo || v > hi)
      throw new InputError(
        `input.${field}`,
        `must be ${lo} to ${hi}`,
        `باید از ${lo.toLocaleString('fa-IR')} تا ${hi.toLocaleString('fa-IR')} ${unitFa} باشد`,
      );
  };
  whole('maxAttempts', input.maxAttempts, 1, 10, 'بار');
  whole('retryMinutes', input.retryMinutes, 10, 10080, 'دقیقه');
  whole('linkHours', input.linkHours, 1, 720, 'ساعت');
  const unknown = await unknownCategories(tx, checked.rules.excludedCategories);
  if (unknown.length)
    throw new InputError(
      'input.excludedCategories',
      `names categories that do not exist: ${unknown.join(', ')}`,
      `دسته‌هایی را نام می‌برد که وجود ندارند: ${unknown.join('، ')}`,
    );
  const values = {
    share: checked.rules.share,
    minimumPerUnit: checked.rules.minimumPerUnit,
    delayHours: checked.rules.delayHours,
    cooldownDays: checked.rules.cooldownDays,
    excludedCategories: [...checked.rules.excludedCategories],
    method: input.method,
    maxAttempts: input.maxAttempts,
    retryMinutes: input.retryMinutes,
    linkHours: input.linkHours,
    updatedBy: ctx.principal?.subject ?? 'unknown',
    updatedAt: new Date(),
  };
  await tx
    .insert(surveySettings)
    .values({ tenantId: ctx.scope.tenantId as string, ...values })
    .onConflictDoUpdate({ target: surveySettings.tenantId, set: values });
  ctx.scope.auditTargets.push({ type: 'survey_settings', id: ctx.scope.tenantId as string });
  return surveySettingsOf(tx);
}

async function unknownCategories(tx: Tx, codes: readonly string[]): Promise<string[]> {
  // Codes are lowercase words with dots (water.burst): anything else is unknown without asking.
  const wellFormed = codes.filter((c) => /^[a-z0-9_.]{1,100}$/.test(c));
  if (wellFormed.length === 0) return [...codes];
  const found = rowsOf<{ code: string }>(
    await tx.execute(sql`select code from category where code = any (${`{${wellFormed.join(',')}}`}::text[])`),
  );
  const known = new Set(found.map((r) => r.code));
  return codes.filter((c) => !known.has(c));
}
