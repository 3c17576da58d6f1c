import { Anchor, Group, NativeSelect, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { formatNumber } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { DataTable } from '../../ui/DataTable.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useCategoryName } from '../../ui/options.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { QueryState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { useViewer } from '../../viewer.js';
import { type Priority, PriorityBadge } from '../desk/RequestBadges.js';
import { useMinuteClock } from '../queue/countdown.js';
import { FollowUpStateBadge, Lateness, measuredDue } from './FollowUpBadges.js';
import { type FollowUpState, FollowUpWorklistQuery, type WorklistCase } from './operations.js';
import { followUpWord, followUpWords } from './words.js';

const messages = {
  fa: {
    title: 'پیگیری‌ها',
    description:
      'درخواست‌هایی که واحد اجرایی به‌موقع یا درست انجام نداده است، فوری‌ترین نخست: دیرکرد (از زمان توافق‌شده با واحد، وگرنه از مهلت درخواست) به نسبت اولویت و تماس‌های دوبارهٔ مشترک.',
    unitDescription: 'پرونده‌های پیگیری درخواست‌های واحد شما؛ آنچه منتظر پاسخ شماست نخست.',
    filter: 'وضعیت پرونده',
    notClosed: 'همهٔ پرونده‌های باز',
    all: 'همه (با بسته‌ها)',
    list: 'پرونده‌های پیگیری',
    empty: 'پرونده‌ای با این وضعیت نیست.',
    trackingCode: 'کد رهگیری',
    category: 'موضوع',
    priority: 'اولویت',
    trigger: 'دلیل پیگیری',
    state: 'وضعیت',
    lateness: 'دیرکرد',
    calls: 'تماس‌های مشترک',
    unit: 'واحد مسئول',
    opened: 'گشوده در',
    count: 'پرونده',
  },
  en: {
    title: 'Follow-ups',
    description:
      'Requests their unit did not finish in time or did not do well, most urgent first: hours late (past the time agreed with the unit, else the request’s due time) by priority, and the customer’s further calls.',
    unitDescription: 'The follow-up cases of your unit’s requests; those waiting for your answer first.',
    filter: 'Case state',
    notClosed: 'All cases not closed',
    all: 'All (closed too)',
    list: 'Follow-up cases',
    empty: 'No case in this state.',
    trackingCode: 'Tracking code',
    category: 'Category',
    priority: 'Priority',
    trigger: 'Why',
    state: 'State',
    lateness: 'Lateness',
    calls: 'Customer calls',
    unit: 'Assigned unit',
    opened: 'Opened',
    count: 'cases',
  },
};

const states: FollowUpState[] = ['OPEN', 'WAITING_UNIT', 'ANSWERED', 'CLOSED'];
type Filter = FollowUpState | 'NOT_CLOSED' | 'ALL';

function filterOf(value: string | null): Filter {
  if (value === 'ALL' || (states as string[]).includes(value ?? '')) return value as Filter;
  return 'NOT_CLOSED';
}

/**
 * «پیگیری‌ها»: the follow-up officer's worklist, in the API's order (most urgent first). A unit's staff see the cases
 * of their requests here too, those waiting for their answer first.
 */
export default function Worklist() {
  const m = useMessages(messages);
  const w = useMessages(followUpWords);
  const { language } = useI18n();
  const pick = useBilingual();
  const categoryName = useCategoryName();
  const { viewer } = useViewer();
  const now = useMinuteClock();
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params.get('state'));
  const variables = {
    first: 200,
    states: filter === 'NOT_CLOSED' ? null : filter === 'ALL' ? states : [filter],
  };
  const [result, reexecute] = useQuery({ query: FollowUpWorklistQuery, variables, requestPolicy: 'cache-and-network' });
  // A unit's staff answer cases and do not work them: what waits for their answer comes first, then as the API gives.
  const unitView = Boolean(
    viewer?.permissions.includes('followups:answer') && !viewer.permissions.includes('followups:work'),
  );
  const cases = result.data?.followUpWorklist ?? [];
  const rows = unitView
    ? [...cases.filter((c) => c.state === 'WAITING_UNIT'), ...cases.filter((c) => c.state !== 'WAITING_UNIT')]
    : cases;

  return (
    <>
      <ScreenTitle description={unitView ? m.unitDescription : m.description}>{m.title}</ScreenTitle>
      <Group align="flex-end" justify="space-between" mb="md">
        <NativeSelect
          label={m.filter}
          value={filter}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setParams(value === 'NOT_CLOSED' ? {} : { state: value }, { replace: true });
          }}
          data={[
            { value: 'NOT_CLOSED', label: m.notClosed },
            ...states.map((s) => ({ value: s, label: followUpWord(w, 'state', s) })),
            { value: 'ALL', label: m.all },
          ]}
          data-testid="followup-filter-state"
        />
        {result.data ? (
          <Text c="dimmed" data-testid="followup-count" data-count={rows.length}>
            {formatNumber(rows.length, language)} {m.count}
          </Text>
        ) : null}
      </Group>
      <QueryState
        loading={!result.data}
        error={result.error}
        empty={rows.length === 0}
        emptyText={m.empty}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        <DataTable<WorklistCase>
          label={m.list}
          rows={rows}
          rowKey={(c) => c.id}
          testId="followup-worklist"
          rowProps={(c) => ({
            'data-testid': 'followup-row',
            'data-state': c.state,
            'data-code': c.request.trackingCode,
          })}
          columns={[
            {
              label: m.trackingCode,
              cell: (c) => (
                <Anchor component={Link} to={`/followup/${encodeURIComponent(c.id)}`} data-testid="followup-open">
                  <TrackingCodeText code={c.request.trackingCode} />
                </Anchor>
              ),
            },
            { label: m.category, cell: (c) => categoryName(c.request.categoryCode, c.request.categoryNameFa) },
            { label: m.priority, cell: (c) => <PriorityBadge priority={c.request.priority as Priority} /> },
            { label: m.trigger, cell: (c) => followUpWord(w, 'trigger', c.trigger) },
            { label: m.state, cell: (c) => <FollowUpStateBadge state={c.state} /> },
            {
              label: m.lateness,
              cell: (c) => (c.state === 'CLOSED' ? '—' : <Lateness due={measuredDue(c)} now={now} />),
            },
            {
              label: m.calls,
              cell: (c) => <span data-testid="followup-calls">{formatNumber(c.customerCalls, language)}</span>,
            },
            {
              label: m.unit,
              cell: (c) =>
                c.request.assignedUnit ? pick(c.request.assignedUnit.nameFa, c.request.assignedUnit.nameEn) : '—',
            },
            { label: m.opened, cell: (c) => <JalaliDate value={c.openedAt} dateOnly /> },
          ]}
        />
      </QueryState>
    </>
  );
}
