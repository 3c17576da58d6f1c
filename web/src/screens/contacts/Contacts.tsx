import { Anchor, Badge, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { displayText, formatDuration, formatTrackingCode, localDigits } from '../../format.js';
import { PageInfoFields } from '../../graphql/fragments.js';
import { graphql, type ResultOf } from '../../graphql/graphql.js';
import { type MessageKey, useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FilterPanel, JalaliRangeInputs, jalaliRange, useAddressFilters } from '../../ui/filters.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useCategoryName } from '../../ui/options.js';
import { PagedList } from '../../ui/PagedList.js';
import { PersonName } from '../../ui/PersonName.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { withParams } from '../../ui/searchParams.js';
import { TableHead } from '../../ui/TableHead.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { useConnection } from '../../ui/useConnection.js';

const messages = {
  fa: {
    title: 'تماس‌ها',
    description:
      'گزارش تماس‌ها و پیام‌های مرکز، تازه‌ترین نخست: چه کسی پاسخ داد، نتیجه چه شد و مکالمه و انتظار در صف چه مدت طول کشید.',
    filters: 'پالایش تماس‌ها',
    outcome: 'نتیجه',
    allOutcomes: 'همه نتیجه‌ها',
    'outcome.ABANDONED': 'قطع پیش از پاسخ',
    'outcome.ANSWERED': 'پاسخ‌داده (فقط سابقه تلفنخانه)',
    'outcome.REPEAT_CALL': 'تماس دوباره',
    'outcome.INFORMED': 'پاسخ داده شد',
    'outcome.LINKED_INCIDENT': 'پیوند به حادثه',
    'outcome.LINKED_OUTAGE': 'اطلاع از قطعی برنامه‌ریزی‌شده آب',
    'outcome.REQUEST_REGISTERED': 'ثبت درخواست',
    'outcome.TRANSFERRED': 'انتقال داده شد',
    from: 'از تاریخ تماس',
    to: 'تا تاریخ تماس',
    badRange: 'باید همان روز «از تاریخ تماس» یا پس از آن باشد',
    list: 'فهرست تماس‌ها',
    startedAt: 'زمان تماس',
    line: 'خط',
    channel: 'مجرا',
    caller: 'تماس‌گیرنده',
    agent: 'کارشناس',
    system: 'سامانه (مرکز تلفن)',
    systemHint: 'ثبت خودکار مرکز تلفن، بدون کارشناس',
    category: 'موضوع',
    fcr: 'حل در اولین تماس',
    fcrHint: 'موضوع در همین تماس نخست حل شد',
    talk: 'مدت مکالمه',
    wait: 'انتظار در صف',
    linked: 'پیوند',
    request: 'درخواست',
    incident: 'حادثه',
    outage: 'قطعی آب',
    openRequest: 'باز کردن درخواست',
    more: 'نمایش تماس‌های بیشتر',
    none: 'تماسی با این پالایه‌ها یافت نشد.',
    shown: 'تماس نمایش داده شده',
    total: 'تماس',
  },
  en: {
    title: 'Contacts log',
    description:
      'The calls and messages of the centre, newest first: who answered, how it ended, and how long the talk and the queue wait were.',
    filters: 'Filter contacts',
    outcome: 'Outcome',
    allOutcomes: 'All outcomes',
    'outcome.ABANDONED': 'Abandoned',
    'outcome.ANSWERED': 'Answered (PBX record only)',
    'outcome.REPEAT_CALL': 'Repeat call',
    'outcome.INFORMED': 'Informed',
    'outcome.LINKED_INCIDENT': 'Linked to an incident',
    'outcome.LINKED_OUTAGE': 'Told of a planned water cut',
    'outcome.REQUEST_REGISTERED': 'Request registered',
    'outcome.TRANSFERRED': 'Transferred',
    from: 'Contacts from',
    to: 'Contacts to',
    badRange: 'Must be on or after the “contacts from” day',
    list: 'Contacts',
    startedAt: 'Started',
    line: 'Line',
    channel: 'Channel',
    caller: 'Caller',
    agent: 'Agent',
    system: 'System (PBX)',
    systemHint: 'Recorded by the PBX, no agent',
    category: 'Category',
    fcr: 'FCR',
    fcrHint: 'First-contact resolution: settled in this first contact',
    talk: 'Talk time',
    wait: 'Queue wait',
    linked: 'Linked to',
    request: 'Request',
    incident: 'Incident',
    outage: 'Water cut',
    openRequest: 'Open request',
    more: 'Show more contacts',
    none: 'No contact matches these filters.',
    shown: 'contacts shown',
    total: 'contacts',
  },
};
type Words = (typeof messages)['fa'];

// Every role holding contacts:read also holds requests:read and incidents:read (README, "Permissions"), so the linked
// request, incident and outage can be asked for; the caller's customer record (subscribers:read) is left out.
const ContactsQuery = graphql(
  `
  query Contacts($first: Int!, $after: String, $from: DateTime, $to: DateTime, $outcome: ContactOutcome) {
    contacts(first: $first, after: $after, from: $from, to: $to, outcome: $outcome) {
      totalCount
      nodes {
        id
        startedAt
        channel
        service
        line {
          id
          code
          number
          nameFa
          nameEn
        }
        callerNumberMasked
        agentName
        agentSubject
        categoryCode
        categoryNameFa
        outcome
        firstContactResolution
        queueWaitSeconds
        talkSeconds
        request {
          id
          trackingCode
          trackingCodeDisplay
        }
        incident {
          id
          title
        }
        outage {
          id
          area
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`,
  [PageInfoFields],
);

type Contact = ResultOf<typeof ContactsQuery>['contacts']['nodes'][number];
type Outcome = Contact['outcome'];
const outcomes: Outcome[] = [
  'INFORMED',
  'REQUEST_REGISTERED',
  'LINKED_INCIDENT',
  'LINKED_OUTAGE',
  'TRANSFERRED',
  'ABANDONED',
  'ANSWERED',
  'REPEAT_CALL',
];
// Light badges with dark words: readable (WCAG AA) for every outcome.
const outcomeColours: Record<Outcome, string> = {
  INFORMED: 'teal',
  REQUEST_REGISTERED: 'blue',
  LINKED_INCIDENT: 'orange',
  LINKED_OUTAGE: 'yellow',
  TRANSFERRED: 'indigo',
  ABANDONED: 'red',
  ANSWERED: 'gray',
  REPEAT_CALL: 'grape',
};

const pageSize = 50;

const filterNames = ['outcome', 'from', 'to'] as const;

function OutcomeBadge({ outcome, m }: { outcome: Outcome; m: Words }) {
  return (
    <Badge
      miw="max-content"
      color={outcomeColours[outcome]}
      variant="light"
      size="lg"
      styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
      data-outcome={outcome}
    >
      {m[`outcome.${outcome}`]}
    </Badge>
  );
}

/** A talk time or queue wait in minutes and seconds, or a dash when the PBX gave none. */
function Duration({ seconds }: { seconds: number | null | undefined }) {
  const { language } = useI18n();
  if (seconds === null || seconds === undefined) return <>—</>;
  return <time dateTime={`PT${Math.max(0, Math.round(seconds))}S`}>{formatDuration(seconds, language)}</time>;
}

/** The contacts log: the centre's calls and messages, newest first, by outcome and Jalali days, page by page. */
export default function Contacts() {
  const m = useMessages(messages);
  const { t, language } = useI18n();
  const pick = useBilingual();
  const categoryName = useCategoryName();
  const { filters, set, clear } = useAddressFilters(filterNames);

  const outcome = outcomes.includes(filters.outcome as Outcome) ? (filters.outcome as Outcome) : '';
  const range = jalaliRange(filters.from, filters.to);
  const { from, to, badRange } = range;

  const variables = useMemo(() => ({ first: pageSize, outcome: outcome || null, from, to }), [outcome, from, to]);
  const list = useConnection(ContactsQuery, variables, (d) => d.contacts, { pause: badRange });

  return (
    <>
      <ScreenTitle description={m.description}>{m.title}</ScreenTitle>
      <FilterPanel label={m.filters} onClear={clear} clearTestId="contacts-filter-clear">
        <NativeSelect
          label={m.outcome}
          value={outcome}
          onChange={(e) => set('outcome', e.currentTarget.value)}
          data-testid="contacts-filter-outcome"
          data={[{ value: '', label: m.allOutcomes }, ...outcomes.map((o) => ({ value: o, label: m[`outcome.${o}`] }))]}
        />
        <JalaliRangeInputs
          fromText={filters.from}
          toText={filters.to}
          range={range}
          onChange={set}
          labels={{ from: m.from, to: m.to, badRange: m.badRange }}
          testIdPrefix="contacts-filter"
        />
      </FilterPanel>

      <PagedList
        list={list}
        emptyText={m.none}
        moreLabel={m.more}
        moreTestId="contacts-more"
        countLabel={m.shown}
        totalLabel={m.total}
      >
        <Table.ScrollContainer minWidth={1000}>
          <Table striped highlightOnHover aria-label={m.list} data-testid="contacts-list">
            <TableHead
              columns={[
                m.startedAt,
                m.line,
                m.channel,
                m.caller,
                m.agent,
                m.category,
                m.outcome,
                m.talk,
                m.wait,
                m.linked,
              ]}
            />
            <Table.Tbody>
              {list.items.map((c) => (
                <Table.Tr key={c.id} data-testid="contact-row" data-outcome={c.outcome}>
                  <Table.Td data-testid="contact-started" style={{ whiteSpace: 'nowrap' }}>
                    <JalaliDate value={c.startedAt} />
                  </Table.Td>
                  {/* The dialled number reads shorter than the line's name (which stays as the cell's title). */}
                  <Table.Td title={c.line ? pick(c.line.nameFa, c.line.nameEn) : undefined}>
                    {c.line
                      ? c.line.number
                        ? localDigits(c.line.number, language)
                        : pick(c.line.nameFa, c.line.nameEn)
                      : t(`service.${c.service}` as MessageKey)}
                  </Table.Td>
                  <Table.Td>{t(`channel.${c.channel}` as MessageKey)}</Table.Td>
                  <Table.Td data-testid="contact-caller">
                    {c.callerNumberMasked ? (
                      <span className="ltr-value">{localDigits(c.callerNumberMasked, language)}</span>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td data-testid="contact-agent" data-system={c.agentSubject === null}>
                    {c.agentSubject ? (
                      <PersonName name={c.agentName} subject={c.agentSubject} />
                    ) : (
                      <Text span c="dimmed" size="sm" title={m.systemHint}>
                        {m.system}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {c.categoryCode ? categoryName(c.categoryCode, c.categoryNameFa ?? c.categoryCode) : '—'}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <OutcomeBadge outcome={c.outcome} m={m} />
                      {c.firstContactResolution ? (
                        <Badge
                          miw="max-content"
                          color="teal"
                          variant="outline"
                          size="sm"
                          title={m.fcrHint}
                          styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
                          data-testid="contact-fcr"
                        >
                          {m.fcr}
                        </Badge>
                      ) : null}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Duration seconds={c.talkSeconds} />
                  </Table.Td>
                  <Table.Td>
                    <Duration seconds={c.queueWaitSeconds} />
                  </Table.Td>
                  <Table.Td>
                    <Linked contact={c} m={m} />
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

/** The request the contact registered, the incident it was counted on, or the outage the caller was told of. */
function Linked({ contact, m }: { contact: Contact; m: Words }) {
  const { language } = useI18n();
  const { request, incident, outage } = contact;
  if (!request && !incident && !outage) return <>—</>;
  return (
    <Stack gap={2}>
      {request ? (
        <Anchor
          component={Link}
          to={`/desk/${request.trackingCode}`}
          size="sm"
          aria-label={`${m.openRequest} ${formatTrackingCode(request.trackingCode, language)}`}
          data-testid="contact-request"
        >
          {m.request} <TrackingCodeText code={request.trackingCode} />
        </Anchor>
      ) : null}
      {incident ? (
        <Anchor
          component={Link}
          to={`/incidents?${withParams(new URLSearchParams(), { incident: incident.id })}`}
          size="sm"
          data-testid="contact-incident"
        >
          {m.incident}: {displayText(incident.title, language)}
        </Anchor>
      ) : null}
      {outage ? (
        <Text size="sm" data-testid="contact-outage">
          {m.outage}: {displayText(outage.area, language)}
        </Text>
      ) : null}
    </Stack>
  );
}
