import { describe, expect, it } from 'vitest';
import { draftOf, moved, nextExtraKey, questionsInput } from './questionnaireDraft.js';
import { agoText, mobileShown, percentText, reasonText } from './surveyWords.js';

describe('the survey words', () => {
  it('says why a survey was drawn, in Persian words and digits', () => {
    const [line] = reasonText(
      {
        rule: 'weekly_share',
        week: '1405-09-15',
        resolvedInWeek: 40,
        share: 0.1,
        minimumPerUnit: 3,
        target: 4,
        alreadySampled: 1,
        eligible: 12,
      },
      'امور آب و فاضلاب ورامین',
      'fa',
    );
    expect(line).toBe(
      'در هفته‌ای که از شنبه ۱۴۰۵/۰۹/۱۵ آغاز شد، واحد «امور آب و فاضلاب ورامین» ۴۰ درخواست را رفع کرد. سهم نمونه ۱۰٪ و دست‌کم ۳ مورد در هفته است؛ پس ۴ نظرسنجی از کار این واحد در آن هفته لازم بود و ۱ مورد پیش‌تر انتخاب شده بود. این درخواست به قرعه از میان ۱۲ درخواست واجد شرایط انتخاب شد.',
    );
    expect(reasonText({ rule: 'weekly_share', week: '1405-09-15', smsOff: true }, null, 'fa')).toHaveLength(2);
    expect(reasonText(null, null, 'en')).toEqual(['No reason was kept.']);
  });

  it('shows a mobile as it is dialled, shares as percents, and how long ago', () => {
    expect(mobileShown('+989125550001', 'fa')).toBe('۰۹۱۲ ۵۵۵ ۰۰۰۱');
    expect(mobileShown('+989125550001', 'en')).toBe('0912 555 0001');
    expect(mobileShown('+442071234567', 'en')).toBe('+442071234567');
    expect(percentText(0.125, 'fa')).toBe('۱۲٫۵٪');
    expect(percentText(0.1, 'en')).toBe('10%');
    const now = Date.parse('2026-12-08T12:00:00Z');
    expect(agoText('2026-12-06T11:00:00Z', now, 'fa')).toBe('۲ روز و ۱ ساعت پیش');
    expect(agoText('2026-12-08T11:50:00Z', now, 'en')).toBe('10 min ago');
  });
});

describe('the questionnaire draft', () => {
  const version = {
    version: 2,
    note: null,
    createdAt: null,
    questions: [
      { key: 'call_handling', measure: 'CALL_HANDLING', kind: 'SCALE', textFa: 'الف', textEn: 'a', ivr: true },
      { key: 'extra_3', measure: 'EXTRA', kind: 'TEXT', textFa: 'ب', textEn: 'b', ivr: false },
    ],
  } as const;

  it('gives a new extra question a key no version has used', () => {
    const draft = draftOf({ ...version, questions: [...version.questions] });
    expect(nextExtraKey([{ ...version, questions: [...version.questions] }], draft.questions)).toBe('extra_4');
  });

  it('moves questions and sends the wording normalised, never the IVR on a text answer', () => {
    const draft = draftOf({ ...version, questions: [...version.questions] });
    const swapped = moved(draft.questions, 1, -1);
    expect(swapped.map((q) => q.key)).toEqual(['extra_3', 'call_handling']);
    const [first, second] = swapped;
    if (!first || !second) throw new Error('a question was lost');
    const input = questionsInput({ ...draft, questions: [{ ...first, textFa: ' آيا كار؟ ', ivr: true }, second] });
    expect(input[0]).toEqual({
      key: 'extra_3',
      measure: 'EXTRA',
      kind: 'TEXT',
      textFa: 'آیا کار؟',
      textEn: 'b',
      ivr: false,
    });
  });
});
