/**
 * The platform's KPI formulas, written once: every figure a screen, an export or the national ranking shows is
 * computed here from the additive measures of the daily rollups (table `kpi_daily`, schema/src/tables/rollups.ts),
 * summed over whatever the reader groups by (a company, a unit, a Jalali month, the country). Pure functions, no I/O.
 *
 * Which variant of each standard definition (reference: shared kpis.md) is used is said on each formula. A rate with
 * no cases (0 ÷ 0) is `null`, never 0 or NaN: "no data" must not rank as "bad".
 *
 * Later sections add their measures (surveys next) to `RollupMeasures` and the table, and their rates here.
 */
import {
  gregorianToJalali,
  type JalaliDate,
  jalaliDaysInMonth,
  jalaliKey,
  jalaliMonthNamesEn,
  jalaliMonthNamesFa,
  jalaliToGregorian,
  parseJalali,
} from './calendar.js';

/** The additive measures of one rollup row (or of any sum of rows). */
export interface RollupMeasures {
  contactsOffered: number;
  contactsAnswered: number;
  contactsAbandoned: number;
  contactsAnsweredInThreshold: number;
  contactsShortAbandoned: number;
  contactsAbandonedUnseen: number;
  waitSeconds: number;
  talkSeconds: number;
  firstContactResolutions: number;
  incidentCalls: number;
  requestsRegistered: number;
  requestsResolved: number;
  requestsClosed: number;
  requestsReopened: number;
  requestsReturned: number;
  slaMet: number;
  slaBreached: number;
  resolutionSeconds: number;
  resolutionLe1h: number;
  resolutionLe4h: number;
  resolutionLe8h: number;
  resolutionLe24h: number;
  resolutionLe48h: number;
  resolutionLe72h: number;
  resolutionLe7d: number;
  resolutionLe14d: number;
  resolutionLe30d: number;
  resolutionGt30d: number;
  incidentsOpened: number;
  plannedOutages: number;
  messagesSent: number;
  messagesDelivered: number;
  messagesFailed: number;
  optOuts: number;
  followupsOpened: number;
  followupsOpenedOverdue: number;
  followupsOpenedNotFixed: number;
  followupsOpenedRepeatCall: number;
  followupsOpenedReturnedTwice: number;
  followupsOpenedManual: number;
  followupsClosed: number;
  followupsClosedFixed: number;
  followupsClosedNotOurs: number;
  followupsClosedUnreachable: number;
  followupsClosedDuplicate: number;
  followupCloseSeconds: number;
  escalationsLevel2: number;
  escalationsLevel3: number;
  escalationsLevel4Plus: number;
  complaintsReceived: number;
  complaintsAcknowledged: number;
  complaintsAcknowledgedInTime: number;
  complaintsClosed: number;
  complaintResolutionSeconds: number;
  complaintSatisfactionSum: number;
  complaintSatisfactionResponses: number;
  complaintsReopened: number;
  complaintsAppealed: number;
  surveysSampled: number;
  surveysEnded: number;
  surveysCompleted: number;
  ivrSurveys: number;
  surveyCallScoreSum: number;
  surveyCallResponses: number;
  surveysFixedAnswered: number;
  surveysFixed: number;
  surveyFixScoreSum: number;
  surveyFixResponses: number;
  surveyOverallResponses: number;
  surveysSatisfied: number;
}

export const measureNames = [
  'contactsOffered',
  'contactsAnswered',
  'contactsAbandoned',
  'contactsAnsweredInThreshold',
  'contactsShortAbandoned',
  'contactsAbandonedUnseen',
  'waitSeconds',
  'talkSeconds',
  'firstContactResolutions',
  'incidentCalls',
  'requestsRegistered',
  'requestsResolved',
  'requestsClosed',
  'requestsReopened',
  'requestsReturned',
  'slaMet',
  'slaBreached',
  'resolutionSeconds',
  'resolutionLe1h',
  'resolutionLe4h',
  'resolutionLe8h',
  'resolutionLe24h',
  'resolutionLe48h',
  'resolutionLe72h',
  'resolutionLe7d',
  'resolutionLe14d',
  'resolutionLe30d',
  'resolutionGt30d',
  'incidentsOpened',
  'plannedOutages',
  'messagesSent',
  'messagesDelivered',
  'messagesFailed',
  'optOuts',
  'followupsOpened',
  'followupsOpenedOverdue',
  'followupsOpenedNotFixed',
  'followupsOpenedRepeatCall',
  'followupsOpenedReturnedTwice',
  'followupsOpenedManual',
  'followupsClosed',
  'followupsClosedFixed',
  'followupsClosedNotOurs',
  'followupsClosedUnreachable',
  'followupsClosedDuplicate',
  'followupCloseSeconds',
  'escalationsLevel2',
  'escalationsLevel3',
  'escalationsLevel4Plus',
  'complaintsReceived',
  'complaintsAcknowledged',
  'complaintsAcknowledgedInTime',
  'complaintsClosed',
  'complaintResolutionSeconds',
  'complaintSatisfactionSum',
  'complaintSatisfactionResponses',
  'complaintsReopened',
  'complaintsAppealed',
  'surveysSampled',
  'surveysEnded',
  'surveysCompleted',
  'ivrSurveys',
  'surveyCallScoreSum',
  'surveyCallResponses',
  'surveysFixedAnswered',
  'surveysFixed',
  'surveyFixScoreSum',
  'surveyFixResponses',
  'surveyOverallResponses',
  'surveysSatisfied',
] as const satisfies readonly (keyof RollupMeasures)[];

/** Service-level threshold T: a call answered within this queue wait counts as answered in time (80/20 target). */
export const serviceLevelThresholdSeconds = 20;
/** A call abandoned within this queue wait is a short abandon. */
export const shortAbandonSeconds = 5;

const hour = 3600;
/**
 * The fixed histogram of time to resolve (registration → resolution): each bucket counts resolutions in
 * (previous bound, upper bound]; the last is open-ended. Fixed, so histograms of any rows add up.
 */
export const resolutionBuckets = [
  { measure: 'resolutionLe1h', upperSeconds: hour },
  { measure: 'resolutionLe4h', upperSeconds: 4 * hour },
  { measure: 'resolutionLe8h', upperSeconds: 8 * hour },
  { measure: 'resolutionLe24h', upperSeconds: 24 * hour },
  { measure: 'resolutionLe48h', upperSeconds: 48 * hour },
  { measure: 'resolutionLe72h', upperSeconds: 72 * hour },
  { measure: 'resolutionLe7d', upperSeconds: 7 * 24 * hour },
  { measure: 'resolutionLe14d', upperSeconds: 14 * 24 * hour },
  { measure: 'resolutionLe30d', upperSeconds: 30 * 24 * hour },
  { measure: 'resolutionGt30d', upperSeconds: Number.POSITIVE_INFINITY },
] as const satisfies readonly { measure: keyof RollupMeasures; upperSeconds: number }[];

/** The bucket a resolution time falls in. */
export function resolutionBucketOf(seconds: number): (typeof resolutionBuckets)[number]['measure'] {
  for (const b of resolutionBuckets) if (seconds <= b.upperSeconds) return b.measure;
  return 'resolutionGt30d';
}

export const zeroMeasures = (): RollupMeasures =>
  Object.fromEntries(measureNames.map((m) => [m, 0])) as unknown as RollupMeasures;

/** The sum of rollup rows: what any grouping (unit, company, period, country) starts from. */
export function sumMeasures(rows: Iterable<Partial<RollupMeasures>>): RollupMeasures {
  const total = zeroMeasures();
  for (const row of rows) for (const m of measureNames) total[m] += Number(row[m] ?? 0);
  return total;
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;

/**
 * A proportion KPI's counts: x successes out of n cases. Each such KPI's rate below is `x ÷ n` of its counts
 * function, so the formula is written once and the national ranking (rules/ranking.ts), which needs x and n to shrink
 * and to draw confidence intervals, reads the very same definition.
 */
export interface ProportionCounts {
  x: number;
  n: number;
}
const rateOf = (counts: ProportionCounts) => ratio(counts.x, counts.n);

/** Abandonment rate = abandoned ÷ offered (the variant counting short abandons; see `abandonmentRateExcludingShort`). */
export const abandonmentRate = (m: RollupMeasures) => ratio(m.contactsAbandoned, m.contactsOffered);

/** Abandonment rate excluding short abandons = (abandoned − abandoned ≤ 5 s) ÷ (offered − abandoned ≤ 5 s). */
export const abandonmentRateExcludingShort = (m: RollupMeasures) =>
  ratio(m.contactsAbandoned - m.contactsShortAbandoned, m.contactsOffered - m.contactsShortAbandoned);

/** Answer rate = answered ÷ offered. */
export const answerRateCounts = (m: RollupMeasures): ProportionCounts => ({
  x: m.contactsAnswered,
  n: m.contactsOffered,
});
export const answerRate = (m: RollupMeasures) => rateOf(answerRateCounts(m));

/** Service level, formula (1) of kpis.md: answered within 20 s ÷ offered (abandons count as failures). */
export const serviceLevelCounts = (m: RollupMeasures): ProportionCounts => ({
  x: m.contactsAnsweredInThreshold,
  n: m.contactsOffered,
});
export const serviceLevel = (m: RollupMeasures) => rateOf(serviceLevelCounts(m));

/** Average speed of answer (seconds) = total queue wait of answered contacts ÷ answered. */
export const averageSpeedOfAnswer = (m: RollupMeasures) => ratio(m.waitSeconds, m.contactsAnswered);

/**
 * Average handle time (seconds) = talk time ÷ answered. Variant: talk time only — the PBX records give neither hold
 * nor after-call work.
 */
export const averageHandleTime = (m: RollupMeasures) => ratio(m.talkSeconds, m.contactsAnswered);

/**
 * First-contact resolution = contacts flagged resolved in the first contact ÷ answered. Variant: by agent flag
 * (`contact.first_contact_resolution`), not by survey or by "no repeat contact within N days".
 */
export const firstContactResolutionCounts = (m: RollupMeasures): ProportionCounts => ({
  x: m.firstContactResolutions,
  n: m.contactsAnswered,
});
export const firstContactResolutionRate = (m: RollupMeasures) => rateOf(firstContactResolutionCounts(m));

/**
 * SLA compliance = resolutions at or before the due time ÷ resolutions, by resolution day. Variant: counted over
 * the requests resolved in the period (every resolution, a re-resolution after a reopen too), not over the requests
 * due in it — requests still open past due are the backlog's "overdue", not counted here.
 */
export const slaComplianceCounts = (m: RollupMeasures): ProportionCounts => ({
  x: m.slaMet,
  n: m.slaMet + m.slaBreached,
});
export const slaCompliance = (m: RollupMeasures) => rateOf(slaComplianceCounts(m));

/** Reopen rate = reopenings ÷ resolutions (in the same period). Lower is better. */
export const reopenRateCounts = (m: RollupMeasures): ProportionCounts => ({
  x: m.requestsReopened,
  n: m.requestsResolved,
});
export const reopenRate = (m: RollupMeasures) => rateOf(reopenRateCounts(m));

/** Return rate = returns to the centre by a unit (misrouted) ÷ requests registered. Lower is better. */
export const returnRateCounts = (m: RollupMeasures): ProportionCounts => ({
  x: m.requestsReturned,
  n: m.requestsRegistered,
});
export const returnRate = (m: RollupMeasures) => rateOf(returnRateCounts(m));

/** Mean time to resolve (seconds) = Σ (resolution − registration) ÷ resolutions. */
export const meanResolutionSeconds = (m: RollupMeasures) => ratio(m.resolutionSeconds, m.requestsResolved);

/** Follow-up cases closed as fixed ÷ follow-up cases closed. */
export const followUpFixedRate = (m: RollupMeasures) => ratio(m.followupsClosedFixed, m.followupsClosed);

/** Mean time to close a follow-up case (seconds) = Σ (closing − opening) ÷ cases closed. */
export const meanFollowUpCloseSeconds = (m: RollupMeasures) => ratio(m.followupCloseSeconds, m.followupsClosed);

/**
 * Complaints acknowledged in time = acknowledged by the acknowledgement deadline ÷ acknowledged, by the day of the
 * acknowledgement (ISO 10002: prompt acknowledgement). A complaint never acknowledged is in neither count until it is.
 */
export const complaintAcknowledgedInTimeCounts = (m: RollupMeasures): ProportionCounts => ({
  x: m.complaintsAcknowledgedInTime,
  n: m.complaintsAcknowledged,
});
export const complaintAcknowledgedInTime = (m: RollupMeasures) => rateOf(complaintAcknowledgedInTimeCounts(m));

/** Mean complaint resolution time (seconds) = Σ (closing − receipt) ÷ complaints closed. */
export const meanComplaintResolutionSeconds = (m: RollupMeasures) =>
  ratio(m.complaintResolutionSeconds, m.complaintsClosed);

/** Complainants' mean satisfaction (1–5) = Σ satisfaction ÷ complaints closed with one given. */
export const complaintSatisfaction = (m: RollupMeasures) =>
  ratio(m.complaintSatisfactionSum, m.complaintSatisfactionResponses);

/**
 * Complaint reopen rate = (reopenings + appeals) ÷ complaints closed, in the same period: a complaint taken up again
 * was closed without the complainant's matter settled. Lower is better.
 */
export const complaintReopenRateCounts = (m: RollupMeasures): ProportionCounts => ({
  x: m.complaintsReopened + m.complaintsAppealed,
  n: m.complaintsClosed,
});
export const complaintReopenRate = (m: RollupMeasures) => rateOf(complaintReopenRateCounts(m));

/** Calls per incident = contacts linked to an incident ÷ incidents opened. */
export const callsPerIncident = (m: RollupMeasures) => ratio(m.incidentCalls, m.incidentsOpened);

/**
 * The q-quantile (0 < q < 1; 0.5 the median, 0.9 the 90th percentile) of time to resolve, in seconds, from the
 * fixed histogram: the bucket holding the ⌈q·n⌉-th resolution, interpolated linearly inside it (resolutions assumed
 * spread evenly over the bucket). In the open last bucket (over 30 days) its lower bound is returned — "at least".
 */
export function resolutionPercentileSeconds(m: RollupMeasures, q: number): number | null {
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile ${q} is not between 0 and 1`);
  const n = resolutionBuckets.reduce((s, b) => s + m[b.measure], 0);
  if (n === 0) return null;
  const rank = q * n;
  let below = 0;
  let lower = 0;
  for (const b of resolutionBuckets) {
    const inBucket = m[b.measure];
    if (inBucket > 0 && below + inBucket >= rank) {
      if (!Number.isFinite(b.upperSeconds)) return lower;
      return lower + ((rank - below) / inBucket) * (b.upperSeconds - lower);
    }
    below += inBucket;
    lower = b.upperSeconds;
  }
  return lower;
}

/** Every rate of a set of measures, by name (what an API or an export shows beside the counts). */
/**
 * Survey response rate = surveys completed ÷ surveys ended (completed, refused, unreachable or link expired) in the
 * period, telephone and SMS (the after-call IVR asks every caller who stays on the line: not a sample).
 */
export const surveyResponseRateCounts = (m: RollupMeasures): ProportionCounts => ({
  x: m.surveysCompleted,
  n: m.surveysEnded,
});
export const surveyResponseRate = (m: RollupMeasures) => rateOf(surveyResponseRateCounts(m));

/** CSAT = overall scores of 4 or 5 (of 5) ÷ overall scores given (kpis.md: the share 4–5 on a 1–5 scale). */
export const csatCounts = (m: RollupMeasures): ProportionCounts => ({
  x: m.surveysSatisfied,
  n: m.surveyOverallResponses,
});
export const csat = (m: RollupMeasures) => rateOf(csatCounts(m));

/**
 * Verified-fix rate = customers who said the problem was really fixed ÷ those asked (by telephone or link): the unit's
 * "resolved", checked with the customer.
 */
export const verifiedFixRateCounts = (m: RollupMeasures): ProportionCounts => ({
  x: m.surveysFixed,
  n: m.surveysFixedAnswered,
});
export const verifiedFixRate = (m: RollupMeasures) => rateOf(verifiedFixRateCounts(m));

/** Mean score (1–5) of the call's handling (the agent), of telephone, link and IVR answers. */
export const meanCallScore = (m: RollupMeasures) => ratio(m.surveyCallScoreSum, m.surveyCallResponses);
/** Mean score (1–5) of the fix's quality (the unit). */
export const meanFixScore = (m: RollupMeasures) => ratio(m.surveyFixScoreSum, m.surveyFixResponses);

export function kpisOf(m: RollupMeasures) {
  return {
    abandonmentRate: abandonmentRate(m),
    abandonmentRateExcludingShort: abandonmentRateExcludingShort(m),
    answerRate: answerRate(m),
    serviceLevel: serviceLevel(m),
    averageSpeedOfAnswer: averageSpeedOfAnswer(m),
    averageHandleTime: averageHandleTime(m),
    firstContactResolutionRate: firstContactResolutionRate(m),
    slaCompliance: slaCompliance(m),
    reopenRate: reopenRate(m),
    returnRate: returnRate(m),
    meanResolutionSeconds: meanResolutionSeconds(m),
    medianResolutionSeconds: resolutionPercentileSeconds(m, 0.5),
    p90ResolutionSeconds: resolutionPercentileSeconds(m, 0.9),
    callsPerIncident: callsPerIncident(m),
    followUpFixedRate: followUpFixedRate(m),
    meanFollowUpCloseSeconds: meanFollowUpCloseSeconds(m),
    complaintAcknowledgedInTime: complaintAcknowledgedInTime(m),
    meanComplaintResolutionSeconds: meanComplaintResolutionSeconds(m),
    complaintSatisfaction: complaintSatisfaction(m),
    complaintReopenRate: complaintReopenRate(m),
    surveyResponseRate: surveyResponseRate(m),
    csat: csat(m),
    verifiedFixRate: verifiedFixRate(m),
    meanCallScore: meanCallScore(m),
    meanFixScore: meanFixScore(m),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Jalali periods of rollup days
// ---------------------------------------------------------------------------------------------------------------

export type JalaliPeriodKind = 'day' | 'month' | 'quarter' | 'year';

/** The Jalali day of a rollup day (`YYYY-MM-DD`, Gregorian, already a calendar day of the company's time zone). */
export function jalaliOfRollupDay(day: string): JalaliDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`${day} is not a day (YYYY-MM-DD)`);
  return gregorianToJalali({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) });
}

/**
 * The Jalali period a rollup day belongs to, as a key: `1405` (year), `1405-Q2` (quarter: spring Q1 = Farvardin to
 * Khordad … winter Q4), `1405-04` (month), `1405-04-07` (day).
 */
export function jalaliPeriodOf(day: string, kind: JalaliPeriodKind): string {
  const j = jalaliOfRollupDay(day);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (kind === 'year') return String(j.year);
  if (kind === 'quarter') return `${j.year}-Q${Math.ceil(j.month / 3)}`;
  if (kind === 'month') return `${j.year}-${pad(j.month)}`;
  return `${j.year}-${pad(j.month)}-${pad(j.day)}`;
}

/** Sums rollup rows per Jalali period (keys of `jalaliPeriodOf`, in order). */
export function sumByJalaliPeriod(
  rows: Iterable<Partial<RollupMeasures> & { day: string }>,
  kind: JalaliPeriodKind,
): Map<string, RollupMeasures> {
  const groups = new Map<string, Partial<RollupMeasures>[]>();
  for (const row of rows) {
    const key = jalaliPeriodOf(row.day, kind);
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  return new Map([...groups.keys()].sort().map((key) => [key, sumMeasures(groups.get(key) ?? [])]));
}

/** A period of rollup days named the way people name it: a Jalali year, quarter, month, or a range of days. */
export interface RollupPeriod {
  kind: 'year' | 'quarter' | 'month' | 'range';
  /** `1405`, `1405-Q2`, `1405-08`, or `1405-08-01..1405-08-15` (the key it was read from, normalised). */
  key: string;
  /** The first and last rollup day, both included (`YYYY-MM-DD`, Gregorian). */
  from: string;
  to: string;
  labelFa: string;
  labelEn: string;
}

const quarterNamesFa = ['بهار', 'تابستان', 'پاییز', 'زمستان'];
const quarterNamesEn = ['spring', 'summer', 'autumn', 'winter'];
const gregorianDay = (j: JalaliDate) => {
  const g = jalaliToGregorian(j);
  return `${g.year}-${String(g.month).padStart(2, '0')}-${String(g.day).padStart(2, '0')}`;
};
const faDigits = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

/**
 * Reads a period key (see `RollupPeriod.key`; Persian digits accepted). Undefined when it names no period: a bad
 * form, a month or day that does not exist, a range that ends before it starts or spans more than 1,100 days.
 */
export function parseRollupPeriod(text: string): RollupPeriod | undefined {
  const key = text.trim().replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  const months = (year: number, first: number, last: number) => ({
    from: gregorianDay({ year, month: first, day: 1 }),
    to: gregorianDay({ year, month: last, day: jalaliDaysInMonth(year, last) }),
  });
  let match = /^(\d{4})$/.exec(key);
  if (match) {
    const year = Number(match[1]);
    return { kind: 'year', key, ...months(year, 1, 12), labelFa: `سال ${faDigits(key)}`, labelEn: `year ${key}` };
  }
  match = /^(\d{4})-Q([1-4])$/.exec(key);
  if (match) {
    const year = Number(match[1]);
    const q = Number(match[2]);
    return {
      kind: 'quarter',
      key,
      ...months(year, 3 * q - 2, 3 * q),
      labelFa: `${quarterNamesFa[q - 1]} ${faDigits(String(year))}`,
      labelEn: `${quarterNamesEn[q - 1]} ${year}`,
    };
  }
  match = /^(\d{4})-(\d{2})$/.exec(key);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    if (month < 1 || month > 12) return undefined;
    return {
      kind: 'month',
      key,
      ...months(year, month, month),
      labelFa: `${jalaliMonthNamesFa[month - 1]} ${faDigits(String(year))}`,
      labelEn: `${jalaliMonthNamesEn[month - 1]} ${year}`,
    };
  }
  match = /^([^.]+)\.\.([^.]+)$/.exec(key);
  if (!match) return undefined;
  const first = parseJalali(match[1] ?? '');
  const last = parseJalali(match[2] ?? '');
  if (!first || !last) return undefined;
  const from = gregorianDay(first);
  const to = gregorianDay(last);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0 || days > 1100) return undefined;
  const [a, b] = [jalaliKey(first), jalaliKey(last)];
  return {
    kind: 'range',
    key: `${a}..${b}`,
    from,
    to,
    labelFa: `${faDigits(a)} تا ${faDigits(b)}`,
    labelEn: `${a} to ${b}`,
  };
}

/** The Jalali months a period spans, as month keys (`1405-08`), in order: the trend's x axis. */
export function jalaliMonthsOf(period: RollupPeriod): string[] {
  const keys: string[] = [];
  for (let t = Date.parse(period.from); t <= Date.parse(period.to); t += 86_400_000) {
    const key = jalaliPeriodOf(new Date(t).toISOString().slice(0, 10), 'month');
    if (keys.at(-1) !== key) keys.push(key);
  }
  return keys;
}
