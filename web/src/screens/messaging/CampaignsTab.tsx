import { Anchor, Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useClient, useQuery } from 'urql';
import { displayText, formatDateTime, formatNumber } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import NotFound from '../../shell/NotFound.js';
import { DataTable } from '../../ui/DataTable.js';
import { downloadExcel, type ExcelColumn } from '../../ui/excel.js';
import { FilterPanel, useAddressFilters } from '../../ui/filters.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { PagedList } from '../../ui/PagedList.js';
import { PersonName } from '../../ui/PersonName.js';
import { useConnection } from '../../ui/useConnection.js';
import { usePermission, useViewer } from '../../viewer.js';
import { CampaignStateBadge } from './CampaignBadge.js';
import { CampaignScreen, NewCampaign } from './CampaignScreen.js';
import {
  type CampaignRow,
  CampaignsQuery,
  campaignUuid,
  uuidPattern,
  WaitingCountQuery,
} from './campaignOperations.js';
import { type CampaignState, campaignStates, campaignWords, useAudienceText } from './campaignWords.js';

const messages = {
  fa: {
    heading: 'پیام‌رسانی‌ها',
    intro:
      'پیامکی به گروهی از مردم (مشترکان یک منطقه، درخواست‌دهندگان یک موضوع، تماس‌گیرندگان یک حادثه، مشترکان یک قطعی یا فهرستی بارگذاری‌شده): کارشناس اطلاع‌رسانی آماده می‌کند و مدیر مرکز، کسی جز تهیه‌کننده، تأیید می‌کند.',
    filters: 'پالایش پیام‌رسانی‌ها',
    state: 'وضعیت',
    allStates: 'همه وضعیت‌ها',
    waiting: 'منتظر تأیید',
    waitingHint: 'پیام‌رسانی‌هایی که منتظر تصمیم شما هستند',
    create: 'پیام‌رسانی تازه',
    refresh: 'تازه‌سازی',
    excel: 'خروجی اکسل',
    excelSheet: 'پیام‌رسانی‌ها',
    list: 'پیام‌رسانی‌ها',
    title: 'عنوان',
    open: 'باز کردن پیام‌رسانی',
    audience: 'مخاطبان',
    recipients: 'گیرندگان',
    recipientsEstimate: 'اگر اکنون فرستاده شود',
    recipientsWritten: 'پیام نوشته‌شده',
    preparedBy: 'تهیه‌کننده',
    dates: 'تاریخ‌ها',
    createdAt: 'ساخت',
    scheduledAt: 'زمان ارسال',
    submittedAt: 'ارسال برای تأیید',
    decidedAt: 'تصمیم',
    none: 'پیام‌رسانی‌ای با این پالایه یافت نشد.',
    more: 'نمایش پیام‌رسانی‌های بیشتر',
    total: 'پیام‌رسانی',
    you: 'شما',
  },
  en: {
    heading: 'Campaigns',
    intro:
      'A text to a group of people (the customers of an area, the requesters of a category, the callers about an incident, the customers of a planned cut, or an uploaded list): the information officer prepares it and the centre manager — never its preparer — approves it.',
    filters: 'Filter campaigns',
    state: 'State',
    allStates: 'All states',
    waiting: 'Awaiting approval',
    waitingHint: 'Campaigns waiting for your decision',
    create: 'New campaign',
    refresh: 'Refresh',
    excel: 'Export to Excel',
    excelSheet: 'Campaigns',
    list: 'Campaigns',
    title: 'Title',
    open: 'Open the campaign',
    audience: 'Audience',
    recipients: 'Recipients',
    recipientsEstimate: 'if sent now',
    recipientsWritten: 'messages written',
    preparedBy: 'Prepared by',
    dates: 'Dates',
    createdAt: 'Created',
    scheduledAt: 'To be sent',
    submittedAt: 'Submitted',
    decidedAt: 'Decided',
    none: 'No campaign matches this filter.',
    more: 'Show more campaigns',
    total: 'campaigns',
    you: 'you',
  },
};
type Words = (typeof messages)['fa'];

const pageSize = 50;
const filterNames = ['state'] as const;

/**
 * «پیام‌رسانی‌ها»: the list at /messaging/campaigns, a new one at /messaging/campaigns/new, one campaign at
 * /messaging/campaigns/<its uuid> (the builder while a draft, else what it is and its decision and progress).
 */
export default function CampaignsTab() {
  const { id } = useParams();
  if (!id) return <CampaignList />;
  if (id === 'new') return <NewCampaign />;
  if (!uuidPattern.test(id)) return <NotFound />;
  return <CampaignScreen key={id} uuid={id.toLowerCase()} />;
}

/** How many a campaign reached (once sent) or would reach now (the preview), and which of the two it is. */
export function recipientsOf(c: Pick<CampaignRow, 'recipients' | 'preview'>): { count: number | null; sent: boolean } {
  if (c.recipients != null) return { count: c.recipients, sent: true };
  return { count: c.preview?.recipients ?? null, sent: false };
}

function CampaignList() {
  const m = useMessages(messages);
  const w = useMessages(campaignWords);
  const { language, dir } = useI18n();
  const { viewer } = useViewer();
  const client = useClient();
  const prepare = usePermission('campaigns:prepare');
  const approve = usePermission('campaigns:approve');
  const { filters, set, clear } = useAddressFilters(filterNames);
  const [exporting, setExporting] = useState(false);
  const state = campaignStates.includes(filters.state as CampaignState) ? (filters.state as CampaignState) : '';
  const variables = useMemo(() => ({ first: pageSize, states: state ? [state] : null }), [state]);
  const list = useConnection(CampaignsQuery, variables, (d) => d.campaigns);
  const [waiting, reloadWaiting] = useQuery({ query: WaitingCountQuery, pause: !approve });
  const waitingCount = waiting.data?.campaigns.totalCount ?? null;
  const audienceText = useAudienceText(list.items);
  const person = (subject: string | null | undefined) =>
    subject ? <PersonName name={subject === viewer?.subject ? viewer?.displayName : null} subject={subject} /> : '—';

  const exportColumns: ExcelColumn<CampaignRow>[] = [
    { header: m.title, value: (r) => r.title, width: 36 },
    { header: m.state, value: (r) => w[`state.${r.state as CampaignState}`], width: 14 },
    { header: w.emergency, value: (r) => (r.emergency ? w.emergency : ''), width: 10 },
    { header: m.audience, value: (r) => audienceText(r.audience), width: 48 },
    { header: m.recipients, value: (r) => recipientsOf(r).count, numFmt: '#,##0' },
    { header: m.preparedBy, value: (r) => r.preparedBy, width: 26 },
    { header: m.createdAt, value: (r) => formatDateTime(r.createdAt, language), width: 20 },
    { header: m.scheduledAt, value: (r) => (r.scheduledAt ? formatDateTime(r.scheduledAt, language) : ''), width: 20 },
    { header: m.submittedAt, value: (r) => (r.submittedAt ? formatDateTime(r.submittedAt, language) : ''), width: 20 },
    { header: m.decidedAt, value: (r) => (r.decidedAt ? formatDateTime(r.decidedAt, language) : ''), width: 20 },
  ];

  /** Every campaign the filter finds (not only the pages loaded), to an Excel file. */
  const exportAll = async () => {
    setExporting(true);
    try {
      const rows: CampaignRow[] = [];
      let after: string | null = null;
      do {
        const result = await client
          .query(CampaignsQuery, { ...variables, first: 100, after }, { requestPolicy: 'network-only' })
          .toPromise();
        if (!result.data) throw result.error ?? new Error('no data');
        rows.push(...result.data.campaigns.nodes);
        after = result.data.campaigns.pageInfo.hasNextPage ? (result.data.campaigns.pageInfo.endCursor ?? null) : null;
      } while (after && rows.length < 5000);
      await downloadExcel(`campaigns-${viewer?.tenant?.code ?? 'abfa'}.xlsx`, [
        { name: m.excelSheet, columns: exportColumns, rows, rightToLeft: dir === 'rtl' },
      ]);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack gap="md">
      <Text c="dimmed" size="sm">
        {m.intro}
      </Text>
      <FilterPanel label={m.filters} onClear={clear} clearTestId="campaigns-filter-clear">
        <NativeSelect
          label={m.state}
          value={state}
          onChange={(e) => set('state', e.currentTarget.value)}
          data={[
            { value: '', label: m.allStates },
            ...campaignStates.map((s) => ({ value: s, label: w[`state.${s}`] })),
          ]}
          data-testid="campaigns-filter-state"
        />
        {approve ? (
          <Stack gap={4} justify="flex-end" align="flex-start">
            <Button
              variant={state === 'SUBMITTED' ? 'filled' : 'light'}
              aria-pressed={state === 'SUBMITTED'}
              title={m.waitingHint}
              onClick={() => set('state', state === 'SUBMITTED' ? '' : 'SUBMITTED')}
              data-testid="campaigns-waiting"
              data-count={waitingCount ?? undefined}
            >
              {m.waiting}
              {waitingCount != null ? ` (${formatNumber(waitingCount, language)})` : ''}
            </Button>
          </Stack>
        ) : null}
      </FilterPanel>

      <Group justify="space-between" gap="xs">
        <Title order={2} size="h4">
          {m.heading}
        </Title>
        <Group gap="xs">
          {prepare ? (
            <Button component={Link} to="/messaging/campaigns/new" size="compact-md" data-testid="campaigns-new">
              {m.create}
            </Button>
          ) : null}
          <Button
            variant="default"
            size="compact-md"
            onClick={() => {
              list.reload();
              if (approve) reloadWaiting({ requestPolicy: 'network-only' });
            }}
            data-testid="campaigns-refresh"
          >
            {m.refresh}
          </Button>
          <Button
            variant="default"
            size="compact-md"
            loading={exporting}
            disabled={list.items.length === 0}
            onClick={() => void exportAll()}
            data-testid="campaigns-excel"
          >
            {m.excel}
          </Button>
        </Group>
      </Group>

      <PagedList list={list} emptyText={m.none} moreLabel={m.more} moreTestId="campaigns-more" totalLabel={m.total}>
        <DataTable
          label={m.list}
          testId="campaigns-list"
          rows={list.items}
          rowKey={(r) => r.id}
          rowProps={(r) => ({
            'data-testid': 'campaign-row',
            'data-id': r.id,
            'data-state': r.state,
            'data-kind': r.audience.kind,
          })}
          columns={[
            {
              label: m.title,
              cell: (r) => <TitleCell row={r} m={m} />,
            },
            {
              label: m.state,
              cell: (r) => <CampaignStateBadge state={r.state as CampaignState} emergency={r.emergency} />,
            },
            {
              label: m.audience,
              cell: (r) => (
                <Text size="sm" maw="22rem" data-testid="campaign-audience">
                  {audienceText(r.audience)}
                </Text>
              ),
            },
            {
              label: m.recipients,
              cell: (r) => {
                const { count, sent } = recipientsOf(r);
                return count == null ? (
                  '—'
                ) : (
                  <Stack gap={0}>
                    <Text size="sm" fw={600} data-testid="campaign-recipients" data-count={count}>
                      {formatNumber(count, language)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {sent ? m.recipientsWritten : m.recipientsEstimate}
                    </Text>
                  </Stack>
                );
              },
            },
            {
              label: m.preparedBy,
              // An account id (the API names no one but the viewer) is not broken at its hyphen.
              cell: (r) => (
                <Text size="sm" style={r.preparedBy === viewer?.subject ? undefined : { whiteSpace: 'nowrap' }}>
                  {person(r.preparedBy)}
                </Text>
              ),
            },
            { label: m.dates, cell: (r) => <DatesCell row={r} m={m} /> },
          ]}
        />
      </PagedList>
    </Stack>
  );
}

function TitleCell({ row, m }: { row: CampaignRow; m: Words }) {
  const { language } = useI18n();
  const uuid = campaignUuid(row.id) ?? '';
  const title = displayText(row.title, language);
  return (
    <Anchor
      component={Link}
      to={`/messaging/campaigns/${uuid}`}
      fw={600}
      size="sm"
      aria-label={`${m.open}: ${title}`}
      data-testid="campaign-open"
      style={{ overflowWrap: 'anywhere' }}
    >
      {title}
    </Anchor>
  );
}

function DatesCell({ row, m }: { row: CampaignRow; m: Words }) {
  const lines: [string, string | null][] = [
    [m.createdAt, row.createdAt],
    [m.scheduledAt, row.scheduledAt],
    [m.submittedAt, row.submittedAt],
    [m.decidedAt, row.decidedAt],
  ];
  return (
    <Stack gap={0}>
      {lines
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <Text key={label} size="xs" style={{ whiteSpace: 'nowrap' }}>
            {label}: <JalaliDate value={value} />
          </Text>
        ))}
    </Stack>
  );
}
