import { Anchor, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { displayText, formatNumber } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FactsTable } from '../../ui/FactsTable.js';
import { type HistoryStep, HistoryTimeline, StepDetail } from '../../ui/HistoryTimeline.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useCategoryName } from '../../ui/options.js';
import { PersonName } from '../../ui/PersonName.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { type Priority, PriorityBadge, RequestStatusBadges } from '../desk/RequestBadges.js';
import { useMinuteClock } from '../queue/countdown.js';
import { CaseActions, UnitAnswer } from './CaseActions.js';
import { FollowUpStateBadge, Lateness, measuredDue } from './FollowUpBadges.js';
import { type FollowUpCaseDetail, FollowUpCaseQuery } from './operations.js';
import { followUpWord, followUpWords } from './words.js';

const messages = {
  fa: {
    title: 'پروندهٔ پیگیری',
    back: 'بازگشت به پیگیری‌ها',
    notFound: 'این پروندهٔ پیگیری در شرکت شما نیست یا دسترسی به آن ندارید.',
    request: 'درخواست',
    trackingCode: 'کد رهگیری',
    category: 'موضوع',
    priority: 'اولویت',
    status: 'وضعیت درخواست',
    description: 'شرح',
    unit: 'واحد مسئول',
    dueAt: 'مهلت رسیدگی',
    caller: 'تماس‌گیرنده',
    case: 'پرونده',
    trigger: 'دلیل پیگیری',
    reason: 'شرح دلیل',
    state: 'وضعیت پرونده',
    agreedDueAt: 'زمان توافق‌شده با واحد',
    lateness: 'دیرکرد',
    calls: 'تماس‌های مشترک از گشایش',
    level: 'سطح پیگیری',
    nextLevel: 'سطح بعد از',
    opened: 'گشوده در',
    openedBy: 'گشاینده',
    result: 'نتیجه',
    closedAt: 'زمان بستن',
    none: '—',
    steps: 'گام‌های پیگیری',
    actor: 'انجام‌دهنده',
    system: 'سامانه',
    stepAgreed: 'زمان توافق‌شده',
    stepOutcome: 'نتیجهٔ تماس',
    stepResult: 'نتیجه',
    stepTrigger: 'دلیل',
    smsText: 'متن پیامک',
  },
  en: {
    title: 'Follow-up case',
    back: 'Back to the follow-ups',
    notFound: 'This follow-up case is not of your company, or not yours to see.',
    request: 'Request',
    trackingCode: 'Tracking code',
    category: 'Category',
    priority: 'Priority',
    status: 'Request status',
    description: 'Description',
    unit: 'Assigned unit',
    dueAt: 'Due',
    caller: 'Caller',
    case: 'Case',
    trigger: 'Why',
    reason: 'Reason',
    state: 'Case state',
    agreedDueAt: 'Time agreed with the unit',
    lateness: 'Lateness',
    calls: 'Customer calls since opened',
    level: 'Escalation level',
    nextLevel: 'next level from',
    opened: 'Opened',
    openedBy: 'Opened by',
    result: 'Result',
    closedAt: 'Closed',
    none: '—',
    steps: 'Follow-up steps',
    actor: 'By',
    system: 'The platform',
    stepAgreed: 'Agreed time',
    stepOutcome: 'Call outcome',
    stepResult: 'Result',
    stepTrigger: 'Why',
    smsText: 'SMS text',
  },
};
type Words = (typeof messages)['fa'];

/** One follow-up case: its request, the case, what the viewer may do on it now, and its steps. */
export default function CaseDetail() {
  const { caseId = '' } = useParams();
  const m = useMessages(messages);
  const [result, reexecute] = useQuery({ query: FollowUpCaseQuery, variables: { id: caseId } });
  // What the last action gave back (the case as it is now), until the query brings it too.
  const [latest, setLatest] = useState<FollowUpCaseDetail | null>(null);
  const node = result.data?.node;
  const queried = node?.__typename === 'FollowUpCase' ? (node as FollowUpCaseDetail) : null;
  const kase = latest?.id === caseId ? latest : queried;
  const back = (
    <Anchor component={Link} to="/followup">
      {m.back}
    </Anchor>
  );
  if (result.error && !kase)
    return <ErrorState error={result.error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!result.data && !kase) return <LoadingState />;
  if (!kase)
    return (
      <>
        <ScreenTitle>{m.title}</ScreenTitle>
        <EmptyState action={back}>{m.notFound}</EmptyState>
      </>
    );
  const changed = (next: FollowUpCaseDetail) => {
    setLatest(next);
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <>
      <ScreenTitle description={back} actions={<FollowUpStateBadge state={kase.state} />}>
        {m.title} <TrackingCodeText code={kase.request.trackingCode} />
      </ScreenTitle>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md" miw={0}>
          <RequestFacts kase={kase} m={m} />
          <CaseFacts kase={kase} m={m} />
        </Stack>
        <Stack gap="md" miw={0}>
          <UnitAnswer kase={kase} onChanged={changed} />
          <CaseActions kase={kase} onChanged={changed} />
          <Steps kase={kase} m={m} />
        </Stack>
      </SimpleGrid>
    </>
  );
}

function RequestFacts({ kase, m }: { kase: FollowUpCaseDetail; m: Words }) {
  const { language } = useI18n();
  const pick = useBilingual();
  const categoryName = useCategoryName();
  const r = kase.request;
  const rows: [string, React.ReactNode][] = [
    [
      m.trackingCode,
      <Anchor key="code" component={Link} to={`/desk/${r.trackingCode}`} data-testid="followup-request-link">
        <TrackingCodeText code={r.trackingCode} />
      </Anchor>,
    ],
    [m.category, categoryName(r.categoryCode, r.categoryNameFa)],
    [m.priority, <PriorityBadge key="p" priority={r.priority as Priority} />],
    [m.status, <RequestStatusBadges key="s" status={r.status} overdue={r.overdue} />],
    [
      m.description,
      <Text key="d" style={{ whiteSpace: 'pre-wrap' }}>
        {displayText(r.description, language) || m.none}
      </Text>,
    ],
    [m.unit, r.assignedUnit ? pick(r.assignedUnit.nameFa, r.assignedUnit.nameEn) : m.none],
    [m.dueAt, <JalaliDate key="due" value={r.dueAt} />],
    [m.caller, r.callerName ? <bdi key="c">{displayText(r.callerName, language)}</bdi> : m.none],
  ];
  return (
    <Section id="followup-request" title={m.request}>
      <FactsTable rows={rows} testId="followup-request-facts" />
    </Section>
  );
}

function CaseFacts({ kase, m }: { kase: FollowUpCaseDetail; m: Words }) {
  const { language } = useI18n();
  const w = useMessages(followUpWords);
  const now = useMinuteClock();
  const opener = kase.steps.find((s) => s.kind === 'OPENED');
  const closed = kase.state === 'CLOSED';
  const rows: [string, React.ReactNode][] = [
    [m.trigger, followUpWord(w, 'trigger', kase.trigger)],
    ...(kase.reason
      ? ([
          [
            m.reason,
            <Text key="r" style={{ whiteSpace: 'pre-wrap' }}>
              {displayText(kase.reason, language)}
            </Text>,
          ],
        ] as [string, React.ReactNode][])
      : []),
    [m.state, <FollowUpStateBadge key="s" state={kase.state} />],
    [m.agreedDueAt, kase.agreedDueAt ? <JalaliDate key="a" value={kase.agreedDueAt} /> : m.none],
    ...(closed
      ? []
      : ([[m.lateness, <Lateness key="l" due={measuredDue(kase)} now={now} />]] as [string, React.ReactNode][])),
    [
      m.calls,
      <span key="c" data-testid="followup-case-calls">
        {formatNumber(kase.customerCalls, language)}
      </span>,
    ],
    [
      m.level,
      <span key="lv" data-testid="followup-case-level">
        {formatNumber(kase.escalationLevel, language)}
        {kase.escalateAt ? (
          <>
            {' '}
            ({m.nextLevel} <JalaliDate value={kase.escalateAt} />)
          </>
        ) : null}
      </span>,
    ],
    [m.opened, <JalaliDate key="o" value={kase.openedAt} />],
    [m.openedBy, <PersonName key="ob" name={opener?.actorName} subject={kase.openedBy} />],
    ...(closed
      ? ([
          [
            m.result,
            `${followUpWord(w, 'result', kase.result)}${kase.resultNote ? ` — ${displayText(kase.resultNote, language)}` : ''}`,
          ],
          [m.closedAt, <JalaliDate key="ca" value={kase.closedAt} />],
        ] as [string, React.ReactNode][])
      : []),
  ];
  return (
    <Section id="followup-case" title={m.case}>
      <FactsTable rows={rows} testId="followup-case-facts" />
    </Section>
  );
}

function Steps({ kase, m }: { kase: FollowUpCaseDetail; m: Words }) {
  const { language } = useI18n();
  const w = useMessages(followUpWords);
  const steps: HistoryStep[] = kase.steps.map((s) => ({
    title: followUpWord(w, 'step', s.kind),
    occurredAt: s.occurredAt,
    actor:
      s.actorSubject.startsWith('system') && !s.actorName ? (
        m.system
      ) : (
        <PersonName name={s.actorName} subject={s.actorSubject} />
      ),
    data: { kind: s.kind },
    details: (
      <>
        {s.trigger ? (
          <StepDetail>
            {m.stepTrigger}: {followUpWord(w, 'trigger', s.trigger)}
          </StepDetail>
        ) : null}
        {s.agreedDueAt ? (
          <StepDetail>
            {m.stepAgreed}: <JalaliDate value={s.agreedDueAt} />
          </StepDetail>
        ) : null}
        {s.callbackOutcome ? (
          <StepDetail>
            {m.stepOutcome}: {followUpWord(w, 'outcome', s.callbackOutcome)}
          </StepDetail>
        ) : null}
        {s.result ? (
          <StepDetail>
            {m.stepResult}: {followUpWord(w, 'result', s.result)}
          </StepDetail>
        ) : null}
        {s.note ? (
          <StepDetail long>
            {s.kind === 'ANSWER_CUSTOMER' ? `${m.smsText}: ` : ''}
            {displayText(s.note, language)}
          </StepDetail>
        ) : null}
      </>
    ),
  }));
  return (
    <Section id="followup-steps" title={m.steps} headingGap="sm" miw={0}>
      <HistoryTimeline
        steps={steps}
        label={m.steps}
        actorLabel={m.actor}
        testId="followup-timeline"
        stepTestId="followup-step"
      />
    </Section>
  );
}
