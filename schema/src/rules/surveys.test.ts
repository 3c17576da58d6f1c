import { describe, expect, it } from 'vitest';
import { jalaliWeekOf } from './calendar.js';
import {
  answersOfDigits,
  checkAnswers,
  checkQuestionnaire,
  checkSamplingRules,
  defaultSamplingRules,
  drawSample,
  nationalQuestionnaire,
  type SampleCandidate,
  type SamplingRules,
  scoresOf,
  weeklyTarget,
} from './surveys.js';

/** A small seeded generator, so a failing case can be run again. */
function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const now = new Date('2026-12-08T12:00:00Z');
const hours = (h: number) => new Date(now.getTime() - h * 3600_000);

/** Resolved requests of a week for several units: mobiles repeat, some reopened, some sampled, some too fresh. */
function generated(seed: number, units = 6) {
  const random = generator(seed);
  const candidates: SampleCandidate[] = [];
  for (let u = 0; u < units; u++) {
    const count = Math.floor(random() * 60);
    for (let i = 0; i < count; i++)
      candidates.push({
        requestId: `r-${seed}-${u}-${i}`,
        unitId: `unit-${u}`,
        categoryCode: random() < 0.15 ? 'info.general' : 'water.burst',
        mobile: random() < 0.1 ? null : `+98912${String(Math.floor(random() * 400)).padStart(7, '0')}`,
        resolvedAt: hours(random() * 150),
        stillResolved: random() > 0.1,
        sampled: random() < 0.05,
      });
  }
  return candidates;
}

const rules: SamplingRules = { ...defaultSamplingRules, share: 0.2, excludedCategories: ['info.general'] };

describe('the weekly sample, on generated data', () => {
  for (const seed of [1, 2, 3, 42, 2026]) {
    it(`seed ${seed}: shares, minimums, delay, cool-down, exclusions and never twice hold`, () => {
      const candidates = generated(seed);
      const recentMobiles = new Set(candidates.slice(0, 10).flatMap((c) => (c.mobile ? [c.mobile] : [])));
      const drawn = drawSample({ now, week: '1405-09-14', rules, candidates, recentMobiles, seed: 'company' });
      const byId = new Map(candidates.map((c) => [c.requestId, c]));
      const picked = drawn.map((d) => byId.get(d.requestId) as SampleCandidate);

      // Never twice: nothing already sampled, no request twice, no customer twice, none within the cool-down.
      expect(picked.every((c) => !c.sampled)).toBe(true);
      expect(new Set(drawn.map((d) => d.requestId)).size).toBe(drawn.length);
      const mobiles = picked.map((c) => c.mobile);
      expect(new Set(mobiles).size).toBe(mobiles.length);
      expect(mobiles.some((m) => m === null || recentMobiles.has(m))).toBe(false);
      // Only past the delay, still resolved, not excluded.
      for (const c of picked) {
        expect(now.getTime() - c.resolvedAt.getTime()).toBeGreaterThanOrEqual(rules.delayHours * 3600_000);
        expect(c.stillResolved).toBe(true);
        expect(c.categoryCode).not.toBe('info.general');
      }
      // Per unit: up to the target (share of the week's resolved, at least the minimum), less those drawn before —
      // and exactly that when enough customers were eligible.
      for (const unitId of new Set(candidates.map((c) => c.unitId))) {
        const all = candidates.filter((c) => c.unitId === unitId);
        const target = Math.min(all.length, Math.max(Math.ceil(0.2 * all.length), rules.minimumPerUnit));
        const before = all.filter((c) => c.sampled).length;
        const mine = picked.filter((c) => c.unitId === unitId);
        expect(mine.length).toBeLessThanOrEqual(Math.max(0, target - before));
        const eligibleCustomers = new Set(
          all
            .filter(
              (c) =>
                !c.sampled &&
                c.stillResolved &&
                c.mobile &&
                c.categoryCode !== 'info.general' &&
                now.getTime() - c.resolvedAt.getTime() >= rules.delayHours * 3600_000 &&
                !recentMobiles.has(c.mobile),
            )
            .map((c) => c.mobile),
        );
        // Customers shared with other units may have been taken by them: a lower bound only when none are shared.
        const shared = [...eligibleCustomers].some((m) =>
          candidates.some((c) => c.unitId !== unitId && c.mobile === m),
        );
        if (!shared) expect(mine.length).toBe(Math.max(0, Math.min(target - before, eligibleCustomers.size)));
        for (const d of drawn.filter((x) => byId.get(x.requestId)?.unitId === unitId))
          expect(d.reason).toMatchObject({ rule: 'weekly_share', resolvedInWeek: all.length, target });
      }
    });
  }

  it('draws the same requests from the same data (reproducible), and a second run of the week adds none', () => {
    const candidates = generated(7);
    const input = { now, week: 'w', rules, candidates, recentMobiles: new Set<string>(), seed: 'c' };
    const first = drawSample(input);
    expect(drawSample(input)).toEqual(first);
    const chosen = new Set(first.map((d) => d.requestId));
    const after = candidates.map((c) => (chosen.has(c.requestId) ? { ...c, sampled: true } : c));
    const taken = new Set(candidates.filter((c) => chosen.has(c.requestId)).map((c) => c.mobile as string));
    expect(drawSample({ ...input, candidates: after, recentMobiles: taken })).toEqual([]);
  });

  it('weekly targets: the share rounded up, at least the minimum, never more than were resolved', () => {
    expect(weeklyTarget(0, rules)).toBe(0);
    expect(weeklyTarget(2, rules)).toBe(2);
    expect(weeklyTarget(10, rules)).toBe(3);
    expect(weeklyTarget(16, rules)).toBe(4);
    expect(weeklyTarget(100, rules)).toBe(20);
  });

  it('refuses rules out of range, naming the field', () => {
    expect(checkSamplingRules({ ...rules, share: 1.5 })).toMatchObject({ ok: false, field: 'share' });
    expect(checkSamplingRules({ ...rules, minimumPerUnit: -1 })).toMatchObject({ ok: false, field: 'minimumPerUnit' });
    expect(checkSamplingRules({ ...rules, delayHours: 1000 })).toMatchObject({ ok: false, field: 'delayHours' });
    expect(checkSamplingRules({ ...rules, cooldownDays: 1.5 })).toMatchObject({ ok: false, field: 'cooldownDays' });
    expect(checkSamplingRules(rules)).toMatchObject({ ok: true });
  });
});

describe('the questionnaire', () => {
  it('accepts the national default', () => {
    expect(checkQuestionnaire(nationalQuestionnaire)).toEqual({ ok: true, questions: nationalQuestionnaire });
  });

  it('refuses a questionnaire without a scored measure, with one twice, a wrong kind or a text IVR question', () => {
    const without = nationalQuestionnaire.filter((q) => q.measure !== 'fixed');
    expect(checkQuestionnaire(without)).toMatchObject({ ok: false, field: 'questions' });
    const twice = [...nationalQuestionnaire, { ...nationalQuestionnaire[1], key: 'fixed_again' }];
    expect(checkQuestionnaire(twice)).toMatchObject({ ok: false, field: 'questions.5.measure' });
    const wrongKind = nationalQuestionnaire.map((q) => (q.measure === 'fixed' ? { ...q, kind: 'scale' as const } : q));
    expect(checkQuestionnaire(wrongKind)).toMatchObject({ ok: false, field: 'questions.1.kind' });
    const textIvr = nationalQuestionnaire.map((q) => (q.measure === 'comment' ? { ...q, ivr: true } : q));
    expect(checkQuestionnaire(textIvr)).toMatchObject({ ok: false, field: 'questions.4.ivr' });
    const badKey = nationalQuestionnaire.map((q, i) => (i === 0 ? { ...q, key: 'Call Handling' } : q));
    expect(checkQuestionnaire(badKey)).toMatchObject({ ok: false, field: 'questions.0.key' });
    const noWords = nationalQuestionnaire.map((q, i) => (i === 2 ? { ...q, textFa: ' ' } : q));
    expect(checkQuestionnaire(noWords)).toMatchObject({ ok: false, field: 'questions.2.textFa' });
  });

  it('checks answers by kind, any subset until complete, then every scored question', () => {
    const q = nationalQuestionnaire;
    expect(checkAnswers(q, { fixed: true }, false)).toEqual({ ok: true, answers: { fixed: true } });
    expect(checkAnswers(q, { fixed: 'yes' }, false)).toMatchObject({ ok: false, field: 'answers.fixed' });
    expect(checkAnswers(q, { overall: 6 }, false)).toMatchObject({ ok: false, field: 'answers.overall' });
    expect(checkAnswers(q, { nope: 1 }, false)).toMatchObject({ ok: false, field: 'answers.nope' });
    expect(checkAnswers(q, { fixed: true }, true)).toMatchObject({ ok: false, field: 'answers.call_handling' });
    const full = { call_handling: 4, fixed: false, fix_quality: 2, overall: 3, comment: ' هنوز آب نیست ' };
    const checked = checkAnswers(q, full, true);
    expect(checked.ok).toBe(true);
    expect(scoresOf(q, full)).toEqual({
      callScore: 4,
      fixed: false,
      fixScore: 2,
      overallScore: 3,
      comment: 'هنوز آب نیست',
    });
  });

  it('reads the after-call IVR digits onto the IVR questions in order', () => {
    expect(answersOfDigits(nationalQuestionnaire, '45')).toEqual({
      ok: true,
      answers: { call_handling: 4, overall: 5 },
    });
    expect(answersOfDigits(nationalQuestionnaire, '4')).toEqual({ ok: true, answers: { call_handling: 4 } });
    expect(answersOfDigits(nationalQuestionnaire, '46')).toMatchObject({ ok: false, field: 'digits.1' });
    expect(answersOfDigits(nationalQuestionnaire, '455')).toMatchObject({ ok: false, field: 'digits' });
    expect(answersOfDigits(nationalQuestionnaire, '')).toMatchObject({ ok: false, field: 'digits' });
    expect(answersOfDigits(nationalQuestionnaire, '4a')).toMatchObject({ ok: false, field: 'digits' });
  });
});

describe('the Jalali week', () => {
  it('runs Saturday to Friday in Tehran, keyed by its Saturday', () => {
    // 1405-09-17 is Tuesday 8 December 2026; its week starts Saturday 1405-09-14 (5 December).
    const week = jalaliWeekOf(now);
    expect(week.key).toBe('1405-09-14');
    expect(week.start.toISOString()).toBe('2026-12-04T20:30:00.000Z');
    expect(week.end.toISOString()).toBe('2026-12-11T20:30:00.000Z');
    // Friday 23:59 Tehran is still in it; Saturday 00:00 is the next.
    expect(jalaliWeekOf(new Date('2026-12-11T20:29:00Z')).key).toBe('1405-09-14');
    expect(jalaliWeekOf(new Date('2026-12-11T20:30:00Z')).key).toBe('1405-09-21');
    // Across a month's end: Saturday 1405-09-28 to Friday 1405-10-04.
    expect(jalaliWeekOf(new Date('2026-12-22T08:00:00Z')).key).toBe('1405-09-28');
  });
});
