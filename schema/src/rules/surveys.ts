/**
 * Surveys (section (c) of the charter): whether the operational units' work really fixed the customer's problem,
 * asked by telephone, by an SMS link to a public page, or by the PBX right after a call. Pure data and functions, no
 * I/O: the questionnaire's shape and its checks, the national default every company starts from, and the weekly
 * sampling draw. The server (server/src/modules/surveys), the portal and the tests read the same rules.
 */

/** How a survey reaches the customer. `ivr`: the PBX asks right after the agent hangs up (scores the call only). */
export const surveyMethods = ['phone', 'sms', 'ivr'] as const;
export type SurveyMethod = (typeof surveyMethods)[number];

/** Where a survey stands: waiting for its calls (or the customer's answer to the link), or ended. */
export const surveyStatuses = ['pending', 'completed', 'refused', 'unreachable', 'expired'] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];

/** What one telephone attempt came to. */
export const surveyAttemptOutcomes = ['no_answer', 'busy', 'refused', 'wrong_number', 'completed'] as const;
export type SurveyAttemptOutcome = (typeof surveyAttemptOutcomes)[number];

/**
 * What a question measures and whom it scores: the call's handling scores the agent who took it; whether the problem
 * was really fixed and how well score the operational unit; the overall score, the company. `comment` is the
 * customer's own words; `extra` questions are the company's, asked and kept but scoring no one.
 */
export const questionMeasures = ['call_handling', 'fixed', 'fix_quality', 'overall', 'comment', 'extra'] as const;
export type QuestionMeasure = (typeof questionMeasures)[number];

/** The kind of answer: 1–5 (5 best), yes/no, or free text. */
export const questionKinds = ['scale', 'yes_no', 'text'] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const scoredTo: Readonly<Record<QuestionMeasure, 'agent' | 'unit' | 'company' | null>> = {
  call_handling: 'agent',
  fixed: 'unit',
  fix_quality: 'unit',
  overall: 'company',
  comment: null,
  extra: null,
};

/** The scored measures each questionnaire must ask exactly once, with the kind of answer each takes. */
const requiredMeasures = {
  call_handling: 'scale',
  fixed: 'yes_no',
  fix_quality: 'scale',
  overall: 'scale',
} as const satisfies Partial<Record<QuestionMeasure, QuestionKind>>;

export interface SurveyQuestion {
  /** Stable within the company's versions (answers are stored under it): lowercase letters, digits, underscores. */
  key: string;
  measure: QuestionMeasure;
  kind: QuestionKind;
  textFa: string;
  textEn: string;
  /** Asked by the after-call IVR too (scale and yes/no only): digit 1–5, or 1 yes / 2 no, in the order listed. */
  ivr: boolean;
}

/** The national default every company's questionnaire starts from (version 0: no company row). */
export const nationalQuestionnaire: readonly SurveyQuestion[] = [
  {
    key: 'call_handling',
    measure: 'call_handling',
    kind: 'scale',
    textFa: 'از برخورد و راهنمایی کارشناس مرکز تماس هنگام ثبت درخواست چقدر راضی بودید؟ (۱ تا ۵)',
    textEn: 'How satisfied were you with how the contact-centre agent handled your call? (1–5)',
    ivr: true,
  },
  {
    key: 'fixed',
    measure: 'fixed',
    kind: 'yes_no',
    textFa: 'آیا مشکل شما واقعاً برطرف شد؟',
    textEn: 'Was your problem really fixed?',
    ivr: false,
  },
  {
    key: 'fix_quality',
    measure: 'fix_quality',
    kind: 'scale',
    textFa: 'از نحوه و کیفیت انجام کار توسط گروه اجرایی چقدر راضی هستید؟ (۱ تا ۵)',
    textEn: 'How satisfied are you with how the crew did the work? (1–5)',
    ivr: false,
  },
  {
    key: 'overall',
    measure: 'overall',
    kind: 'scale',
    textFa: 'در مجموع از خدمات شرکت آب و فاضلاب چقدر راضی هستید؟ (۱ تا ۵)',
    textEn: 'Overall, how satisfied are you with the water company’s service? (1–5)',
    ivr: true,
  },
  {
    key: 'comment',
    measure: 'comment',
    kind: 'text',
    textFa: 'اگر توضیح یا پیشنهادی دارید بفرمایید.',
    textEn: 'Anything else you would like to tell us?',
    ivr: false,
  },
];

export const questionLimits = { questions: 15, text: 300, key: 40, answerText: 1000 } as const;

export type QuestionnaireCheck =
  | { ok: true; questions: SurveyQuestion[] }
  | { ok: false; field: string; en: string; fa: string };

const keyPattern = /^[a-z][a-z0-9_]*$/;

/**
 * A questionnaire as given: up to 15 questions with distinct keys, each scored measure asked exactly once with its
 * kind of answer, at most one comment, the IVR only on scale and yes/no questions, wording in both languages.
 */
export function checkQuestionnaire(input: readonly Partial<SurveyQuestion>[]): QuestionnaireCheck {
  if (input.length < 4 || input.length > questionLimits.questions)
    return {
      ok: false,
      field: 'questions',
      en: `must have 4 to ${questionLimits.questions} questions`,
      fa: `باید ۴ تا ${questionLimits.questions.toLocaleString('fa-IR')} پرسش داشته باشد`,
    };
  const questions: SurveyQuestion[] = [];
  for (const [i, q] of input.entries()) {
    const field = `questions.${i}`;
    const key = q.key?.trim() ?? '';
    if (!keyPattern.test(key) || key.length > questionLimits.key)
      return {
        ok: false,
        field: `${field}.key`,
        en: `must be lowercase Latin letters, digits and _ (at most ${questionLimits.key})`,
        fa: `باید حروف کوچک لاتین، رقم و _ باشد (حداکثر ${questionLimits.key.toLocaleString('fa-IR')} نویسه)`,
      };
    if (questions.some((other) => other.key === key))
      return { ok: false, field: `${field}.key`, en: 'is used by another question', fa: 'کلید پرسش دیگری است' };
    if (!q.measure || !(questionMeasures as readonly string[]).includes(q.measure))
      return { ok: false, field: `${field}.measure`, en: 'is not a known measure', fa: 'سنجهٔ شناخته‌شده‌ای نیست' };
    if (!q.kind || !(questionKinds as readonly string[]).includes(q.kind))
      return { ok: false, field: `${field}.kind`, en: 'is not a known kind of answer', fa: 'نوع پاسخ شناخته‌شده نیست' };
    const expected = q.measure === 'comment' ? 'text' : (requiredMeasures as Record<string, QuestionKind>)[q.measure];
    if (expected && q.kind !== expected)
      return {
        ok: false,
        field: `${field}.kind`,
        en: `must be ${expected.toUpperCase()} for the ${q.measure.toUpperCase()} question`,
        fa: `برای این سنجه باید «${kindLabels[expected].fa}» باشد`,
      };
    if (q.measure !== 'extra' && questions.some((other) => other.measure === q.measure))
      return {
        ok: false,
        field: `${field}.measure`,
        en: 'is asked by another question already (each scored measure once)',
        fa: 'در پرسش دیگری پرسیده شده است (هر سنجه یک بار)',
      };
    for (const [name, fa] of [
      ['textFa', 'متن فارسی'],
      ['textEn', 'متن انگلیسی'],
    ] as const) {
      const text = q[name]?.trim() ?? '';
      if (text === '' || text.length > questionLimits.text)
        return {
          ok: false,
          field: `${field}.${name}`,
          en: `is required, at most ${questionLimits.text} characters`,
          fa: `${fa} لازم است، حداکثر ${questionLimits.text.toLocaleString('fa-IR')} نویسه`,
        };
    }
    if (q.ivr && q.kind === 'text')
      return {
        ok: false,
        field: `${field}.ivr`,
        en: 'cannot be asked by the IVR: a text answer takes no digits',
        fa: 'در پاسخگوی خودکار پرسیدنی نیست: پاسخ متنی با کلید تلفن داده نمی‌شود',
      };
    questions.push({
      key,
      measure: q.measure,
      kind: q.kind,
      textFa: q.textFa?.trim() ?? '',
      textEn: q.textEn?.trim() ?? '',
      ivr: q.ivr === true,
    });
  }
  for (const measure of Object.keys(requiredMeasures))
    if (!questions.some((q) => q.measure === measure))
      return {
        ok: false,
        field: 'questions',
        en: `must ask the ${measure.toUpperCase()} question`,
        fa: `باید پرسش «${measureLabels[measure as QuestionMeasure].fa}» را داشته باشد`,
      };
  return { ok: true, questions };
}

export const measureLabels: Readonly<Record<QuestionMeasure, { fa: string; en: string }>> = {
  call_handling: { fa: 'برخورد کارشناس مرکز تماس', en: 'Call handling (agent)' },
  fixed: { fa: 'رفع واقعی مشکل', en: 'Really fixed (unit)' },
  fix_quality: { fa: 'کیفیت انجام کار', en: 'Quality of the fix (unit)' },
  overall: { fa: 'رضایت کلی', en: 'Overall (company)' },
  comment: { fa: 'توضیح مشترک', en: 'Customer’s comment' },
  extra: { fa: 'پرسش افزوده', en: 'Extra question' },
};

export const kindLabels: Readonly<Record<QuestionKind, { fa: string; en: string }>> = {
  scale: { fa: 'امتیاز ۱ تا ۵', en: 'Score 1–5' },
  yes_no: { fa: 'بله/خیر', en: 'Yes/no' },
  text: { fa: 'متن', en: 'Text' },
};

/** One answer: a score 1–5, yes/no, or text (by the question's kind). */
export type SurveyAnswer = number | boolean | string;

export type AnswersCheck =
  | { ok: true; answers: Record<string, SurveyAnswer> }
  | { ok: false; field: string; en: string; fa: string };

/**
 * Answers given so far (a telephone survey records them as the customer speaks, so any subset is valid until it is
 * completed): each under a question's key, of that question's kind. `complete` asks that every scored question be
 * answered.
 */
export function checkAnswers(
  questions: readonly SurveyQuestion[],
  given: Readonly<Record<string, unknown>>,
  complete: boolean,
): AnswersCheck {
  const answers: Record<string, SurveyAnswer> = {};
  for (const [key, value] of Object.entries(given)) {
    const question = questions.find((q) => q.key === key);
    const field = `answers.${key}`;
    if (!question) return { ok: false, field, en: 'is not a question of this survey', fa: 'پرسش این نظرسنجی نیست' };
    if (value === null || value === undefined || value === '') continue;
    if (question.kind === 'scale' && !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5))
      return { ok: false, field, en: 'must be a whole score from 1 to 5', fa: 'باید امتیازی درست از ۱ تا ۵ باشد' };
    if (question.kind === 'yes_no' && typeof value !== 'boolean')
      return { ok: false, field, en: 'must be yes or no', fa: 'باید بله یا خیر باشد' };
    if (question.kind === 'text') {
      if (typeof value !== 'string') return { ok: false, field, en: 'must be text', fa: 'باید متن باشد' };
      if (value.length > questionLimits.answerText)
        return {
          ok: false,
          field,
          en: `is too long (at most ${questionLimits.answerText} characters)`,
          fa: `بیش از حد طولانی است (حداکثر ${questionLimits.answerText.toLocaleString('fa-IR')} نویسه)`,
        };
    }
    answers[key] = value as SurveyAnswer;
  }
  if (complete)
    for (const q of questions)
      if (q.measure in requiredMeasures && answers[q.key] === undefined)
        return { ok: false, field: `answers.${q.key}`, en: 'must be answered', fa: 'باید پاسخ داده شود' };
  return { ok: true, answers };
}

/** The scored figures of a completed survey's answers (null: not asked or not answered). */
export interface SurveyScores {
  callScore: number | null;
  fixed: boolean | null;
  fixScore: number | null;
  overallScore: number | null;
  comment: string | null;
}

export function scoresOf(questions: readonly SurveyQuestion[], answers: Readonly<Record<string, SurveyAnswer>>) {
  const of = (measure: QuestionMeasure) => {
    const q = questions.find((question) => question.measure === measure);
    return q ? answers[q.key] : undefined;
  };
  const score = (v: SurveyAnswer | undefined) => (typeof v === 'number' ? v : null);
  const fixed = of('fixed');
  const comment = of('comment');
  return {
    callScore: score(of('call_handling')),
    fixed: typeof fixed === 'boolean' ? fixed : null,
    fixScore: score(of('fix_quality')),
    overallScore: score(of('overall')),
    comment: typeof comment === 'string' && comment.trim() !== '' ? comment.trim() : null,
  } satisfies SurveyScores;
}

/**
 * The after-call IVR's digits, one per IVR question in the questionnaire's order: 1–5 for a score, 1 (yes) or 2 (no)
 * for yes/no. Fewer digits than questions is a caller who hung up early: what was pressed is kept.
 */
export function answersOfDigits(
  questions: readonly SurveyQuestion[],
  digits: string,
): { ok: true; answers: Record<string, SurveyAnswer> } | { ok: false; field: string; en: string; fa: string } {
  const asked = questions.filter((q) => q.ivr);
  if (!/^[0-9]*$/.test(digits) || digits.length === 0 || digits.length > asked.length)
    return {
      ok: false,
      field: 'digits',
      en: `must be 1 to ${asked.length} digits, one per IVR question`,
      fa: `باید ۱ تا ${asked.length.toLocaleString('fa-IR')} رقم باشد، یکی برای هر پرسش پاسخگوی خودکار`,
    };
  const answers: Record<string, SurveyAnswer> = {};
  for (const [i, ch] of [...digits].entries()) {
    const q = asked[i] as SurveyQuestion;
    const d = Number(ch);
    if (q.kind === 'scale' && d >= 1 && d <= 5) answers[q.key] = d;
    else if (q.kind === 'yes_no' && (d === 1 || d === 2)) answers[q.key] = d === 1;
    else
      return {
        ok: false,
        field: `digits.${i}`,
        en: q.kind === 'scale' ? 'must be 1 to 5' : 'must be 1 (yes) or 2 (no)',
        fa: q.kind === 'scale' ? 'باید ۱ تا ۵ باشد' : 'باید ۱ (بله) یا ۲ (خیر) باشد',
      };
  }
  return { ok: true, answers };
}

// ---------------------------------------------------------------------------------------------------------------
// Sampling
// ---------------------------------------------------------------------------------------------------------------

/** A company's sampling rules (no row: `defaultSamplingRules`). */
export interface SamplingRules {
  /** Share of each unit's resolved requests of the week to survey, 0–1. */
  share: number;
  /** …but at least this many per unit and week (or all of them, when fewer were resolved). */
  minimumPerUnit: number;
  /** Hours after resolution before the customer is asked (the fix has had time to prove itself). */
  delayHours: number;
  /** No customer (mobile number) is asked again within this many days. */
  cooldownDays: number;
  /** Categories never surveyed (e.g. information requests). */
  excludedCategories: readonly string[];
}

export const defaultSamplingRules: SamplingRules = {
  share: 0.1,
  minimumPerUnit: 3,
  delayHours: 24,
  cooldownDays: 30,
  excludedCategories: [],
};

/** A resolved request of the week, as the draw sees it. */
export interface SampleCandidate {
  requestId: string;
  unitId: string;
  categoryCode: string;
  /** The customer's mobile (E.164), or null when there is none to ask. */
  mobile: string | null;
  resolvedAt: Date;
  /** Still resolved (or closed) now: a reopened request is not asked whether it was fixed. */
  stillResolved: boolean;
  /** Already surveyed (ever): never asked twice. */
  sampled: boolean;
}

/** Why one request was drawn, kept on its survey. */
export interface SampleReason {
  rule: 'weekly_share';
  /** The Jalali week: the date of its Saturday, e.g. `1405-09-15` (`jalaliWeekOf`). */
  week: string;
  /** The unit's resolved requests of the week so far, the share and minimum then applied, the target they give. */
  resolvedInWeek: number;
  share: number;
  minimumPerUnit: number;
  target: number;
  /** Drawn already this week before this draw, and the eligible requests this draw chose among. */
  alreadySampled: number;
  eligible: number;
}

export interface DrawInput {
  now: Date;
  week: string;
  rules: SamplingRules;
  candidates: readonly SampleCandidate[];
  /** Mobiles surveyed (sampled) within the cool-down, before this draw. */
  recentMobiles: ReadonlySet<string>;
  /** A seed for the reproducible draw order (the company's id): the same data always draws the same requests. */
  seed: string;
}

/** The week's target for a unit: the share of its resolved requests, rounded up, but at least the minimum (or all). */
export const weeklyTarget = (resolved: number, rules: SamplingRules) =>
  Math.min(resolved, Math.max(Math.ceil(rules.share * resolved), rules.minimumPerUnit));

/** FNV-1a of a string: a stable pseudo-random rank (not a secret — the draw only needs to be unbiased by order). */
function rank(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The week's draw for every unit: each unit's target from all its resolved requests of the week (sampled or not,
 * still resolved or not: the share is of the unit's work), less those already drawn; chosen in a reproducible
 * pseudo-random order among the eligible — past the delay, still resolved, not excluded, with a mobile, never drawn
 * before, the customer not asked within the cool-down (nor twice in one draw).
 */
export function drawSample(input: DrawInput): { requestId: string; reason: SampleReason }[] {
  const delayMs = input.rules.delayHours * 3600_000;
  const excluded = new Set(input.rules.excludedCategories);
  const byUnit = new Map<string, SampleCandidate[]>();
  for (const c of input.candidates) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
  const taken = new Set(input.recentMobiles);
  const drawn: { requestId: string; reason: SampleReason }[] = [];
  for (const unitId of [...byUnit.keys()].sort()) {
    const all = byUnit.get(unitId) as SampleCandidate[];
    const target = weeklyTarget(all.length, input.rules);
    const alreadySampled = all.filter((c) => c.sampled).length;
    const eligible = all
      .filter(
        (c) =>
          !c.sampled &&
          c.stillResolved &&
          c.mobile !== null &&
          !excluded.has(c.categoryCode) &&
          input.now.getTime() - c.resolvedAt.getTime() >= delayMs,
      )
      .sort((a, b) => rank(`${input.seed}:${a.requestId}`) - rank(`${input.seed}:${b.requestId}`));
    let wanted = target - alreadySampled;
    for (const c of eligible) {
      if (wanted <= 0) break;
      if (taken.has(c.mobile as string)) continue;
      taken.add(c.mobile as string);
      wanted--;
      drawn.push({
        requestId: c.requestId,
        reason: {
          rule: 'weekly_share',
          week: input.week,
          resolvedInWeek: all.length,
          share: input.rules.share,
          minimumPerUnit: input.rules.minimumPerUnit,
          target,
          alreadySampled,
          eligible: eligible.length,
        },
      });
    }
  }
  return drawn;
}

export type SamplingRulesCheck =
  | { ok: true; rules: SamplingRules }
  | { ok: false; field: string; en: string; fa: string };

/** Sampling rules as given: a share 0–1, a minimum 0–100, a delay 0–720 hours, a cool-down 0–365 days. */
export function checkSamplingRules(input: SamplingRules): SamplingRulesCheck {
  const whole = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  if (!(Number.isFinite(input.share) && input.share >= 0 && input.share <= 1))
    return { ok: false, field: 'share', en: 'must be a share from 0 to 1', fa: 'باید سهمی از ۰ تا ۱ باشد' };
  if (!whole(input.minimumPerUnit, 0, 100))
    return { ok: false, field: 'minimumPerUnit', en: 'must be 0 to 100', fa: 'باید از ۰ تا ۱۰۰ باشد' };
  if (!whole(input.delayHours, 0, 720))
    return { ok: false, field: 'delayHours', en: 'must be 0 to 720 hours', fa: 'باید از ۰ تا ۷۲۰ ساعت باشد' };
  if (!whole(input.cooldownDays, 0, 365))
    return { ok: false, field: 'cooldownDays', en: 'must be 0 to 365 days', fa: 'باید از ۰ تا ۳۶۵ روز باشد' };
  return { ok: true, rules: { ...input, excludedCategories: [...new Set(input.excludedCategories)] } };
}
