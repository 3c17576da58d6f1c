import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { displayText, formatNumber } from '../../format.js';
import { graphql, type ResultOf } from '../../graphql/graphql.js';
import { useI18n, useMessages } from '../../i18n.js';
import { type Column, DataTable } from '../../ui/DataTable.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useCategoryName } from '../../ui/options.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { QueryState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { SearchForm } from './SearchForm.js';

const messages = {
  fa: {
    title: 'جست‌وجو',
    description:
      'کد رهگیری، شماره تلفن یا چند رقم آخر آن، شماره اشتراک، شناسه قبض، نام، یا واژه‌هایی از شرح یا نشانی درخواست.',
    readAs: 'جست‌وجو به‌عنوان',
    'kind.TRACKING_CODE': 'کد رهگیری',
    'kind.MOBILE': 'شماره همراه',
    'kind.PHONE_DIGITS': 'رقم‌های آخر تلفن',
    'kind.SUBSCRIPTION_NUMBER': 'شماره اشتراک',
    'kind.BILL_ID': 'شناسه قبض',
    'kind.WORDS': 'واژه‌ها',
    requests: 'درخواست‌ها',
    customers: 'مشترکان',
    contacts: 'تماس‌ها',
    trackingCode: 'کد رهگیری',
    status: 'وضعیت',
    category: 'موضوع',
    caller: 'تماس‌گیرنده',
    address: 'نشانی',
    registeredAt: 'زمان ثبت',
    owner: 'نام مشترک',
    subscription: 'شماره اشتراک',
    mobile: 'همراه',
    startedAt: 'زمان تماس',
    request: 'درخواست',
    noRequests: 'درخواستی یافت نشد.',
    noCustomers: 'مشترکی یافت نشد.',
    noContacts: 'تماسی یافت نشد.',
    wordsNoContacts: 'تماس‌ها با شماره تلفن، کد رهگیری یا شماره اشتراک پیدا می‌شوند، نه با واژه.',
    empty: 'چیزی برای جست‌وجو وارد نشده است.',
    firstShown: 'تنها نخستین نتیجه‌ها نشان داده می‌شوند؛ برای یافتن دقیق‌تر، عبارت را کامل‌تر کنید.',
  },
  en: {
    title: 'Search',
    description:
      'A tracking code, a phone number or its last digits, a subscription number, a bill ID, a name, or words of a request’s description or address.',
    readAs: 'Searched as',
    'kind.TRACKING_CODE': 'tracking code',
    'kind.MOBILE': 'mobile number',
    'kind.PHONE_DIGITS': 'last digits of a phone',
    'kind.SUBSCRIPTION_NUMBER': 'subscription number',
    'kind.BILL_ID': 'bill ID',
    'kind.WORDS': 'words',
    requests: 'Requests',
    customers: 'Customers',
    contacts: 'Contacts',
    trackingCode: 'Tracking code',
    status: 'Status',
    category: 'Category',
    caller: 'Caller',
    address: 'Address',
    registeredAt: 'Registered',
    owner: 'Customer',
    subscription: 'Subscription number',
    mobile: 'Mobile',
    startedAt: 'Started',
    request: 'Request',
    noRequests: 'No request found.',
    noCustomers: 'No customer found.',
    noContacts: 'No contact found.',
    wordsNoContacts: 'Contacts are found by a phone number, tracking code or subscription number, not by words.',
    empty: 'Nothing to search for yet.',
    firstShown: 'Only the first results are shown; type more to narrow the search.',
  },
};

const pageSize = 20;

const SearchQuery = graphql(`
  query Search($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      readAs
      requests {
        id
        trackingCode
        status
        overdue
        categoryCode
        categoryNameFa
        callerName
        address
        registeredAt
      }
      customers {
        id
        ownerName
        subscriptionNumber
        mobileMasked
        address
      }
      contacts {
        id
        startedAt
        callerNumberMasked
        request {
          id
          trackingCode
        }
      }
    }
  }
`);

type Results = ResultOf<typeof SearchQuery>['search'];

/** The search results screen (`/search?q=…`): requests, customers and contacts, each group the user may read. */
export default function Search() {
  const m = useMessages(messages);
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [result, retry] = useQuery({
    query: SearchQuery,
    variables: { query: q, first: pageSize },
    pause: q === '',
    requestPolicy: 'network-only',
  });
  const search = result.data?.search;
  return (
    <>
      <ScreenTitle description={m.description}>{m.title}</ScreenTitle>
      <Stack>
        <SearchForm initial={q} autoFocus={q === ''} testId="search-page" />
        {q === '' ? (
          <Text c="dimmed">{m.empty}</Text>
        ) : (
          <QueryState
            loading={result.fetching || !result.data}
            error={result.error}
            onRetry={() => retry({ requestPolicy: 'network-only' })}
          >
            {search ? <Groups search={search} /> : null}
          </QueryState>
        )}
      </Stack>
    </>
  );
}

function Groups({ search }: { search: Results }) {
  const m = useMessages(messages);
  const { language } = useI18n();
  const categoryName = useCategoryName();
  return (
    <Stack data-testid="search-results">
      <Group gap="xs">
        <Text size="sm">{m.readAs}:</Text>
        {search.readAs.map((kind) => (
          <Badge key={kind} variant="light" styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}>
            {m[`kind.${kind}`]}
          </Badge>
        ))}
      </Group>
      <ResultGroup
        id="search-requests"
        title={m.requests}
        rows={search.requests}
        emptyText={m.noRequests}
        columns={[
          {
            label: m.trackingCode,
            cell: (r) => (
              <Anchor component={Link} to={`/desk/${r.trackingCode}`}>
                <TrackingCodeText code={r.trackingCode} />
              </Anchor>
            ),
          },
          { label: m.status, cell: (r) => <StatusBadge status={r.status} overdue={r.overdue} /> },
          { label: m.category, cell: (r) => categoryName(r.categoryCode, r.categoryNameFa) },
          { label: m.caller, cell: (r) => displayText(r.callerName, language) ?? '—' },
          { label: m.address, cell: (r) => displayText(r.address, language) ?? '—' },
          { label: m.registeredAt, cell: (r) => <JalaliDate value={r.registeredAt} /> },
        ]}
      />
      <ResultGroup
        id="search-customers"
        title={m.customers}
        rows={search.customers}
        emptyText={m.noCustomers}
        columns={[
          { label: m.owner, cell: (c) => displayText(c.ownerName, language) },
          { label: m.subscription, cell: (c) => <bdi dir="ltr">{displayText(c.subscriptionNumber, language)}</bdi> },
          {
            label: m.mobile,
            cell: (c) => (c.mobileMasked ? <bdi dir="ltr">{displayText(c.mobileMasked, language)}</bdi> : '—'),
          },
          { label: m.address, cell: (c) => displayText(c.address, language) ?? '—' },
        ]}
      />
      <ResultGroup
        id="search-contacts"
        title={m.contacts}
        rows={search.contacts}
        emptyText={search.readAs.includes('WORDS') ? m.wordsNoContacts : m.noContacts}
        columns={[
          { label: m.startedAt, cell: (c) => <JalaliDate value={c.startedAt} /> },
          {
            label: m.caller,
            cell: (c) =>
              c.callerNumberMasked ? <bdi dir="ltr">{displayText(c.callerNumberMasked, language)}</bdi> : '—',
          },
          {
            label: m.request,
            cell: (c) =>
              c.request ? (
                <Anchor component={Link} to={`/desk/${c.request.trackingCode}`}>
                  <TrackingCodeText code={c.request.trackingCode} />
                </Anchor>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Stack>
  );
}

/**
 * One group of results (requests, customers or contacts): its section with the count, its table (`search-<group>`,
 * each row `search-<group minus s>`), or why it is empty; nothing when the user may not read that group (`null`).
 */
function ResultGroup<Row extends { id: string }>({
  id,
  title,
  rows,
  columns,
  emptyText,
}: {
  id: `search-${string}s`;
  title: string;
  rows: readonly Row[] | null | undefined;
  columns: Column<Row>[];
  emptyText: string;
}) {
  const m = useMessages(messages);
  const { language } = useI18n();
  if (!rows) return null;
  return (
    <Section id={id} title={`${title} (${formatNumber(rows.length, language)})`}>
      {rows.length === 0 ? (
        <Text c="dimmed">{emptyText}</Text>
      ) : (
        <DataTable
          label={title}
          rows={rows}
          columns={columns}
          rowKey={(row) => row.id}
          testId={id}
          rowProps={() => ({ 'data-testid': id.slice(0, -1) })}
        />
      )}
      {rows.length >= pageSize ? (
        <Text size="sm" c="dimmed" mt="xs">
          {m.firstShown}
        </Text>
      ) : null}
    </Section>
  );
}
