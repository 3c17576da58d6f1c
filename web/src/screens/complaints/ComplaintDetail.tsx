import { Anchor, Box, Group, List, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useQuery } from 'urql';
import { displayText, formatNumber } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { Notice } from '../../ui/alerts.js';
import { FactsTable } from '../../ui/FactsTable.js';
import { type HistoryStep, HistoryTimeline, StepDetail } from '../../ui/HistoryTimeline.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useCategoryName } from '../../ui/options.js';
import { PersonName } from '../../ui/PersonName.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { ComplaintActions } from './ComplaintActions.js';
import { ChannelText, ComplaintStageBadge, OverdueBadge } from './ComplaintBadges.js';
import { acknowledgedBySms, type ComplaintDetailData, ComplaintQuery, type RegisteredState } from './operations.js';
import { actionName, complaintWord, complaintWords, stageLabel } from './words.js';

const messages = {
  fa: {
    title: 'شکایت',
    back: 'بازگشت به شکایات',
    notFound: 'این شکایت در شرکت شما نیست یا دسترسی به آن ندارید.',
    facts: 'مشخصات شکایت',
    trackingCode: 'کد پیگیری',
    subject: 'موضوع',
    channel: 'راه دریافت',
    complainant: 'شاکی',
    description: 'شرح شکایت',
    severity: 'شدت',
    unit: 'واحد مسئول',
    appealLevel: 'سطح تجدیدنظر',
    received: 'دریافت',
    acknowledged: 'اعلام وصول',
    responded: 'ارسال پاسخ',
    closed: 'بسته شدن',
    none: '—',
    stages: 'مراحل رسیدگی',
    done: 'انجام شد',
    current: 'در جریان',
    next: 'بعدی',
    dueAt: 'مهلت',
    requests: 'درخواست‌های مربوط',
    noRequests: 'به درخواستی پیوند ندارد.',
    response: 'پاسخ تعیین‌شده',
    satisfaction: 'رضایت شاکی',
    satisfactionOf: 'از ۵',
    satisfactionNone: 'شاکی نظری نداد.',
    history: 'سابقهٔ رسیدگی',
    actor: 'انجام‌دهنده',
    note: 'یادداشت درونی',
    bySms: 'با پیامک به شاکی (کد پیگیری و پیوند)',
    registered: 'شکایت ثبت شد؛ کد پیگیری:',
    smsQueued: 'پیامک اعلام وصول با کد پیگیری در صف ارسال به شاکی است.',
    smsNone: 'شمارهٔ همراه ثبت نشد؛ پیامک اعلام وصول فرستاده نمی‌شود. کد پیگیری را به شاکی بگویید.',
  },
  en: {
    title: 'Complaint',
    back: 'Back to the complaints',
    notFound: 'This complaint is not of your company, or not yours to see.',
    facts: 'The complaint',
    trackingCode: 'Tracking code',
    subject: 'Subject',
    channel: 'Channel',
    complainant: 'Complainant',
    description: 'The complaint',
    severity: 'Severity',
    unit: 'Unit responsible',
    appealLevel: 'Appeal level',
    received: 'Received',
    acknowledged: 'Acknowledged',
    responded: 'Response sent',
    closed: 'Closed',
    none: '—',
    stages: 'Stages',
    done: 'done',
    current: 'in progress',
    next: 'to come',
    dueAt: 'Due',
    requests: 'Requests concerned',
    noRequests: 'Linked to no request.',
    response: 'The response decided',
    satisfaction: 'Complainant’s satisfaction',
    satisfactionOf: 'of 5',
    satisfactionNone: 'The complainant gave none.',
    history: 'History',
    actor: 'By',
    note: 'Internal note',
    bySms: 'By SMS to the complainant (tracking code and link)',
    registered: 'The complaint is registered; its tracking code:',
    smsQueued: 'The acknowledgement SMS with the tracking code is queued to the complainant.',
    smsNone: 'No mobile number: no acknowledgement SMS is sent. Tell the complainant the tracking code.',
  },
};
type Words = (typeof messages)['fa'];

/**
 * /complaints/<id>: one complaint — what it is, its stages (done, current with its deadline, to come), the requests
 * it concerns, the response and satisfaction, the actions the rules offer now, and its whole history (internal notes
 * included: staff only).
 */
export default function ComplaintDetail() {
  const { complaintId = '' } = useParams();
  const m = useMessages(messages);
  const { language } = useI18n();
  const location = useLocation();
  const registered = (location.state as RegisteredState | null)?.registered;
  const [showRegistered, setShowRegistered] = useState(true);
  const [result, reexecute] = useQuery({ query: ComplaintQuery, variables: { id: complaintId } });
  const [latest, setLatest] = useState<ComplaintDetailData | null>(null);
  const node = result.data?.node;
  const queried = node?.__typename === 'Complaint' ? (node as ComplaintDetailData) : null;
  const complaint = latest?.id === complaintId ? latest : queried;
  const reload = () => {
    setLatest(null);
    reexecute({ requestPolicy: 'network-only' });
  };
  const back = (
    <Anchor component={Link} to="/complaints">
      {m.back}
    </Anchor>
  );
  if (result.error && !complaint) return <ErrorState error={result.error} onRetry={reload} />;
  if (!result.data && !complaint) return <LoadingState />;
  if (!complaint)
    return (
      <>
        <ScreenTitle>{m.title}</ScreenTitle>
        <EmptyState action={back}>{m.notFound}</EmptyState>
      </>
    );
  const changed = (next: ComplaintDetailData) => {
    setLatest(next);
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <>
      <ScreenTitle description={back} actions={<ComplaintStageBadge stage={complaint.stage} />}>
        {m.title} <TrackingCodeText code={complaint.trackingCode} />
      </ScreenTitle>
      {registered && registered.id === complaint.id && showRegistered ? (
        <Notice
          mb="md"
          onClose={() => setShowRegistered(false)}
          data-testid="complaint-registered"
          data-queued={acknowledgedBySms(registered)}
        >
          {m.registered} <TrackingCodeText code={registered.trackingCode} />.{' '}
          {acknowledgedBySms(registered) ? m.smsQueued : m.smsNone}
        </Notice>
      ) : null}
      <Stages complaint={complaint} m={m} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mt="md">
        <Stack gap="md" miw={0}>
          <Facts complaint={complaint} m={m} />
          <Requests complaint={complaint} m={m} />
          {complaint.response ? (
            <Section id="complaint-response-title" title={m.response}>
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="complaint-response-text">
                {displayText(complaint.response, language)}
              </Text>
            </Section>
          ) : null}
        </Stack>
        <Stack gap="md" miw={0}>
          <ComplaintActions complaint={complaint} onChanged={changed} onReload={reload} />
          <History complaint={complaint} m={m} />
        </Stack>
      </SimpleGrid>
    </>
  );
}

function Facts({ complaint: c, m }: { complaint: ComplaintDetailData; m: Words }) {
  const { language } = useI18n();
  const w = useMessages(complaintWords);
  const pick = useBilingual();
  const rows: [string, React.ReactNode][] = [
    [m.trackingCode, <TrackingCodeText key="code" code={c.trackingCode} />],
    [m.subject, complaintWord(w, 'subject', c.subject)],
    [m.channel, <ChannelText key="ch" channel={c.channel} externalRef={c.externalRef} />],
    [m.complainant, c.complainantName ? <bdi key="n">{displayText(c.complainantName, language)}</bdi> : m.none],
    [
      m.description,
      <Text key="d" style={{ whiteSpace: 'pre-wrap' }}>
        {displayText(c.description, language)}
      </Text>,
    ],
    [
      m.severity,
      <span key="s" data-testid="complaint-severity-value" data-severity={c.severity ?? ''}>
        {c.severity ? complaintWord(w, 'severity', c.severity) : m.none}
      </span>,
    ],
    [
      m.unit,
      <span key="u" data-testid="complaint-unit-value">
        {c.unit ? pick(c.unit.nameFa, c.unit.nameEn) : m.none}
      </span>,
    ],
    [
      m.appealLevel,
      <span key="a" data-testid="complaint-appeal-level" data-level={c.appealLevel}>
        {formatNumber(c.appealLevel, language)}
      </span>,
    ],
    [m.received, <JalaliDate key="r" value={c.receivedAt} />],
    ...(c.acknowledgedAt
      ? ([[m.acknowledged, <JalaliDate key="ack" value={c.acknowledgedAt} />]] as [string, React.ReactNode][])
      : []),
    ...(c.respondedAt
      ? ([[m.responded, <JalaliDate key="resp" value={c.respondedAt} />]] as [string, React.ReactNode][])
      : []),
    ...(c.closedAt
      ? ([
          [m.closed, <JalaliDate key="cl" value={c.closedAt} />],
          [
            m.satisfaction,
            <span key="sat" data-testid="complaint-satisfaction-value" data-satisfaction={c.satisfaction ?? ''}>
              {c.satisfaction ? `${formatNumber(c.satisfaction, language)} ${m.satisfactionOf}` : m.satisfactionNone}
            </span>,
          ],
        ] as [string, React.ReactNode][])
      : []),
  ];
  return (
    <Section id="complaint-facts-title" title={m.facts}>
      <FactsTable rows={rows} testId="complaint-facts" />
    </Section>
  );
}

const stateMark = { DONE: '✓', CURRENT: '◀', NEXT: '' } as const;

/** The stages in order as a stepper: done, the one being worked towards (its deadline), those to come. */
function Stages({ complaint, m }: { complaint: ComplaintDetailData; m: Words }) {
  const { language } = useI18n();
  return (
    <Section id="complaint-stages-title" title={m.stages} headingGap="sm">
      <Box
        component="ol"
        data-testid="complaint-stepper"
        style={{
          listStyle: 'none',
          margin: 0,
          padding: 0,
          display: 'grid',
          gap: 'var(--mantine-spacing-xs)',
          gridTemplateColumns: 'repeat(auto-fill, minmax(7.5rem, 1fr))',
        }}
      >
        {complaint.progress.map((p) => {
          const current = p.state === 'CURRENT';
          const done = p.state === 'DONE';
          return (
            <Paper
              key={p.stage}
              component="li"
              withBorder
              p="xs"
              radius="md"
              aria-current={current ? 'step' : undefined}
              data-testid="complaint-step"
              data-stage={p.stage}
              data-state={p.state}
              bg={done ? 'teal.0' : current ? (complaint.overdue ? 'red.0' : 'blue.0') : undefined}
              style={{
                borderColor: current
                  ? complaint.overdue
                    ? 'var(--mantine-color-red-8)'
                    : 'var(--mantine-color-blue-7)'
                  : undefined,
                borderWidth: current ? 2 : 1,
                // The stage being worked on has room for its deadline on one line.
                gridColumn: current ? 'span 2' : undefined,
              }}
            >
              <Group gap={6} wrap="nowrap" align="flex-start">
                <Text span fw={700} c={done ? 'teal.9' : 'blue.9'} aria-hidden="true" w="1em">
                  {stateMark[p.state]}
                </Text>
                <Stack gap={2}>
                  <Text size="sm" fw={current ? 700 : 500}>
                    {stageLabel(p.stage, language)}
                  </Text>
                  <Text size="xs" c={p.state === 'NEXT' ? 'dimmed' : 'dark.6'}>
                    {done ? m.done : current ? m.current : m.next}
                  </Text>
                  {current && p.dueAt ? (
                    <Text size="xs" data-testid="complaint-step-due" style={{ whiteSpace: 'nowrap' }}>
                      {m.dueAt}: <JalaliDate value={p.dueAt} />
                    </Text>
                  ) : null}
                  {current && complaint.overdue ? <OverdueBadge /> : null}
                </Stack>
              </Group>
            </Paper>
          );
        })}
      </Box>
    </Section>
  );
}

function Requests({ complaint, m }: { complaint: ComplaintDetailData; m: Words }) {
  const categoryName = useCategoryName();
  return (
    <Section id="complaint-requests-title" title={m.requests}>
      {complaint.requests.length ? (
        <List data-testid="complaint-requests" spacing={4}>
          {complaint.requests.map((r) => (
            <List.Item key={r.id}>
              <Anchor component={Link} to={`/desk/${r.trackingCode}`} data-testid="complaint-request-link">
                <TrackingCodeText code={r.trackingCode} />
              </Anchor>{' '}
              — {categoryName(r.categoryCode, r.categoryNameFa)}
            </List.Item>
          ))}
        </List>
      ) : (
        <Text c="dimmed">{m.noRequests}</Text>
      )}
    </Section>
  );
}

function History({ complaint, m }: { complaint: ComplaintDetailData; m: Words }) {
  const { language } = useI18n();
  const w = useMessages(complaintWords);
  const steps: HistoryStep[] = complaint.events.map((e) => ({
    title: complaintWord(w, 'action', actionName(e.action)),
    occurredAt: e.occurredAt,
    actor: <PersonName name={e.actorName} subject={e.actorSubject} />,
    data: { action: e.action, to: e.toStage ?? '' },
    details: (
      <>
        {e.toStage && e.toStage !== e.fromStage ? (
          <StepDetail testId="complaint-event-stages">
            {e.fromStage ? `${stageLabel(e.fromStage, language)} ${language === 'fa' ? '←' : '→'} ` : ''}
            {stageLabel(e.toStage, language)}
          </StepDetail>
        ) : null}
        {e.action === 'acknowledge' && e.note === 'SMS' ? (
          <StepDetail>{m.bySms}</StepDetail>
        ) : e.note ? (
          <StepDetail long>
            {m.note}: {displayText(e.note, language)}
          </StepDetail>
        ) : null}
      </>
    ),
  }));
  return (
    <Section id="complaint-history-title" title={m.history} headingGap="sm" miw={0}>
      <HistoryTimeline
        steps={steps}
        label={m.history}
        actorLabel={m.actor}
        testId="complaint-history"
        stepTestId="complaint-event"
      />
    </Section>
  );
}
