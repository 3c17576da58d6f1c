import { Badge, Group, Text, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { formatNumber, localDigits } from '../../format.js';
import { type Language, useBilingual, useI18n, useMessages } from '../../i18n.js';
import { DataTable } from '../../ui/DataTable.js';
import { ExportButton } from '../../ui/ExportButton.js';
import type { ExcelColumn } from '../../ui/excel.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { QueryState } from '../../ui/states.js';
import { IncidentBoardQuery, IncidentBoardSubscription, type NationalIncident } from './incidents.queries.js';
import { nationalWords } from './words.js';

const messages = {
  fa: {
    title: 'حوادث باز در سراسر کشور',
    description: 'حوادث باز همهٔ شرکت‌ها، حوادث بزرگ در بالا؛ با هر تغییر بی‌درنگ به‌روز می‌شود.',
    live: 'زنده',
    table: 'حوادث باز',
    major: 'حادثهٔ بزرگ',
    normal: 'عادی',
    severity: 'اهمیت',
    category: 'موضوع',
    area: 'امور (محدوده)',
    openedAt: 'زمان وقوع',
    age: 'مدت',
    calls: 'تماس‌های مرتبط',
    empty: 'هم‌اکنون حادثهٔ بازی نیست.',
    updated: 'فهرست حوادث به‌روز شد',
    count: 'حادثهٔ باز',
    majorCount: 'بزرگ',
  },
  en: {
    title: 'Open incidents nationwide',
    description: 'Every company’s open incidents, major ones first; updated live on each change.',
    live: 'Live',
    table: 'Open incidents',
    major: 'Major incident',
    normal: 'Normal',
    severity: 'Severity',
    category: 'Category',
    area: 'District office (area)',
    openedAt: 'Opened',
    age: 'Age',
    calls: 'Linked calls',
    empty: 'No open incident now.',
    updated: 'The incident list was updated',
    count: 'open incidents',
    majorCount: 'major',
  },
};

/** Minutes as «۲ ساعت و ۵ دقیقه» / «2 h 5 min». */
function formatAge(minutes: number, language: Language): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts =
    language === 'fa'
      ? [days ? `${days} روز` : '', hours ? `${hours} ساعت` : '', days ? '' : `${mins} دقیقه`]
      : [days ? `${days} d` : '', hours ? `${hours} h` : '', days ? '' : `${mins} min`];
  return localDigits(parts.filter(Boolean).join(language === 'fa' ? ' و ' : ' '), language);
}

/**
 * Major first, then by calls, then the oldest first: the API's order, kept whatever order a delivery of the board
 * comes in.
 */
function ordered(items: readonly NationalIncident[]): NationalIncident[] {
  return [...items].sort(
    (a, b) => Number(b.major) - Number(a.major) || b.calls - a.calls || Date.parse(a.openedAt) - Date.parse(b.openedAt),
  );
}

/** The national office's live view of every company's open incidents. */
export default function IncidentBoard() {
  const m = useMessages(messages);
  const w = useMessages(nationalWords);
  const { language } = useI18n();
  const pick = useBilingual();
  const [result, reexecute] = useQuery({ query: IncidentBoardQuery, requestPolicy: 'network-only' });
  const [board, setBoard] = useState<NationalIncident[] | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [live] = useSubscription({ query: IncidentBoardSubscription }, (_previous, data) => {
    setBoard(data.nationalIncidentBoard);
    setAnnouncement(`${m.updated}: ${formatNumber(data.nationalIncidentBoard.length, language)}`);
    return data;
  });
  // The age grows while the screen is open: recounted from the opening time every half minute.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const items = ordered(board ?? result.data?.national.incidentBoard ?? []);
  const loaded = board !== null || result.data !== undefined;
  const ageOf = (i: NationalIncident) => Math.max(i.ageMinutes, Math.floor((now - Date.parse(i.openedAt)) / 60_000));
  const majors = items.filter((i) => i.major).length;

  const exportColumns: ExcelColumn<NationalIncident>[] = [
    { header: m.severity, value: (i) => (i.major ? m.major : m.normal) },
    { header: w.company, value: (i) => pick(i.company.nameFa, i.company.nameEn), width: 30 },
    { header: m.category, value: (i) => pick(i.categoryFa, i.categoryEn), width: 24 },
    { header: m.area, value: (i) => pick(i.areaFa, i.areaEn), width: 30 },
    { header: m.openedAt, value: (i) => new Date(i.openedAt).toISOString() },
    { header: `${m.age} (min)`, value: (i) => ageOf(i), numFmt: '#,##0' },
    { header: m.calls, value: (i) => i.calls, numFmt: '#,##0' },
  ];

  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          <Group gap="xs">
            {!live.error ? (
              <Badge miw="max-content" color="teal" variant="dot" size="lg" data-testid="board-live">
                {m.live}
              </Badge>
            ) : null}
            {loaded ? (
              <ExportButton
                label={w.excel}
                fileName="national-incidents.xlsx"
                sheetName={m.table}
                columns={exportColumns}
                rows={items}
                testId="board-excel"
              />
            ) : null}
          </Group>
        }
      >
        {m.title}
      </ScreenTitle>
      <VisuallyHidden>
        <div role="status" aria-live="polite" data-testid="board-announcement">
          {announcement}
        </div>
      </VisuallyHidden>
      <QueryState
        loading={!loaded && result.fetching}
        error={loaded ? undefined : result.error}
        empty={loaded && items.length === 0}
        emptyText={m.empty}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        <Text mb="sm" data-testid="board-count" data-count={items.length}>
          {formatNumber(items.length, language)} {m.count}
          {majors ? `، ${formatNumber(majors, language)} ${m.majorCount}` : ''}
        </Text>
        <DataTable
          label={m.table}
          testId="board-table"
          rows={items}
          rowKey={(i) => i.id}
          rowProps={(i) => ({ 'data-testid': 'board-row', 'data-major': i.major, 'data-company': i.company.code })}
          columns={[
            {
              label: m.severity,
              cell: (i) =>
                i.major ? (
                  <Badge
                    color="red"
                    variant="filled"
                    miw="max-content"
                    styles={{ root: { background: 'var(--mantine-color-red-9)' } }}
                  >
                    {m.major}
                  </Badge>
                ) : (
                  <Text size="sm">{m.normal}</Text>
                ),
            },
            { label: w.company, cell: (i) => pick(i.company.nameFa, i.company.nameEn) },
            { label: m.category, cell: (i) => pick(i.categoryFa, i.categoryEn) },
            { label: m.area, cell: (i) => pick(i.areaFa, i.areaEn) },
            { label: m.openedAt, cell: (i) => <JalaliDate value={i.openedAt} /> },
            { label: m.age, cell: (i) => <span data-testid="board-age">{formatAge(ageOf(i), language)}</span> },
            { label: m.calls, cell: (i) => formatNumber(i.calls, language) },
          ]}
        />
      </QueryState>
    </>
  );
}
