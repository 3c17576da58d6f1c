import { Anchor, Badge, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useClient, useQuery } from 'urql';
import { formatDate, formatDateTime, formatNumber, formatTrackingCode, localDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { DataTable } from '../../ui/DataTable.js';
import { downloadExcel, type ExcelColumn } from '../../ui/excel.js';
import { FilterPanel, JalaliRangeInputs, jalaliRange, useAddressFilters } from '../../ui/filters.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { PagedList } from '../../ui/PagedList.js';
import { focusNext } from '../../ui/shortcuts.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { useConnection } from '../../ui/useConnection.js';
import { usePermission, useViewer } from '../../viewer.js';
import { MessageText } from './MessageText.js';
import { isWholeMobile } from './mobile.js';
import {
  CampaignTitleQuery,
  CancelMessageMutation,
  type MessageRow,
  MessagesQuery,
  RetryMessageMutation,
} from './operations.js';
import {
  cancellable,
  type MessageKind,
  type MessageState,
  type MessagingWords,
  messageKinds,
  messageStates,
  messagingWords,
  retryable,
  stateColours,
} from './words.js';

const messages = {
  fa: {
    heading: 'گزارش تحویل پیام‌ها',
    filters: 'پالایش پیام‌ها',
    ofCampaign: 'فقط پیام‌های پیام‌رسانی',
    allCampaigns: 'همهٔ پیام‌ها',
    state: 'وضعیت',
    allStates: 'همه وضعیت‌ها',
    kind: 'نوع پیام',
    allKinds: 'همه نوع‌ها',
    mobile: 'شمارهٔ همراه گیرنده',
    mobileHint: 'شمارهٔ کامل، مثلاً ۰۹۱۲۳۴۵۶۷۸۹',
    mobileInvalid: 'شمارهٔ همراه کامل را بنویسید (۱۱ رقم، با ۰۹ شروع شود)',
    from: 'از تاریخ ساخت',
    to: 'تا تاریخ ساخت',
    badRange: 'باید همان روز «از تاریخ ساخت» یا پس از آن باشد',
    presets: 'بازهٔ آماده',
    today: 'امروز',
    week: '۷ روز اخیر',
    month: '۳۰ روز اخیر',
    list: 'فهرست پیام‌ها',
    createdAt: 'زمان ساخت',
    recipient: 'گیرنده',
    text: 'متن',
    parts: 'بخش',
    attempts: 'تحویل به ارائه‌دهنده',
    request: 'درخواست',
    openRequest: 'باز کردن درخواست',
    createdBy: 'پدیدآورنده',
    lastError: 'علت',
    stateSince: 'از',
    reference: 'شناسهٔ پیگیری نزد ارائه‌دهنده',
    actions: 'اقدام',
    retry: 'ارسال دوباره',
    retryOf: 'ارسال دوبارهٔ پیام به',
    cancel: 'لغو',
    cancelOf: 'لغو پیام به',
    confirmRetry: 'این پیام دوباره فرستاده شود؟',
    confirmCancel: 'این پیام لغو شود و فرستاده نشود؟',
    yesRetry: 'بله، دوباره بفرست',
    yesCancel: 'بله، لغو شود',
    no: 'خیر',
    retried: 'پیام دوباره در صف ارسال قرار گرفت.',
    cancelled: 'پیام لغو شد و فرستاده نمی‌شود.',
    refresh: 'تازه‌سازی',
    excel: 'خروجی اکسل',
    excelSheet: 'پیام‌ها',
    none: 'پیامی با این پالایه‌ها یافت نشد.',
    more: 'نمایش پیام‌های بیشتر',
    total: 'پیام',
    voice: 'تماس صوتی',
  },
  en: {
    heading: 'Delivery reports',
    filters: 'Filter messages',
    ofCampaign: 'Only the messages of the campaign',
    allCampaigns: 'All messages',
    state: 'State',
    allStates: 'All states',
    kind: 'Kind',
    allKinds: 'All kinds',
    mobile: 'Recipient’s mobile',
    mobileHint: 'The whole number, e.g. 09123456789',
    mobileInvalid: 'Type the whole mobile number (11 digits starting with 09)',
    from: 'Created from',
    to: 'Created to',
    badRange: 'Must be on or after the “created from” day',
    presets: 'Quick range',
    today: 'Today',
    week: 'Last 7 days',
    month: 'Last 30 days',
    list: 'Messages',
    createdAt: 'Created',
    recipient: 'Recipient',
    text: 'Text',
    parts: 'Parts',
    attempts: 'Hand-overs',
    request: 'Request',
    openRequest: 'Open request',
    createdBy: 'Caused by',
    lastError: 'Reason',
    stateSince: 'since',
    reference: 'Reference at the provider',
    actions: 'Action',
    retry: 'Send again',
    retryOf: 'Send again the message to',
    cancel: 'Cancel',
    cancelOf: 'Cancel the message to',
    confirmRetry: 'Send this message again?',
    confirmCancel: 'Cancel this message so that it is not sent?',
    yesRetry: 'Yes, send it again',
    yesCancel: 'Yes, cancel it',
    no: 'No',
    retried: 'The message is queued to be sent again.',
    cancelled: 'The message is cancelled: it will not be sent.',
    refresh: 'Refresh',
    excel: 'Export to Excel',
    excelSheet: 'Messages',
    none: 'No message matches these filters.',
    more: 'Show more messages',
    total: 'messages',
    voice: 'Voice call',
  },
};
type Words = (typeof messages)['fa'];

const pageSize = 50;
/** The most rows an export gathers (page by page, as the list does). */
const exportLimit = 5000;
const filterNames = ['state', 'kind', 'mobile', 'from', 'to', 'campaign'] as const;

/** A message's state as a coloured badge in words. */
export function MessageStateBadge({ state, w }: { state: MessageState; w: MessagingWords }) {
  return (
    <Badge
      miw="max-content"
      color={stateColours[state]}
      variant="light"
      size="lg"
      styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
      data-testid="message-state"
      data-state={state}
    >
      {w[`state.${state}`]}
    </Badge>
  );
}

/** The Jalali day `daysAgo` days before today (Tehran), as typed in the date filters: ۱۴۰۵/۰۹/۰۸. */
function jalaliDay(daysAgo: number): string {
  return formatDate(Date.now() - daysAgo * 86_400_000, 'fa');
}

/** The delivery reports: every message to customers, newest first, filtered; retry and cancel for managers. */
export default function MessagesTab() {
  const m = useMessages(messages);
  const w = useMessages(messagingWords);
  const { language, dir } = useI18n();
  const { viewer } = useViewer();
  const client = useClient();
  const manage = usePermission('messages:manage');
  const { filters, set, clear } = useAddressFilters(filterNames);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ id: string; action: 'retry' | 'cancel' } | null>(null);
  const [exporting, setExporting] = useState(false);

  const state = messageStates.includes(filters.state as MessageState) ? (filters.state as MessageState) : '';
  const kind = messageKinds.includes(filters.kind as MessageKind) ? (filters.kind as MessageKind) : '';
  const mobileTyped = filters.mobile.trim();
  const badMobile = mobileTyped !== '' && !isWholeMobile(mobileTyped);
  const range = jalaliRange(filters.from, filters.to);
  const badDate = Boolean((filters.from.trim() && !range.from) || (filters.to.trim() && !range.to) || range.badRange);

  const variables = useMemo(
    () => ({
      first: pageSize,
      states: state ? [state] : null,
      kinds: kind ? [kind] : null,
      recipient: mobileTyped && !badMobile ? mobileTyped : null,
      campaignId: filters.campaign || null,
      createdFrom: range.from,
      createdTo: range.to,
    }),
    [state, kind, mobileTyped, badMobile, filters.campaign, range.from, range.to],
  );
  const list = useConnection(MessagesQuery, variables, (d) => d.messages, { pause: badMobile || badDate });
  const [campaignTitle] = useQuery({
    query: CampaignTitleQuery,
    variables: { id: filters.campaign },
    pause: !filters.campaign,
  });
  const campaignName =
    campaignTitle.data?.node && 'title' in campaignTitle.data.node ? campaignTitle.data.node.title : null;
  const retry = useMutationWithErrors(RetryMessageMutation, (d) => d.retryMessage);
  const cancel = useMutationWithErrors(CancelMessageMutation, (d) => d.cancelMessage);

  const act = async (row: MessageRow, action: 'retry' | 'cancel') => {
    setNotice(null);
    const outcome = action === 'retry' ? await retry.run({ id: row.id }) : await cancel.run({ id: row.id });
    setConfirming(null);
    if (!outcome.ok) return;
    const changed = outcome.data;
    // Sent again as a new message (undelivered, expired): it is the newest; else the message itself changed.
    list.setItems((items) =>
      items.some((i) => i.id === changed.id)
        ? items.map((i) => (i.id === changed.id ? changed : i))
        : [changed, ...items],
    );
    setNotice(action === 'retry' ? m.retried : m.cancelled);
    focusNext(noticeSelector);
  };

  const exportColumns: ExcelColumn<MessageRow>[] = [
    { header: m.createdAt, value: (r) => formatDateTime(r.createdAt, language), width: 20 },
    { header: m.recipient, value: (r) => r.recipientMasked, width: 18 },
    { header: m.kind, value: (r) => w[`kind.${r.kind}`], width: 18 },
    { header: m.state, value: (r) => w[`state.${r.state}`], width: 14 },
    { header: m.lastError, value: (r) => r.lastError, width: 40 },
    { header: m.parts, value: (r) => r.parts, numFmt: '#,##0' },
    { header: m.attempts, value: (r) => r.attempts, numFmt: '#,##0' },
    { header: m.request, value: (r) => (r.request ? formatTrackingCode(r.request.trackingCode, 'en') : null) },
    { header: m.text, value: (r) => r.body, width: 60 },
    { header: m.createdBy, value: (r) => r.createdBy, width: 24 },
    { header: m.reference, value: (r) => r.reference, width: 24 },
  ];

  /** Every message the filters find (not only the pages loaded), to an Excel file. */
  const exportAll = async () => {
    setExporting(true);
    try {
      const rows: MessageRow[] = [];
      let after: string | null = null;
      do {
        const result = await client
          .query(MessagesQuery, { ...variables, first: 100, after }, { requestPolicy: 'network-only' })
          .toPromise();
        if (!result.data) throw result.error ?? new Error('no data');
        rows.push(...result.data.messages.nodes);
        after = result.data.messages.pageInfo.hasNextPage ? (result.data.messages.pageInfo.endCursor ?? null) : null;
      } while (after && rows.length < exportLimit);
      await downloadExcel(`messages-${viewer?.tenant?.code ?? 'abfa'}.xlsx`, [
        { name: m.excelSheet, columns: exportColumns, rows, rightToLeft: dir === 'rtl' },
      ]);
    } finally {
      setExporting(false);
    }
  };

  const actionCell = (row: MessageRow) => {
    const canRetry = retryable.includes(row.state);
    const canCancel = cancellable.includes(row.state);
    if (!canRetry && !canCancel) return null;
    const action = canRetry ? 'retry' : 'cancel';
    const recipient = localDigits(row.recipientMasked, language);
    if (confirming?.id === row.id)
      return (
        <Stack gap={4} align="flex-start">
          <Text size="sm">{action === 'retry' ? m.confirmRetry : m.confirmCancel}</Text>
          <Group gap={4}>
            <Button
              size="compact-sm"
              color={action === 'retry' ? 'blue' : 'red.9'}
              loading={action === 'retry' ? retry.fetching : cancel.fetching}
              onClick={() => void act(row, action)}
              data-testid="message-confirm"
            >
              {action === 'retry' ? m.yesRetry : m.yesCancel}
            </Button>
            <Button size="compact-sm" variant="subtle" onClick={() => setConfirming(null)}>
              {m.no}
            </Button>
          </Group>
        </Stack>
      );
    return (
      <Button
        size="compact-sm"
        variant="light"
        color={action === 'retry' ? 'blue' : 'red'}
        onClick={() => setConfirming({ id: row.id, action })}
        aria-label={`${action === 'retry' ? m.retryOf : m.cancelOf} ${recipient}`}
        data-testid={action === 'retry' ? 'message-retry' : 'message-cancel'}
      >
        {action === 'retry' ? m.retry : m.cancel}
      </Button>
    );
  };

  return (
    <Stack gap="md">
      <FilterPanel label={m.filters} onClear={clear} clearTestId="messages-filter-clear">
        {filters.campaign ? (
          <Group gap="xs" data-testid="messages-filter-campaign">
            <Text size="sm">
              {m.ofCampaign} «{campaignName ?? '…'}»
            </Text>
            <Button size="compact-sm" variant="subtle" onClick={() => set('campaign', '')}>
              {m.allCampaigns}
            </Button>
          </Group>
        ) : null}
        <NativeSelect
          label={m.state}
          value={state}
          onChange={(e) => set('state', e.currentTarget.value)}
          data={[
            { value: '', label: m.allStates },
            ...messageStates.map((s) => ({ value: s, label: w[`state.${s}`] })),
          ]}
          data-testid="messages-filter-state"
        />
        <NativeSelect
          label={m.kind}
          value={kind}
          onChange={(e) => set('kind', e.currentTarget.value)}
          data={[{ value: '', label: m.allKinds }, ...messageKinds.map((k) => ({ value: k, label: w[`kind.${k}`] }))]}
          data-testid="messages-filter-kind"
        />
        <TextInput
          type="search"
          label={m.mobile}
          description={m.mobileHint}
          value={filters.mobile}
          onChange={(e) => set('mobile', e.currentTarget.value)}
          error={badMobile ? m.mobileInvalid : undefined}
          inputMode="tel"
          autoComplete="off"
          dir="ltr"
          data-testid="messages-filter-mobile"
        />
        <JalaliRangeInputs
          fromText={filters.from}
          toText={filters.to}
          range={range}
          onChange={set}
          labels={{ from: m.from, to: m.to, badRange: m.badRange }}
          testIdPrefix="messages-filter"
        />
        <Stack gap={4} role="group" aria-labelledby="messages-presets">
          <Text size="sm" fw={500} id="messages-presets">
            {m.presets}
          </Text>
          <Group gap={4}>
            {(
              [
                ['today', 0],
                ['week', 6],
                ['month', 29],
              ] as const
            ).map(([preset, days]) => (
              <Button
                key={preset}
                size="compact-sm"
                variant="default"
                onClick={() => {
                  set('from', jalaliDay(days));
                  set('to', jalaliDay(0));
                }}
                data-testid={`messages-preset-${preset}`}
              >
                {m[preset]}
              </Button>
            ))}
          </Group>
        </Stack>
      </FilterPanel>

      <Group justify="space-between" gap="xs">
        <Title order={2} size="h4">
          {m.heading}
        </Title>
        <Group gap="xs">
          <Button variant="default" size="compact-md" onClick={list.reload} data-testid="messages-refresh">
            {m.refresh}
          </Button>
          <Button
            variant="default"
            size="compact-md"
            loading={exporting}
            disabled={list.items.length === 0}
            onClick={() => void exportAll()}
            data-testid="messages-excel"
          >
            {m.excel}
          </Button>
        </Group>
      </Group>
      {notice ? <Notice onClose={() => setNotice(null)}>{notice}</Notice> : null}
      <FormError>{retry.formError ?? cancel.formError}</FormError>

      <PagedList list={list} emptyText={m.none} moreLabel={m.more} moreTestId="messages-more" totalLabel={m.total}>
        <DataTable
          label={m.list}
          testId="messages-list"
          rows={list.items}
          rowKey={(r) => r.id}
          rowProps={(r) => ({
            'data-testid': 'message-row',
            'data-id': r.id,
            'data-state': r.state,
            'data-kind': r.kind,
          })}
          columns={[
            {
              label: m.createdAt,
              cell: (r) => (
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  <JalaliDate value={r.createdAt} />
                </Text>
              ),
            },
            {
              label: m.recipient,
              cell: (r) => (
                <span className="ltr-value" data-testid="message-recipient">
                  {localDigits(r.recipientMasked, language)}
                </span>
              ),
            },
            {
              label: m.kind,
              cell: (r) => (
                <Text size="sm">
                  {w[`kind.${r.kind}`]}
                  {r.channel === 'VOICE' ? ` (${m.voice})` : ''}
                </Text>
              ),
            },
            { label: m.state, cell: (r) => <StateCell row={r} m={m} w={w} /> },
            { label: m.parts, cell: (r) => <span data-testid="message-parts">{formatNumber(r.parts, language)}</span> },
            { label: m.attempts, cell: (r) => formatNumber(r.attempts, language) },
            {
              label: m.request,
              cell: (r) =>
                r.request ? (
                  <Anchor
                    component={Link}
                    to={`/desk/${r.request.trackingCode}`}
                    size="sm"
                    aria-label={`${m.openRequest} ${formatTrackingCode(r.request.trackingCode, language)}`}
                    data-testid="message-request"
                  >
                    <TrackingCodeText code={r.request.trackingCode} />
                  </Anchor>
                ) : (
                  '—'
                ),
            },
            {
              label: m.text,
              cell: (r) => <MessageText text={r.body} size="sm" maw="28rem" data-testid="message-body" />,
            },
            manage && { label: m.actions, cell: actionCell },
          ]}
        />
      </PagedList>
    </Stack>
  );
}

/** The state's badge, since when, and for a message that did not go (or is being retried) the reason why. */
function StateCell({ row, m, w }: { row: MessageRow; m: Words; w: MessagingWords }) {
  return (
    <Stack gap={2} align="flex-start">
      <MessageStateBadge state={row.state} w={w} />
      <Text size="xs" c="dimmed">
        {m.stateSince} <JalaliDate value={row.stateChangedAt} />
      </Text>
      {row.lastError ? (
        <Text size="xs" c="red.9" data-testid="message-error">
          {m.lastError}: <bdi>{row.lastError}</bdi>
        </Text>
      ) : null}
    </Stack>
  );
}
