import { Anchor, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { displayText, formatNumber } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FactsTable } from '../../ui/FactsTable.js';
import { type HistoryStep, HistoryTimeline, StepDetail } from '../../ui/HistoryTimeline.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useCategoryName } from '../../ui/options.js';
import { PersonName } from '../../ui/PersonName.js';
import { Section } from '../../ui/Section.js';
import { type RequestStatus, StatusBadge } from '../../ui/StatusBadge.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import type { SurveyCall } from './survey.queries.js';
import { reasonText, surveyWord, surveyWords } from './surveyWords.js';

const messages = {
  fa: {
    request: 'درخواست',
    trackingCode: 'کد رهگیری',
    category: 'موضوع',
    reported: 'آنچه گزارش شد',
    where: 'نشانی',
    unit: 'واحد انجام‌دهنده',
    done: 'آنچه واحد انجام داد',
    registered: 'ثبت',
    resolved: 'رفع',
    status: 'وضعیت کنونی',
    noRequest: 'این نظرسنجی دربارهٔ یک تماس است، نه درخواست.',
    why: 'چرا این درخواست انتخاب شد',
    survey: 'نظرسنجی',
    method: 'روش',
    agent: 'کارشناس پاسخگو (امتیاز برخورد)',
    sampled: 'انتخاب برای نظرسنجی',
    nextAttempt: 'نوبت تماس بعدی',
    completed: 'پایان با پاسخ',
    attemptCount: 'تماس‌ها',
    attempts: 'تماس‌های این نظرسنجی',
    noAttempts: 'هنوز تماسی ثبت نشده است.',
    officer: 'کارشناس',
    unknown: 'نامشخص',
  },
  en: {
    request: 'Request',
    trackingCode: 'Tracking code',
    category: 'Category',
    reported: 'What was reported',
    where: 'Address',
    unit: 'Unit that did the work',
    done: 'What the unit did',
    registered: 'Registered',
    resolved: 'Resolved',
    status: 'Status now',
    noRequest: 'This survey is about a call, not a request.',
    why: 'Why this request was drawn',
    survey: 'Survey',
    method: 'Method',
    agent: 'Agent who took the call (scored)',
    sampled: 'Drawn',
    nextAttempt: 'Next call due',
    completed: 'Answered',
    attemptCount: 'Calls',
    attempts: 'Calls of this survey',
    noAttempts: 'No call recorded yet.',
    officer: 'Officer',
    unknown: 'unknown',
  },
};
type Row = [string, ReactNode];

/** The request the customer is asked about: what was reported, where, who did the work and what, when resolved. */
export function RequestFacts({ survey }: { survey: SurveyCall }) {
  const m = useMessages(messages);
  const w = useMessages(surveyWords);
  const { language } = useI18n();
  const pick = useBilingual();
  const categoryName = useCategoryName();
  const r = survey.request;
  if (!r)
    return (
      <Section id="survey-request" title={m.request}>
        <Text size="sm">{m.noRequest}</Text>
      </Section>
    );
  const unit = r.assignedUnit ?? survey.unit;
  // Reopened since (this survey's "not fixed", say): the request no longer says when and how it was resolved, its
  // history does.
  const resolution = r.events.findLast((e) => e.toStatus === 'RESOLVED');
  const resolvedAt = r.resolvedAt ?? resolution?.occurredAt ?? null;
  const done = r.publicNote ?? resolution?.note ?? null;
  const rows: Row[] = [
    [
      m.trackingCode,
      <Anchor key="c" component={Link} to={`/desk/${r.trackingCode}`} data-testid="survey-request-link">
        <TrackingCodeText code={r.trackingCode} />
      </Anchor>,
    ],
    [m.category, categoryName(r.categoryCode, r.categoryNameFa)],
    [
      m.reported,
      <Text key="d" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {displayText(r.description, language)}
      </Text>,
    ],
    [m.where, r.address ? displayText(r.address, language) : w.none],
    [m.unit, unit ? pick(unit.nameFa, unit.nameEn) : w.none],
    [
      m.done,
      done ? (
        <Text key="n" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {displayText(done, language)}
        </Text>
      ) : (
        w.none
      ),
    ],
    [m.registered, <JalaliDate key="rg" value={r.registeredAt} />],
    [m.resolved, resolvedAt ? <JalaliDate key="rs" value={resolvedAt} /> : w.none],
    [
      m.status,
      <span key="s" data-testid="survey-request-status" data-status={r.status}>
        <StatusBadge status={r.status as RequestStatus} />
      </span>,
    ],
  ];
  return (
    <Section id="survey-request" title={m.request}>
      <FactsTable rows={rows} testId="survey-request-facts" />
    </Section>
  );
}

/** Why it was drawn, in words (the week, the unit's resolved requests, the share and minimum, the lot). */
export function DrawReason({ survey }: { survey: SurveyCall }) {
  const m = useMessages(messages);
  const { language } = useI18n();
  const pick = useBilingual();
  const unit = survey.unit ?? survey.request?.assignedUnit ?? null;
  return (
    <Section id="survey-reason" title={m.why}>
      {reasonText(survey.reason, unit ? pick(unit.nameFa, unit.nameEn) : null, language).map((line) => (
        <Text key={line} size="sm" mb={4} data-testid="survey-reason">
          {line}
        </Text>
      ))}
    </Section>
  );
}

/** The survey itself: how it is asked, whom its call question scores, when drawn, the calls, when due again. */
export function SurveyDetails({ survey }: { survey: SurveyCall }) {
  const m = useMessages(messages);
  const w = useMessages(surveyWords);
  const { language } = useI18n();
  const rows: Row[] = [
    [m.method, surveyWord(w, 'method', survey.method)],
    [m.agent, survey.agentName ? <PersonName key="a" name={survey.agentName} subject={null} /> : w.none],
    [m.sampled, <JalaliDate key="s" value={survey.sampledAt} />],
    [
      m.attemptCount,
      <span key="c" data-testid="survey-attempt-count">
        {formatNumber(survey.attemptCount, language)}
      </span>,
    ],
    ...(survey.status === 'PENDING'
      ? ([[m.nextAttempt, <JalaliDate key="n" value={survey.nextAttemptAt} />]] as Row[])
      : []),
    ...(survey.completedAt ? ([[m.completed, <JalaliDate key="d" value={survey.completedAt} />]] as Row[]) : []),
  ];
  return (
    <Section id="survey-details" title={m.survey}>
      <FactsTable rows={rows} testId="survey-facts" />
    </Section>
  );
}

/** Every call of this survey, oldest first: what it came to, who called, the note. */
export function AttemptHistory({ survey }: { survey: SurveyCall }) {
  const m = useMessages(messages);
  const w = useMessages(surveyWords);
  const { language } = useI18n();
  const steps: HistoryStep[] = survey.attempts.map((a) => ({
    title: surveyWord(w, 'outcome', a.outcome),
    occurredAt: a.attemptedAt,
    actor: a.officerName ? <PersonName name={a.officerName} subject={null} /> : m.unknown,
    data: { outcome: a.outcome },
    details: a.note ? <StepDetail long>{displayText(a.note, language)}</StepDetail> : null,
  }));
  return (
    <Section id="survey-attempts" title={m.attempts} headingGap="sm" miw={0}>
      {steps.length === 0 ? (
        <Text size="sm" c="dimmed">
          {m.noAttempts}
        </Text>
      ) : (
        <HistoryTimeline
          steps={steps}
          label={m.attempts}
          actorLabel={m.officer}
          testId="survey-attempt-history"
          stepTestId="survey-attempt-step"
        />
      )}
    </Section>
  );
}
