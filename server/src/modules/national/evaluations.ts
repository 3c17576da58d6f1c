/**
 * The national office's own records: evaluation visits with their scores, and class overrides with their reasons.
 * Both are appended, never changed: the measured class and every override of it stay side by side.
 */
import {
  gregorianToJalali,
  jalaliKey,
  jalaliToGregorian,
  nationalClassOverride,
  nationalEvaluation,
  parseJalali,
  parseRollupPeriod,
  rowsOf,
  type Tx,
} from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { InputError } from '../../graphql/errors.js';
import { optionalText, requiredText } from '../incidents/input.js';

export type PerformanceClassValue = 'weak' | 'medium' | 'strong';

export interface EvaluationRow {
  id: string;
  companyId: string;
  /** Jalali `YYYY-MM-DD`. */
  visitedOn: string;
  score: number;
  performanceClass: PerformanceClassValue;
  findings: string | null;
  recordedByName: string | null;
  recordedAt: Date;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function companyIdOf(field: string, value: string): string {
  if (!uuid.test(value)) throw new InputError(field, 'is not a company of the registry', 'شرکتی از فهرست شرکت‌ها نیست');
  return value.toLowerCase();
}

const jalaliOfDay = (day: string) => {
  const [year = 0, month = 0, date = 0] = day.split('-').map(Number);
  return jalaliKey(gregorianToJalali({ year, month, day: date }));
};

export async function evaluations(tx: Tx, companyId: string | null): Promise<EvaluationRow[]> {
  const found = rowsOf<Omit<EvaluationRow, 'visitedOn'> & { visitedOn: string }>(
    await tx.execute(sql`
      select evaluation_id as id, company_id as "companyId", visited_on::text as "visitedOn", score::float8 as score,
             performance_class as "performanceClass", findings, recorded_by_name as "recordedByName",
             recorded_at as "recordedAt"
      from national_evaluation ${companyId ? sql`where company_id = ${companyId}` : sql``}
      order by visited_on desc, recorded_at desc`),
  );
  return found.map((e) => ({ ...e, visitedOn: jalaliOfDay(e.visitedOn), recordedAt: new Date(e.recordedAt) }));
}

/** A foreign-key violation on company_id: the id names no company. */
const unknownCompany = (error: unknown) =>
  (error as { code?: string; cause?: { code?: string } }).code === '23503' ||
  (error as { cause?: { code?: string } }).cause?.code === '23503';

export async function recordEvaluation(
  tx: Tx,
  actor: { subject: string; name: string | null },
  input: {
    companyId: string;
    visitedOn: string;
    score: number;
    performanceClass: PerformanceClassValue;
    findings?: string | null;
  },
): Promise<EvaluationRow> {
  const companyId = companyIdOf('companyId', input.companyId);
  const visited = parseJalali(input.visitedOn);
  if (!visited)
    throw new InputError('visitedOn', 'is not a Jalali date (1405-08-15)', 'تاریخ شمسی معتبر نیست (۱۴۰۵-۰۸-۱۵)');
  const g = jalaliToGregorian(visited);
  const day = `${g.year}-${String(g.month).padStart(2, '0')}-${String(g.day).padStart(2, '0')}`;
  if (Date.parse(day) > Date.now())
    throw new InputError('visitedOn', 'is in the future', 'در آینده است؛ بازدیدی که انجام نشده ثبت نمی‌شود');
  if (!Number.isFinite(input.score) || input.score < 0 || input.score > 100)
    throw new InputError('score', 'must be between 0 and 100', 'باید بین ۰ و ۱۰۰ باشد');
  const findings = optionalText('findings', input.findings, 4000);
  try {
    const [created] = await tx
      .insert(nationalEvaluation)
      .values({
        companyId,
        visitedOn: day,
        score: Math.round(input.score * 100) / 100,
        performanceClass: input.performanceClass,
        findings,
        recordedBy: actor.subject,
        recordedByName: actor.name,
      })
      .returning();
    if (!created) throw new Error('evaluation insert returned nothing');
    return {
      id: created.evaluationId,
      companyId: created.companyId,
      visitedOn: jalaliKey(visited),
      score: created.score,
      performanceClass: created.performanceClass,
      findings: created.findings,
      recordedByName: created.recordedByName,
      recordedAt: created.recordedAt,
    };
  } catch (error) {
    if (unknownCompany(error)) throw companyIdError();
    throw error;
  }
}

const companyIdError = () =>
  new InputError('companyId', 'is not a company of the registry', 'شرکتی از فهرست شرکت‌ها نیست');

export async function overrideClass(
  tx: Tx,
  actor: { subject: string; name: string | null },
  input: { companyId: string; period: string; performanceClass: PerformanceClassValue; reason: string },
) {
  const companyId = companyIdOf('companyId', input.companyId);
  const period = parseRollupPeriod(input.period);
  if (!period || period.kind === 'range')
    throw new InputError(
      'period',
      'must be a Jalali year, quarter or month (1405, 1405-Q2, 1405-08)',
      'باید سال، فصل یا ماه شمسی باشد (۱۴۰۵، ۱۴۰۵-Q2، ۱۴۰۵-۰۸)',
    );
  const reason = requiredText('reason', input.reason, 2000);
  try {
    const [created] = await tx
      .insert(nationalClassOverride)
      .values({
        companyId,
        period: period.key,
        performanceClass: input.performanceClass,
        reason,
        recordedBy: actor.subject,
        recordedByName: actor.name,
      })
      .returning();
    if (!created) throw new Error('override insert returned nothing');
    return {
      performanceClass: created.performanceClass,
      reason: created.reason,
      recordedByName: created.recordedByName,
      recordedAt: created.recordedAt,
    };
  } catch (error) {
    if (unknownCompany(error)) throw companyIdError();
    throw error;
  }
}
