import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { displayText } from '../../format.js';
import { graphql, type ResultOf } from '../../graphql/graphql.js';
import { useI18n, useMessages } from '../../i18n.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useCategoryName } from '../../ui/options.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { QueryState } from '../../ui/states.js';
import { TableHead } from '../../ui/TableHead.js';
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

/** A table wider than a phone scrolls sideways: its scrolling area takes the keyboard focus and is named. */
const scrollable = (label: string) => ({
  scrollAreaProps: { viewportProps: { tabIndex: 0, role: 'region', 'aria-label': label } },
});

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
  const full = (rows: readonly unknown[] | null | undefined) => (rows?.length ?? 0) >= pageSize;
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
      {search.requests ? (
        <Section
          id="search-requests"
          title={`${m.requests} (${search.requests.length.toLocaleString(language === 'fa' ? 'fa-IR' : 'en-US')})`}
        >
          {search.requests.length === 0 ? (
            <Text c="dimmed">{m.noRequests}</Text>
          ) : (
            <Table.ScrollContainer minWidth={640} {...scrollable(m.requests)}>
              <Table striped data-testid="search-requests">
                <TableHead columns={[m.trackingCode, m.status, m.category, m.caller, m.address, m.registeredAt]} />
                <Table.Tbody>
                  {search.requests.map((r) => (
                    <Table.Tr key={r.id} data-testid="search-request">
                      <Table.Td>
                        <Anchor component={Link} to={`/desk/${r.trackingCode}`}>
                          <TrackingCodeText code={r.trackingCode} />
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={r.status} overdue={r.overdue} />
                      </Table.Td>
                      <Table.Td>{categoryName(r.categoryCode, r.categoryNameFa)}</Table.Td>
                      <Table.Td>{displayText(r.callerName, language) ?? '—'}</Table.Td>
                      <Table.Td>{displayText(r.address, language) ?? '—'}</Table.Td>
                      <Table.Td>
                        <JalaliDate value={r.registeredAt} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {full(search.requests) ? (
            <Text size="sm" c="dimmed" mt="xs">
              {m.firstShown}
            </Text>
          ) : null}
        </Section>
      ) : null}
      {search.customers ? (
        <Section
          id="search-customers"
          title={`${m.customers} (${search.customers.length.toLocaleString(language === 'fa' ? 'fa-IR' : 'en-US')})`}
        >
          {search.customers.length === 0 ? (
            <Text c="dimmed">{m.noCustomers}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560} {...scrollable(m.customers)}>
              <Table striped data-testid="search-customers">
                <TableHead columns={[m.owner, m.subscription, m.mobile, m.address]} />
                <Table.Tbody>
                  {search.customers.map((c) => (
                    <Table.Tr key={c.id} data-testid="search-customer">
                      <Table.Td>{displayText(c.ownerName, language)}</Table.Td>
                      <Table.Td>
                        <bdi dir="ltr">{displayText(c.subscriptionNumber, language)}</bdi>
                      </Table.Td>
                      <Table.Td>
                        {c.mobileMasked ? <bdi dir="ltr">{displayText(c.mobileMasked, language)}</bdi> : '—'}
                      </Table.Td>
                      <Table.Td>{displayText(c.address, language) ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {full(search.customers) ? (
            <Text size="sm" c="dimmed" mt="xs">
              {m.firstShown}
            </Text>
          ) : null}
        </Section>
      ) : null}
      {search.contacts ? (
        <Section
          id="search-contacts"
          title={`${m.contacts} (${search.contacts.length.toLocaleString(language === 'fa' ? 'fa-IR' : 'en-US')})`}
        >
          {search.contacts.length === 0 ? (
            <Text c="dimmed">{search.readAs.includes('WORDS') ? m.wordsNoContacts : m.noContacts}</Text>
          ) : (
            <Table.ScrollContainer minWidth={480} {...scrollable(m.contacts)}>
              <Table striped data-testid="search-contacts">
                <TableHead columns={[m.startedAt, m.caller, m.request]} />
                <Table.Tbody>
                  {search.contacts.map((c) => (
                    <Table.Tr key={c.id} data-testid="search-contact">
                      <Table.Td>
                        <JalaliDate value={c.startedAt} />
                      </Table.Td>
                      <Table.Td>
                        {c.callerNumberMasked ? (
                          <bdi dir="ltr">{displayText(c.callerNumberMasked, language)}</bdi>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>
                        {c.request ? (
                          <Anchor component={Link} to={`/desk/${c.request.trackingCode}`}>
                            <TrackingCodeText code={c.request.trackingCode} />
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {full(search.contacts) ? (
            <Text size="sm" c="dimmed" mt="xs">
              {m.firstShown}
            </Text>
          ) : null}
        </Section>
      ) : null}
    </Stack>
  );
}
