import { Anchor, Checkbox, NativeSelect, Stack, Table } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { formatTrackingCode } from '../../format.js';
import { PageInfoFields, RequestSummary, UnitName } from '../../graphql/fragments.js';
import { graphql } from '../../graphql/graphql.js';
import { type MessageKey, useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FilterPanel, JalaliRangeInputs, jalaliRange, useAddressFilters } from '../../ui/filters.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useCategoryName, useCategoryOptions, useUnitOptions } from '../../ui/options.js';
import { PagedList } from '../../ui/PagedList.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import type { RequestStatus } from '../../ui/StatusBadge.js';
import { ErrorState } from '../../ui/states.js';
import { TableHead } from '../../ui/TableHead.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { useConnection } from '../../ui/useConnection.js';
import { useViewer } from '../../viewer.js';
import { Countdown } from '../queue/Countdown.js';
import { useMinuteClock } from '../queue/countdown.js';
import { isUnitStaffOnly } from './actions.js';
import {
  allStatuses,
  openStatuses,
  type Priority,
  PriorityBadge,
  priorities,
  RequestStatusBadges,
} from './RequestBadges.js';

const messages = {
  fa: {
    title: 'درخواست‌ها',
    description: 'همه درخواست‌های شرکت، تازه‌ترین نخست. برای دیدن سابقه و اقدام، کد رهگیری را باز کنید.',
    descriptionOwnUnit:
      'درخواست‌های واحد شما و واحدهای زیرمجموعهٔ آن، تازه‌ترین نخست. برای دیدن سابقه و اقدام، کد رهگیری را باز کنید.',
    filters: 'پالایش درخواست‌ها',
    status: 'وضعیت',
    allStatuses: 'همه وضعیت‌ها',
    openStatuses: 'باز (نیازمند اقدام)',
    category: 'موضوع',
    allCategories: 'همه موضوع‌ها',
    unit: 'واحد مسئول',
    allUnits: 'همه واحدها',
    priority: 'اولویت',
    allPriorities: 'همه اولویت‌ها',
    overdueOnly: 'فقط درخواست‌های دارای دیرکرد',
    from: 'از تاریخ ثبت',
    to: 'تا تاریخ ثبت',
    badRange: 'باید همان روز «از تاریخ ثبت» یا پس از آن باشد',
    list: 'فهرست درخواست‌ها',
    trackingCode: 'کد رهگیری',
    registeredAt: 'زمان ثبت',
    dueAt: 'مهلت رسیدگی',
    more: 'نمایش درخواست‌های بیشتر',
    loadingMore: 'در حال بارگذاری…',
    none: 'درخواستی با این پالایه‌ها یافت نشد.',
    shown: 'درخواست نمایش داده شده',
    total: 'درخواست',
    overdueOrder: 'درخواست‌های دارای دیرکرد، به ترتیب دیرکرد (بیشترین نخست).',
    open: 'باز کردن درخواست',
  },
  en: {
    title: 'Requests',
    description: 'Every request of the company, newest first. Open a tracking code for its history and actions.',
    descriptionOwnUnit:
      'The requests of your unit and the units under it, newest first. Open a tracking code for its history and actions.',
    filters: 'Filter requests',
    status: 'Status',
    allStatuses: 'All statuses',
    openStatuses: 'Open (needing work)',
    category: 'Category',
    allCategories: 'All categories',
    unit: 'Assigned unit',
    allUnits: 'All units',
    priority: 'Priority',
    allPriorities: 'All priorities',
    overdueOnly: 'Overdue requests only',
    from: 'Registered from',
    to: 'Registered to',
    badRange: 'Must be on or after the “registered from” day',
    list: 'Requests',
    trackingCode: 'Tracking code',
    registeredAt: 'Registered',
    dueAt: 'Due',
    more: 'Show more requests',
    loadingMore: 'Loading…',
    none: 'No request matches these filters.',
    shown: 'requests shown',
    total: 'requests',
    overdueOrder: 'Overdue requests, by how late (latest first).',
    open: 'Open request',
  },
};

const DeskRequestsQuery = graphql(
  `
  query DeskRequests(
    $first: Int!
    $after: String
    $statuses: [RequestStatus!]
    $categoryCode: String
    $assignedUnitId: ID
    $overdueOnly: Boolean
    $priority: Priority
    $registeredFrom: DateTime
    $registeredTo: DateTime
  ) {
    requests(
      first: $first
      after: $after
      statuses: $statuses
      categoryCode: $categoryCode
      assignedUnitId: $assignedUnitId
      overdueOnly: $overdueOnly
      priority: $priority
      registeredFrom: $registeredFrom
      registeredTo: $registeredTo
    ) {
      totalCount
      nodes {
        ...RequestSummary
        assignedUnit {
          ...UnitName
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`,
  [RequestSummary, UnitName, PageInfoFields],
);

const pageSize = 50;

const filterNames = ['status', 'category', 'unit', 'priority', 'overdue', 'from', 'to'] as const;

/**
 * The request desk: every request of the company with filters, page by page, and the list's total; open requests
 * show their time left or how late. The overdue list (the follow-up officer's landing) comes by how late.
 */
export default function Desk() {
  const m = useMessages(messages);
  const { t, language } = useI18n();
  const pick = useBilingual();
  const { viewer } = useViewer();
  const units = useUnitOptions();
  const categories = useCategoryOptions();
  const categoryName = useCategoryName();
  const { filters, set, clear } = useAddressFilters(filterNames);
  const { status, category, unit, priority } = filters;
  const overdue = filters.overdue === '1';
  const range = jalaliRange(filters.from, filters.to);
  const { from, to, badRange } = range;

  const variables = useMemo(
    () => ({
      first: pageSize,
      statuses: status === 'open' ? openStatuses : status ? [status as RequestStatus] : null,
      categoryCode: category || null,
      assignedUnitId: unit || null,
      overdueOnly: overdue,
      priority: (priority as Priority) || null,
      registeredFrom: from,
      registeredTo: to,
    }),
    [status, category, unit, overdue, priority, from, to],
  );
  const list = useConnection(DeskRequestsQuery, variables, (d) => d.requests, { pause: badRange });
  const now = useMinuteClock();

  return (
    <>
      <ScreenTitle
        description={overdue ? m.overdueOrder : isUnitStaffOnly(viewer) ? m.descriptionOwnUnit : m.description}
      >
        {m.title}
      </ScreenTitle>
      {units.error || categories.error ? (
        <ErrorState
          error={units.error ?? categories.error}
          onRetry={() => {
            units.retry();
            categories.retry();
          }}
        />
      ) : null}
      <FilterPanel label={m.filters} onClear={clear} clearTestId="desk-filter-clear">
        <NativeSelect
          label={m.status}
          value={status}
          onChange={(e) => set('status', e.currentTarget.value)}
          data-testid="desk-filter-status"
          data={[
            { value: '', label: m.allStatuses },
            { value: 'open', label: m.openStatuses },
            ...allStatuses.map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) })),
          ]}
        />
        <NativeSelect
          label={m.category}
          value={category}
          onChange={(e) => set('category', e.currentTarget.value)}
          data-testid="desk-filter-category"
          data={[{ value: '', label: m.allCategories }, ...categories.options]}
        />
        <NativeSelect
          label={m.unit}
          value={unit}
          onChange={(e) => set('unit', e.currentTarget.value)}
          data-testid="desk-filter-unit"
          data={[{ value: '', label: m.allUnits }, ...units.options]}
        />
        <NativeSelect
          label={m.priority}
          value={priority}
          onChange={(e) => set('priority', e.currentTarget.value)}
          data-testid="desk-filter-priority"
          data={[
            { value: '', label: m.allPriorities },
            ...priorities.map((p) => ({ value: p, label: t(`priority.${p}` as MessageKey) })),
          ]}
        />
        <JalaliRangeInputs
          fromText={filters.from}
          toText={filters.to}
          range={range}
          onChange={set}
          labels={{ from: m.from, to: m.to, badRange: m.badRange }}
          testIdPrefix="desk-filter"
        />
        <Checkbox
          label={m.overdueOnly}
          checked={overdue}
          onChange={(e) => set('overdue', e.currentTarget.checked ? '1' : '')}
          data-testid="desk-filter-overdue"
          mt="lg"
        />
      </FilterPanel>

      <PagedList
        list={list}
        emptyText={m.none}
        moreLabel={m.more}
        moreTestId="desk-more"
        countLabel={m.shown}
        totalLabel={m.total}
      >
        <Table.ScrollContainer minWidth={800}>
          <Table striped highlightOnHover aria-label={m.list} data-testid="desk-list">
            <TableHead columns={[m.trackingCode, m.category, m.status, m.priority, m.unit, m.registeredAt, m.dueAt]} />
            <Table.Tbody>
              {list.items.map((r) => (
                <Table.Tr
                  key={r.id}
                  data-testid="desk-row"
                  data-tracking-code={r.trackingCode}
                  data-overdue={r.overdue}
                >
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/desk/${r.trackingCode}`}
                      fw={600}
                      aria-label={`${m.open} ${formatTrackingCode(r.trackingCode, language)}`}
                    >
                      <TrackingCodeText code={r.trackingCode} />
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{categoryName(r.categoryCode, r.categoryNameFa)}</Table.Td>
                  <Table.Td>
                    <RequestStatusBadges status={r.status} overdue={r.overdue} returned={r.returnedToCentre} />
                  </Table.Td>
                  <Table.Td>
                    <PriorityBadge priority={r.priority as Priority} />
                  </Table.Td>
                  <Table.Td>{r.assignedUnit ? pick(r.assignedUnit.nameFa, r.assignedUnit.nameEn) : '—'}</Table.Td>
                  <Table.Td>
                    <JalaliDate value={r.registeredAt} />
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <JalaliDate value={r.dueAt} />
                      {openStatuses.includes(r.status) ? (
                        <Countdown dueAt={r.dueAt} registeredAt={r.registeredAt} now={now} />
                      ) : null}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </PagedList>
    </>
  );
}
