import { Anchor, Paper, SimpleGrid, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { formatNumber } from '../../format.js';
import { graphql } from '../../graphql/graphql.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { QueryState } from '../../ui/states.js';
import { TableHead } from '../../ui/TableHead.js';

const messages = {
  fa: {
    title: 'امروز در مرکز',
    description: 'وضعیت امروز مرکز (به وقت تهران)؛ هر دقیقه به‌روز می‌شود.',
    day: 'روز',
    open: 'درخواست باز',
    overdue: 'دارای دیرکرد',
    registeredToday: 'ثبت‌شده امروز',
    resolvedToday: 'رفع‌شده امروز',
    contactsAnsweredToday: 'تماس پاسخ‌داده‌شده امروز',
    byLine: 'به تفکیک خط',
    line: 'خط',
    noLine: 'بدون خط (وب، اپلیکیشن)',
    seeList: 'دیدن فهرست',
  },
  en: {
    title: 'Today at the centre',
    description: 'The centre today (Tehran time); refreshed every minute.',
    day: 'Day',
    open: 'Open requests',
    overdue: 'Overdue',
    registeredToday: 'Registered today',
    resolvedToday: 'Resolved today',
    contactsAnsweredToday: 'Calls answered today',
    byLine: 'By line',
    line: 'Line',
    noLine: 'No line (web, app)',
    seeList: 'See the list',
  },
};

const CentreOverviewQuery = graphql(`
  query CentreOverview {
    centreOverview {
      dayStart
      total {
        open
        overdue
        registeredToday
        resolvedToday
        contactsAnsweredToday
      }
      byLine {
        line {
          id
          code
          nameFa
          nameEn
        }
        figures {
          open
          overdue
          registeredToday
          resolvedToday
          contactsAnsweredToday
        }
      }
    }
  }
`);

const figureKeys = ['open', 'overdue', 'registeredToday', 'resolvedToday', 'contactsAnsweredToday'] as const;
/** Where each figure's list is (none for the day's registered and resolved: the desk's day filter serves them). */
const listOf: Partial<Record<(typeof figureKeys)[number], string>> = {
  open: '/desk?status=open',
  overdue: '/desk?overdue=1',
  contactsAnsweredToday: '/contacts',
};

/** A manager's landing: today's figures of the centre, in all and by line. */
export default function Overview() {
  const m = useMessages(messages);
  const { language } = useI18n();
  const pick = useBilingual();
  const [result, reexecute] = useQuery({ query: CentreOverviewQuery, requestPolicy: 'network-only' });
  useEffect(() => {
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), 60_000);
    return () => clearInterval(timer);
  }, [reexecute]);
  const overview = result.data?.centreOverview;

  return (
    <>
      <ScreenTitle description={m.description}>{m.title}</ScreenTitle>
      <QueryState
        loading={!overview && result.fetching}
        error={overview ? undefined : result.error}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        {overview ? (
          <>
            <Text mb="sm" data-testid="overview-day">
              {m.day}: <JalaliDate value={overview.dayStart} dateOnly />
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} mt={0} mb="lg" component="dl" data-testid="overview-total">
              {figureKeys.map((key) => (
                <Paper key={key} withBorder p="md" data-testid={`overview-${key}`} data-value={overview.total[key]}>
                  <Text component="dt" size="sm" c="dimmed">
                    {m[key]}
                  </Text>
                  <dd style={{ margin: 0 }}>
                    <Text fw={700} fz={28} c={key === 'overdue' && overview.total.overdue > 0 ? 'red.9' : undefined}>
                      {formatNumber(overview.total[key], language)}
                    </Text>
                    {listOf[key] ? (
                      <Anchor component={Link} to={listOf[key]} size="sm" aria-label={`${m.seeList}: ${m[key]}`}>
                        {m.seeList}
                      </Anchor>
                    ) : null}
                  </dd>
                </Paper>
              ))}
            </SimpleGrid>
            <Section id="overview-by-line" title={m.byLine} mt="lg">
              <Table.ScrollContainer minWidth={640}>
                <Table striped aria-labelledby="overview-by-line" data-testid="overview-lines">
                  <TableHead columns={[m.line, ...figureKeys.map((key) => m[key])]} />
                  <Table.Tbody>
                    {overview.byLine.map((row) => (
                      <Table.Tr
                        key={row.line?.id ?? 'none'}
                        data-testid="overview-line"
                        data-line={row.line?.code ?? ''}
                      >
                        <Table.Th scope="row">{row.line ? pick(row.line.nameFa, row.line.nameEn) : m.noLine}</Table.Th>
                        {figureKeys.map((key) => (
                          <Table.Td key={key}>{formatNumber(row.figures[key], language)}</Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Section>
          </>
        ) : null}
      </QueryState>
    </>
  );
}
