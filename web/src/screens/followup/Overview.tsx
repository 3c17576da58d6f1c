import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { complaintStageLabels } from '../../../../schema/src/rules/complaints.js';
import { formatNumber } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { DataTable } from '../../ui/DataTable.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { QueryState } from '../../ui/states.js';
import { usePermission } from '../../viewer.js';
import {
  ComplaintOverviewQuery,
  type ComplaintStageRow,
  EscalationOverviewQuery,
  type EscalationRungCount,
  FollowUpByUnitQuery,
  type UnitFollowUpRow,
} from './operations.js';
import { escalationWords, fillWords, targetWord } from './words.js';

const messages = {
  fa: {
    title: 'نمای تشدید',
    description:
      'پرونده‌های پیگیری باز در هر سطح نردبان تشدید و نزد هر واحد، و شکایت‌های باز به تفکیک مرحله؛ هر دقیقه به‌روز می‌شود.',
    settings: 'تنظیمات پیگیری و تشدید',
    ladder: 'نردبان تشدید',
    ladderList: 'سطح‌های نردبان تشدید، از نخستین',
    open: 'پرونده باز',
    pastDue: 'گذشته از موعد',
    noOpenCases: 'هیچ پرونده پیگیری بازی نیست.',
    byUnit: 'پرونده‌های باز به تفکیک واحد',
    worklist: 'فهرست پرونده‌های پیگیری',
    unit: 'واحد',
    noUnit: 'بدون واحد (نزد مرکز)',
    openCol: 'باز',
    waitingUnit: 'در انتظار پاسخ واحد',
    answered: 'پاسخ واحد رسیده',
    pastDueCol: 'گذشته از موعد',
    highest: 'بالاترین سطح',
    noUnits: 'هیچ واحدی پرونده پیگیری باز ندارد.',
    complaints: 'شکایت‌های باز به تفکیک مرحله',
    stage: 'مرحله',
    complaintsOpen: 'باز',
    overdue: 'گذشته از مهلت مرحله',
    atLastLevel: 'در سطح آخر (دیده‌شده در ستاد ملی)',
    noComplaints: 'شکایت بازی نیست.',
  },
  en: {
    title: 'Escalations',
    description:
      'Open follow-up cases on each rung of the escalation ladder and with each unit, and open complaints by stage; refreshed every minute.',
    settings: 'Follow-up and escalation settings',
    ladder: 'Escalation ladder',
    ladderList: 'The rungs of the escalation ladder, first one first',
    open: 'open cases',
    pastDue: 'past due',
    noOpenCases: 'No follow-up case is open.',
    byUnit: 'Open cases by unit',
    worklist: 'The follow-up worklist',
    unit: 'Unit',
    noUnit: 'No unit (with the centre)',
    openCol: 'Open',
    waitingUnit: 'Waiting for the unit',
    answered: 'The unit answered',
    pastDueCol: 'Past due',
    highest: 'Highest level',
    noUnits: 'No unit has an open follow-up case.',
    complaints: 'Open complaints by stage',
    stage: 'Stage',
    complaintsOpen: 'Open',
    overdue: 'Past the stage’s deadline',
    atLastLevel: 'At the last level (seen by the national office)',
    noComplaints: 'No complaint is open.',
  },
};

/** A count that is red when there is any. */
function Warning({ value, testId }: { value: number; testId: string }) {
  const { language } = useI18n();
  return (
    <Text span c={value > 0 ? 'red.9' : undefined} fw={value > 0 ? 700 : undefined} data-testid={testId}>
      {formatNumber(value, language)}
    </Text>
  );
}

function RungCard({ rung }: { rung: EscalationRungCount }) {
  const m = useMessages(messages);
  const w = useMessages(escalationWords);
  const { language } = useI18n();
  return (
    <Paper
      component="li"
      withBorder
      p="md"
      data-testid="escalation-rung"
      data-level={rung.level}
      data-target={rung.target}
      data-open={rung.open}
      data-past-due={rung.pastDue}
    >
      <Text size="sm" c="dimmed">
        {fillWords(w.level, { n: formatNumber(rung.level, language) })}
      </Text>
      <Text fw={700} mb="xs">
        {targetWord(w, rung.target)}
      </Text>
      <Text size="xl" fw={700} span data-testid="escalation-rung-open">
        {formatNumber(rung.open, language)}
      </Text>{' '}
      <Text span size="sm">
        {m.open}
      </Text>
      <Text size="sm" mt={4}>
        {m.pastDue}: <Warning value={rung.pastDue} testId="escalation-rung-past-due" />
      </Text>
    </Paper>
  );
}

/** The highest rung a unit's cases reached, by its number and whom it tells (when the ladder still has it). */
function HighestRung({ level, ladder }: { level: number; ladder: readonly EscalationRungCount[] }) {
  const w = useMessages(escalationWords);
  const { language } = useI18n();
  const rung = ladder.find((r) => r.level === level) ?? (level > ladder.length ? ladder.at(-1) : undefined);
  const number = fillWords(w.level, { n: formatNumber(level, language) });
  return (
    <span data-testid="escalation-unit-highest">{rung ? `${number} — ${targetWord(w, rung.target)}` : number}</span>
  );
}

function ComplaintStages() {
  const m = useMessages(messages);
  const { language } = useI18n();
  const [result, reexecute] = useQuery({ query: ComplaintOverviewQuery, requestPolicy: 'cache-and-network' });
  useEffect(() => {
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), 60_000);
    return () => clearInterval(timer);
  }, [reexecute]);
  const stages = result.data?.complaintOverview ?? [];
  const stageName = (stage: string) =>
    (complaintStageLabels as Record<string, { fa: string; en: string }>)[stage.toLowerCase()]?.[language] ?? stage;
  return (
    <Section id="escalation-complaints" title={m.complaints} mt="lg" data-testid="escalation-complaints">
      <QueryState
        loading={!result.data}
        error={result.data ? undefined : result.error}
        empty={stages.every((s) => s.open === 0)}
        emptyText={m.noComplaints}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        <DataTable<ComplaintStageRow>
          label={m.complaints}
          rows={stages}
          rowKey={(s) => s.stage}
          testId="escalation-complaint-table"
          rowProps={(s) => ({
            'data-testid': 'escalation-complaint-stage',
            'data-stage': s.stage,
            'data-open': s.open,
            'data-overdue': s.overdue,
            'data-at-last-level': s.atLastLevel,
          })}
          columns={[
            {
              label: m.stage,
              cell: (s) => (
                <Anchor component={Link} to={`/complaints?stage=${s.stage}`} data-testid="escalation-complaint-link">
                  {stageName(s.stage)}
                </Anchor>
              ),
            },
            { label: m.complaintsOpen, cell: (s) => formatNumber(s.open, language) },
            { label: m.overdue, cell: (s) => <Warning value={s.overdue} testId="escalation-complaint-overdue" /> },
            { label: m.atLastLevel, cell: (s) => formatNumber(s.atLastLevel, language) },
          ]}
        />
      </QueryState>
    </Section>
  );
}

/**
 * «نمای تشدید»: for managers, where the open follow-up cases stand on the company's escalation ladder (a card a
 * rung, those past due in red), the units holding them (in the API's order, the most past due first), and — for
 * those who read complaints — the open complaints by stage, each stage linking to its list.
 */
export default function FollowUpOverview() {
  const m = useMessages(messages);
  const { language } = useI18n();
  const readsComplaints = usePermission('complaints:read');
  const [result, reexecute] = useQuery({ query: EscalationOverviewQuery, requestPolicy: 'cache-and-network' });
  const [byUnit, reexecuteByUnit] = useQuery({ query: FollowUpByUnitQuery, requestPolicy: 'cache-and-network' });
  useEffect(() => {
    const timer = setInterval(() => {
      reexecute({ requestPolicy: 'network-only' });
      reexecuteByUnit({ requestPolicy: 'network-only' });
    }, 60_000);
    return () => clearInterval(timer);
  }, [reexecute, reexecuteByUnit]);
  const ladder = result.data?.escalationOverview ?? [];
  const units = byUnit.data?.followUpByUnit ?? [];

  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          <Button component={Link} to="/followup/settings" variant="light" data-testid="escalation-settings-link">
            {m.settings}
          </Button>
        }
      >
        {m.title}
      </ScreenTitle>
      <Stack gap="lg">
        <Section id="escalation-ladder" title={m.ladder}>
          <QueryState
            loading={!result.data}
            error={result.data ? undefined : result.error}
            onRetry={() => reexecute({ requestPolicy: 'network-only' })}
          >
            <SimpleGrid
              component="ol"
              aria-label={m.ladderList}
              cols={{ base: 2, md: Math.min(Math.max(ladder.length, 2), 6) }}
              spacing="sm"
              m={0}
              p={0}
              style={{ listStyle: 'none' }}
              data-testid="escalation-ladder"
            >
              {ladder.map((rung) => (
                <RungCard key={rung.level} rung={rung} />
              ))}
            </SimpleGrid>
            {ladder.every((r) => r.open === 0) ? (
              <Text c="dimmed" mt="sm" data-testid="escalation-none-open">
                {m.noOpenCases}
              </Text>
            ) : null}
          </QueryState>
        </Section>
        <Section id="escalation-units" title={m.byUnit}>
          <Group justify="flex-end" mb="xs">
            <Anchor component={Link} to="/followup" data-testid="escalation-worklist-link">
              {m.worklist}
            </Anchor>
          </Group>
          <QueryState
            loading={!byUnit.data}
            error={byUnit.data ? undefined : byUnit.error}
            empty={units.length === 0}
            emptyText={m.noUnits}
            onRetry={() => reexecuteByUnit({ requestPolicy: 'network-only' })}
          >
            <DataTable<UnitFollowUpRow>
              label={m.byUnit}
              rows={units}
              rowKey={(u) => u.unitId ?? 'none'}
              testId="escalation-unit-table"
              rowProps={(u) => ({
                'data-testid': 'escalation-unit',
                'data-unit': u.unitCode ?? '',
                'data-open': u.open,
                'data-waiting-unit': u.waitingUnit,
                'data-answered': u.answered,
                'data-past-due': u.pastDue,
                'data-highest-level': u.highestLevel,
              })}
              columns={[
                { label: m.unit, cell: (u) => (u.unitId ? (u.unitName ?? u.unitCode) : m.noUnit) },
                { label: m.openCol, cell: (u) => formatNumber(u.open, language) },
                { label: m.waitingUnit, cell: (u) => formatNumber(u.waitingUnit, language) },
                { label: m.answered, cell: (u) => formatNumber(u.answered, language) },
                { label: m.pastDueCol, cell: (u) => <Warning value={u.pastDue} testId="escalation-unit-past-due" /> },
                { label: m.highest, cell: (u) => <HighestRung level={u.highestLevel} ladder={ladder} /> },
              ]}
            />
          </QueryState>
        </Section>
      </Stack>
      {readsComplaints ? <ComplaintStages /> : null}
    </>
  );
}
