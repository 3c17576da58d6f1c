import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { formatNumber, formatTrackingCode, localDigits } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { DataTable } from '../../ui/DataTable.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useCategoryName } from '../../ui/options.js';
import { QueryState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { usePermission } from '../../viewer.js';
import { useMinuteClock } from '../queue/countdown.js';
import { type SurveyRow, SurveyWorklistQuery } from './survey.queries.js';
import { agoText, surveyWord, surveyWords } from './surveyWords.js';
import { surveyPath, useTakeSurvey } from './useTakeSurvey.js';

const messages = {
  fa: {
    intro:
      'نظرسنجی‌هایی که نوبت تماسشان رسیده است، قدیمی‌ترین نوبت نخست. با «شروع تماس» شمارهٔ کامل مشترک برای شما نمایان می‌شود و تا نیم ساعت همکار دیگری با او تماس نمی‌گیرد.',
    list: 'فهرست تماس‌ها',
    count: 'تماس در نوبت',
    empty: 'فعلاً تماسی در نوبت نیست.',
    trackingCode: 'کد رهگیری',
    category: 'موضوع',
    unit: 'واحد',
    resolved: 'رفع‌شده',
    sampled: 'در فهرست از',
    attempts: 'تماس‌های پیشین',
    mobile: 'شمارهٔ مشترک',
    action: 'تماس',
    start: 'شروع تماس',
    resume: 'ادامهٔ تماس',
    open: 'نمایش',
    mine: 'در دست شما',
    noAttempt: 'هنوز تماسی نگرفته',
    last: 'آخرین',
  },
  en: {
    intro:
      'Surveys whose next call is due, the longest waiting first. «Start the call» shows you the customer’s full number, and no colleague calls them for half an hour.',
    list: 'Calls to make',
    count: 'calls due',
    empty: 'No call is due now.',
    trackingCode: 'Tracking code',
    category: 'Category',
    unit: 'Unit',
    resolved: 'Resolved',
    sampled: 'Listed since',
    attempts: 'Earlier calls',
    mobile: 'Customer’s number',
    action: 'Call',
    start: 'Start the call',
    resume: 'Resume the call',
    open: 'View',
    mine: 'Yours',
    noAttempt: 'Not called yet',
    last: 'last',
  },
};
type Words = (typeof messages)['fa'];

/**
 * «فهرست تماس‌ها»: the survey officer's worklist — each telephone survey due, with its request (tracking code,
 * category), the unit, how long since it was resolved and since it was drawn, the calls tried, the masked number, and
 * «شروع تماس», which takes it and opens its call page. Those taken by this officer come first (the API's order).
 * Refreshed each minute; those who read surveys without conducting them see the list without the button.
 */
export default function SurveyWorklist() {
  const m = useMessages(messages);
  const { language } = useI18n();
  const canConduct = usePermission('surveys:conduct');
  const now = useMinuteClock();
  const [result, reexecute] = useQuery({
    query: SurveyWorklistQuery,
    variables: { first: 200 },
    requestPolicy: 'cache-and-network',
  });
  const take = useTakeSurvey();
  // Each minute the list is asked again: tries come due, colleagues take surveys.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (now) reexecute({ requestPolicy: 'network-only' });
  }, [now, reexecute]);
  const rows = result.data?.surveyWorklist ?? [];

  const start = async (id: string) => {
    const outcome = await take.start(id);
    // Taken meanwhile by a colleague: the list as it is now.
    if (!outcome.ok) reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw="60rem">
          {m.intro}
        </Text>
        {result.data ? (
          <Text c="dimmed" data-testid="survey-count" data-count={rows.length}>
            {formatNumber(rows.length, language)} {m.count}
          </Text>
        ) : null}
      </Group>
      <FormError data-testid="survey-take-error" onClose={take.clearError} withCloseButton>
        {take.error}
      </FormError>
      <QueryState
        loading={!result.data}
        error={result.data ? undefined : result.error}
        empty={rows.length === 0}
        emptyText={m.empty}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        <WorklistTable rows={rows} m={m} now={now} canConduct={canConduct} taking={take.taking} onStart={start} />
      </QueryState>
    </Stack>
  );
}

function WorklistTable({
  rows,
  m,
  now,
  canConduct,
  taking,
  onStart,
}: {
  rows: readonly SurveyRow[];
  m: Words;
  now: number;
  canConduct: boolean;
  taking: string | null;
  onStart: (id: string) => void;
}) {
  const { language } = useI18n();
  const pick = useBilingual();
  const categoryName = useCategoryName();
  const w = useMessages(surveyWords);
  return (
    <DataTable<SurveyRow>
      label={m.list}
      rows={rows}
      rowKey={(s) => s.id}
      testId="survey-worklist"
      rowProps={(s) => ({
        'data-testid': 'survey-row',
        'data-code': s.request?.trackingCode ?? '',
        'data-mine': s.takenByMe,
      })}
      columns={[
        {
          label: m.trackingCode,
          cell: (s) =>
            s.request ? (
              <Anchor component={Link} to={surveyPath(s.id)} data-testid="survey-open">
                <TrackingCodeText code={s.request.trackingCode} />
              </Anchor>
            ) : (
              w.none
            ),
        },
        {
          label: m.category,
          cell: (s) => (s.request ? categoryName(s.request.categoryCode, s.request.categoryNameFa) : w.none),
        },
        { label: m.unit, cell: (s) => (s.unit ? pick(s.unit.nameFa, s.unit.nameEn) : w.none) },
        {
          label: m.resolved,
          cell: (s) =>
            s.request?.resolvedAt ? (
              <Stack gap={0}>
                <span data-testid="survey-resolved-ago">{agoText(s.request.resolvedAt, now, language)}</span>
                <Text size="xs" c="dimmed" component="span">
                  <JalaliDate value={s.request.resolvedAt} />
                </Text>
              </Stack>
            ) : (
              w.none
            ),
        },
        {
          label: m.sampled,
          cell: (s) => <span>{agoText(s.sampledAt, now, language)}</span>,
        },
        {
          label: m.attempts,
          cell: (s) => {
            const last = s.attempts.at(-1);
            return (
              <span data-testid="survey-attempts" data-count={s.attemptCount}>
                {s.attemptCount === 0
                  ? m.noAttempt
                  : `${formatNumber(s.attemptCount, language)}${last ? ` (${m.last}: ${surveyWord(w, 'outcome', last.outcome)})` : ''}`}
              </span>
            );
          },
        },
        {
          label: m.mobile,
          cell: (s) => (
            <bdi dir="ltr" data-testid="survey-mobile-masked">
              {s.mobileMasked ? localDigits(s.mobileMasked, language) : w.none}
            </bdi>
          ),
        },
        {
          label: m.action,
          cell: (s) =>
            canConduct ? (
              <Group gap={6} wrap="nowrap">
                <Button
                  size="compact-md"
                  color={s.takenByMe ? 'teal.9' : undefined}
                  loading={taking === s.id}
                  disabled={taking !== null && taking !== s.id}
                  onClick={() => onStart(s.id)}
                  aria-label={`${s.takenByMe ? m.resume : m.start} — ${s.request ? formatTrackingCode(s.request.trackingCode, language) : ''}`}
                  data-testid="survey-start"
                >
                  {s.takenByMe ? m.resume : m.start}
                </Button>
                {s.takenByMe ? (
                  <Badge variant="light" color="teal" tt="none" miw="max-content">
                    <span style={{ color: 'var(--mantine-color-dark-7)' }}>{m.mine}</span>
                  </Badge>
                ) : null}
              </Group>
            ) : (
              <Anchor component={Link} to={surveyPath(s.id)}>
                {m.open}
              </Anchor>
            ),
        },
      ]}
    />
  );
}
