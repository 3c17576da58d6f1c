import { Paper, SimpleGrid, Text } from '@mantine/core';
import { formatNumber, type Language, listSeparator } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import type { ExcelColumn } from '../../ui/excel.js';
import type { Figures } from './comparison.queries.js';
import { formatDecimal, formatRate, type NationalWords, nationalWords } from './words.js';

// Section (b) of the charter in the national view: follow-up cases and complaints, a company's or the country's, in
// the comparison (a table of its own below the main one) and on a company's page (a block of facts).

/** The three triggers shown (the scan of overdue requests, «not fixed», a repeat call); the file has them too. */
const shownTriggers = ['overdue', 'not_fixed', 'repeat_call'] as const;
const levels = [2, 3, 4] as const;

const triggerCount = (f: Figures, trigger: string) =>
  f.followupsOpenedByTrigger.find((t) => t.trigger === trigger)?.count ?? 0;
const levelCount = (f: Figures, level: number) => f.escalationsByLevel.find((l) => l.level === level)?.count ?? 0;

/** One figure of section (b) as shown: its words (a column's header, a fact's name) and its text. */
export interface SectionBMeasure {
  key: string;
  label: string;
  text: (f: Figures) => string;
}

/** The figures in order; a rate, mean or satisfaction without cases is «—», a count of none is 0. */
export function sectionBMeasures(w: NationalWords, language: Language): SectionBMeasure[] {
  const count = (value: number) => formatNumber(value, language);
  const counts = (values: number[]) => values.map(count).join(listSeparator(language));
  return [
    { key: 'followupsOpened', label: w.followupsOpened, text: (f) => count(f.followupsOpened) },
    {
      key: 'followupsByTrigger',
      label: w.followupsByTrigger,
      text: (f) => counts(shownTriggers.map((t) => triggerCount(f, t))),
    },
    { key: 'followupsClosed', label: w.followupsClosed, text: (f) => count(f.followupsClosed) },
    { key: 'followUpFixedRate', label: w.followUpFixedRate, text: (f) => formatRate(f.followUpFixedRate, language) },
    {
      key: 'meanFollowUpCloseHours',
      label: w.meanFollowUpCloseHours,
      text: (f) => formatDecimal(f.meanFollowUpCloseHours, language, 1),
    },
    { key: 'escalations', label: w.escalations, text: (f) => counts(levels.map((l) => levelCount(f, l))) },
    { key: 'complaintsReceived', label: w.complaintsReceived, text: (f) => count(f.complaintsReceived) },
    {
      key: 'complaintsAcknowledgedInTime',
      label: w.complaintsAcknowledgedInTime,
      // x of the n acknowledged (the ranked rate's own counts); none acknowledged: no rate to give.
      text: (f) =>
        f.complaintsAcknowledged === 0
          ? '—'
          : `${count(f.complaintsAcknowledgedInTime)} ${w.of} ${count(f.complaintsAcknowledged)}`,
    },
    {
      key: 'meanComplaintResolutionHours',
      label: w.meanComplaintResolutionHours,
      text: (f) => formatDecimal(f.meanComplaintResolutionHours, language, 1),
    },
    {
      key: 'complaintSatisfaction',
      label: w.complaintSatisfaction,
      text: (f) =>
        f.complaintSatisfaction == null ? '—' : `${formatDecimal(f.complaintSatisfaction, language, 1)} ${w.outOfFive}`,
    },
    {
      key: 'complaintsReopenedAppealed',
      label: w.complaintsReopenedAppealed,
      text: (f) => counts([f.complaintsReopened, f.complaintsAppealed]),
    },
  ];
}

export function useSectionBMeasures(): SectionBMeasure[] {
  const { language } = useI18n();
  return sectionBMeasures(useMessages(nationalWords), language);
}

/** A figure in a table's cell: on one line (the three counts of a legend stay together). */
export function SectionBCell({ measure, figures }: { measure: SectionBMeasure; figures: Figures }) {
  return (
    <Text span size="sm" data-measure={measure.key} style={{ whiteSpace: 'nowrap' }}>
      {measure.text(figures)}
    </Text>
  );
}

/** The same figures as a block of facts (a company's page). */
export function SectionBFacts({ figures, testId }: { figures: Figures; testId?: string }) {
  const measures = useSectionBMeasures();
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} component="dl" mt={0} mb={0} data-testid={testId}>
      {measures.map((m) => (
        <Paper key={m.key} withBorder p="sm">
          <Text component="dt" size="sm" c="dimmed">
            {m.label}
          </Text>
          <Text component="dd" m={0} fw={700} fz="lg" data-measure={m.key}>
            {m.text(figures)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** The figures as columns of an Excel file: numbers as numbers, one column each; none is an empty cell. */
export function sectionBExcelColumns<Row>(w: NationalWords, figuresOf: (row: Row) => Figures): ExcelColumn<Row>[] {
  const counted = (header: string, value: (f: Figures) => number): ExcelColumn<Row> => ({
    header,
    value: (r) => value(figuresOf(r)),
    numFmt: '#,##0',
  });
  const decimal = (header: string, value: (f: Figures) => number | null | undefined): ExcelColumn<Row> => ({
    header,
    value: (r) => value(figuresOf(r)),
    numFmt: '0.0',
  });
  return [
    counted(w.followupsOpened, (f) => f.followupsOpened),
    ...shownTriggers.map((t) => counted(w[`trigger.${t}`], (f) => triggerCount(f, t))),
    counted(w.followupsClosed, (f) => f.followupsClosed),
    { header: w.followUpFixedRate, value: (r) => figuresOf(r).followUpFixedRate, numFmt: '0.0%' },
    decimal(w.meanFollowUpCloseHours, (f) => f.meanFollowUpCloseHours),
    ...levels.map((l) => counted(w[`escalation.${l}`], (f) => levelCount(f, l))),
    counted(w.complaintsReceived, (f) => f.complaintsReceived),
    counted(w.complaintsAcknowledged, (f) => f.complaintsAcknowledged),
    counted(w.complaintsAcknowledgedInTime, (f) => f.complaintsAcknowledgedInTime),
    decimal(w.meanComplaintResolutionHours, (f) => f.meanComplaintResolutionHours),
    decimal(w.complaintSatisfaction, (f) => f.complaintSatisfaction),
    counted(w.complaintsReopened, (f) => f.complaintsReopened),
    counted(w.complaintsAppealed, (f) => f.complaintsAppealed),
  ];
}
