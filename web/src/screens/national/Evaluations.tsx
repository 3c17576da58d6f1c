import { Button, Group, NativeSelect, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { displayText, normalizePersian, toAsciiDigits } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice } from '../../ui/alerts.js';
import { DataTable } from '../../ui/DataTable.js';
import { ExportButton } from '../../ui/ExportButton.js';
import type { ExcelColumn } from '../../ui/excel.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { parseJalaliDate } from '../../ui/jalali.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { formKeys } from '../../ui/shortcuts.js';
import { QueryState } from '../../ui/states.js';
import { usePermission } from '../../viewer.js';
import { ClassBadge } from './ClassBadge.js';
import {
  type Evaluation,
  EvaluationsQuery,
  OverrideClassMutation,
  RecordEvaluationMutation,
} from './evaluations.queries.js';
import { defaultPeriod, periodOptions } from './period.js';
import { formatDecimal, nationalWords, type PerformanceClass } from './words.js';

const messages = {
  fa: {
    title: 'ارزیابی‌ها و ردهٔ شرکت‌ها',
    description: 'بازدیدهای ارزیابی دفتر ملی و تعیین ردهٔ یک شرکت برای یک دوره با ذکر دلیل.',
    filter: 'شرکت',
    allCompanies: 'همهٔ شرکت‌ها',
    list: 'ارزیابی‌های ثبت‌شده',
    record: 'ثبت بازدید ارزیابی',
    override: 'تعیین رده برای دوره',
    company: 'شرکت',
    chooseCompany: 'شرکت را انتخاب کنید',
    visitedOn: 'تاریخ بازدید',
    score: 'امتیاز (۰ تا ۱۰۰)',
    klass: 'رده',
    chooseClass: 'رده را انتخاب کنید',
    findings: 'یافته‌ها',
    period: 'دوره',
    reason: 'دلیل',
    recordedBy: 'ثبت‌کننده',
    recordedAt: 'زمان ثبت',
    recorded: 'بازدید ارزیابی ثبت شد.',
    overridden: 'ردهٔ شرکت برای دوره ثبت شد.',
    submitRecord: 'ثبت ارزیابی',
    submitOverride: 'ثبت رده',
    badScore: 'امتیاز باید عددی از ۰ تا ۱۰۰ باشد',
    empty: 'ارزیابی‌ای ثبت نشده است.',
  },
  en: {
    title: 'Evaluations and classes',
    description: 'The national office’s evaluation visits, and setting a company’s class for a period with a reason.',
    filter: 'Company',
    allCompanies: 'All companies',
    list: 'Recorded evaluations',
    record: 'Record an evaluation visit',
    override: 'Set the class for a period',
    company: 'Company',
    chooseCompany: 'Choose the company',
    visitedOn: 'Date of the visit',
    score: 'Score (0 to 100)',
    klass: 'Class',
    chooseClass: 'Choose the class',
    findings: 'Findings',
    period: 'Period',
    reason: 'Reason',
    recordedBy: 'Recorded by',
    recordedAt: 'Recorded at',
    recorded: 'The evaluation visit is recorded.',
    overridden: 'The company’s class for the period is recorded.',
    submitRecord: 'Record the evaluation',
    submitOverride: 'Record the class',
    badScore: 'The score must be a number from 0 to 100',
    empty: 'No evaluation recorded yet.',
  },
};
type Words = (typeof messages)['fa'];
const classes: PerformanceClass[] = ['WEAK', 'MEDIUM', 'STRONG'];

/** A typed Jalali date (Persian digits, / or -) as the API's «1405-09-10», or null when it is no date. */
function jalaliKey(text: string): string | null {
  if (!parseJalaliDate(text)) return null;
  const [y, mo, d] = toAsciiDigits(text)
    .trim()
    .split(/\s*[/\-.]\s*/);
  return `${y}-${(mo ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`;
}

/** A typed score (Persian digits and «٫» accepted) as a number, or null. */
function scoreOf(text: string): number | null {
  const typed = toAsciiDigits(text).replace('٫', '.').trim();
  if (!/^\d+(\.\d+)?$/.test(typed)) return null;
  const value = Number(typed);
  return value >= 0 && value <= 100 ? value : null;
}

/** Evaluations: the list (all companies or one), and for the national office the two forms. */
export default function Evaluations() {
  const m = useMessages(messages);
  const w = useMessages(nationalWords);
  const { language } = useI18n();
  const pick = useBilingual();
  const canEvaluate = usePermission('national:evaluate');
  const [params, setParams] = useSearchParams();
  const companyId = params.get('company') || null;
  const [result, reexecute] = useQuery({ query: EvaluationsQuery, variables: { companyId } });
  const [open, setOpen] = useState<'record' | 'override' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const national = result.data?.national;
  const companies = national?.companies ?? [];
  const companyOptions = companies.map((c) => ({ value: c.id, label: pick(c.nameFa, c.nameEn) }));

  const exportColumns: ExcelColumn<Evaluation>[] = [
    { header: m.company, value: (e) => pick(e.company.nameFa, e.company.nameEn), width: 30 },
    { header: m.visitedOn, value: (e) => e.visitedOn },
    { header: m.score, value: (e) => e.score, numFmt: '0.0' },
    { header: m.klass, value: (e) => w[`class.${e.performanceClass}`] },
    { header: m.findings, value: (e) => e.findings, width: 50 },
    { header: m.recordedBy, value: (e) => e.recordedByName },
  ];

  const done = (text: string) => {
    setOpen(null);
    setNotice(text);
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          <Group gap="xs">
            {canEvaluate ? (
              <>
                <Button
                  onClick={() => setOpen(open === 'record' ? null : 'record')}
                  aria-expanded={open === 'record'}
                  data-testid="evaluation-record-toggle"
                >
                  {m.record}
                </Button>
                <Button
                  variant="light"
                  onClick={() => setOpen(open === 'override' ? null : 'override')}
                  aria-expanded={open === 'override'}
                  data-testid="class-override-toggle"
                >
                  {m.override}
                </Button>
              </>
            ) : null}
            {national ? (
              <ExportButton
                label={w.excel}
                fileName="national-evaluations.xlsx"
                sheetName={m.list}
                columns={exportColumns}
                rows={national.evaluations}
                testId="evaluations-excel"
              />
            ) : null}
          </Group>
        }
      >
        {m.title}
      </ScreenTitle>
      {open === 'record' ? (
        <RecordForm
          m={m}
          companies={companyOptions}
          initialCompany={companyId}
          onDone={() => done(m.recorded)}
          onCancel={() => setOpen(null)}
        />
      ) : null}
      {open === 'override' ? (
        <OverrideForm
          m={m}
          companies={companyOptions}
          initialCompany={companyId}
          onDone={() => done(m.overridden)}
          onCancel={() => setOpen(null)}
        />
      ) : null}
      {notice ? (
        <Notice mb="sm" onClose={() => setNotice(null)} data-testid="evaluation-notice">
          {notice}
        </Notice>
      ) : null}
      <NativeSelect
        label={m.filter}
        value={companyId ?? ''}
        onChange={(e) => setParams(e.currentTarget.value ? { company: e.currentTarget.value } : {}, { replace: true })}
        data={[{ value: '', label: m.allCompanies }, ...companyOptions]}
        maw={360}
        mb="md"
        data-testid="evaluation-filter"
      />
      <QueryState
        loading={!national && result.fetching}
        error={national ? undefined : result.error}
        empty={national?.evaluations.length === 0}
        emptyText={m.empty}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        <DataTable
          label={m.list}
          testId="evaluation-list"
          rows={national?.evaluations ?? []}
          rowKey={(e) => e.id}
          rowProps={(e) => ({ 'data-testid': 'evaluation-row', 'data-company': e.company.code })}
          columns={[
            { label: m.company, cell: (e) => pick(e.company.nameFa, e.company.nameEn) },
            { label: m.visitedOn, cell: (e) => displayText(e.visitedOn.replaceAll('-', '/'), language) },
            { label: m.score, cell: (e) => formatDecimal(e.score, language, 1) },
            { label: m.klass, cell: (e) => <ClassBadge value={e.performanceClass} /> },
            { label: m.findings, cell: (e) => displayText(e.findings, language) },
            { label: m.recordedBy, cell: (e) => e.recordedByName ?? '—' },
            { label: m.recordedAt, cell: (e) => <JalaliDate value={e.recordedAt} /> },
          ]}
        />
      </QueryState>
    </>
  );
}

interface FormProps {
  m: Words;
  companies: { value: string; label: string }[];
  initialCompany: string | null;
  onDone: () => void;
  onCancel: () => void;
}

function RecordForm({ m, companies, initialCompany, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const w = useMessages(nationalWords);
  const form = useForm({
    initialValues: { companyId: initialCompany ?? '', visitedOn: '', score: '', performanceClass: '', findings: '' },
    validate: {
      companyId: (v) => (v ? null : t('fieldRequired')),
      visitedOn: (v) => (!v.trim() ? t('fieldRequired') : jalaliKey(v) ? null : t('jalaliDateInvalid')),
      score: (v) => (!v.trim() ? t('fieldRequired') : scoreOf(v) === null ? m.badScore : null),
      performanceClass: (v) => (v ? null : t('fieldRequired')),
    },
  });
  const record = useMutationWithErrors(RecordEvaluationMutation, (d) => d.recordNationalEvaluation, { form });
  return (
    <Section id="evaluation-new" title={m.record} headingGap="sm" mb="md">
      <form
        noValidate
        data-testid="evaluation-form"
        onKeyDown={formKeys()}
        onSubmit={form.onSubmit(async (values) => {
          const findings = normalizePersian(values.findings).trim();
          const outcome = await record.run({
            input: {
              companyId: values.companyId,
              visitedOn: jalaliKey(values.visitedOn) ?? values.visitedOn,
              score: scoreOf(values.score) ?? Number.NaN,
              performanceClass: values.performanceClass as PerformanceClass,
              findings: findings || null,
            },
          });
          if (outcome.ok) onDone();
        })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label={m.company}
            required
            data={[{ value: '', label: m.chooseCompany }, ...companies]}
            {...form.getInputProps('companyId')}
            data-testid="evaluation-company"
          />
          <TextInput
            label={m.visitedOn}
            description={t('jalaliDateHint')}
            required
            dir="ltr"
            inputMode="numeric"
            {...form.getInputProps('visitedOn')}
            data-testid="evaluation-date"
          />
          <TextInput
            label={m.score}
            required
            dir="ltr"
            inputMode="decimal"
            {...form.getInputProps('score')}
            data-testid="evaluation-score"
          />
          <NativeSelect
            label={m.klass}
            required
            data={[{ value: '', label: m.chooseClass }, ...classes.map((c) => ({ value: c, label: w[`class.${c}`] }))]}
            {...form.getInputProps('performanceClass')}
            data-testid="evaluation-class"
          />
        </SimpleGrid>
        <Textarea
          mt="sm"
          label={m.findings}
          autosize
          minRows={3}
          maxLength={4000}
          {...form.getInputProps('findings')}
          data-testid="evaluation-findings"
        />
        <FormError mt="sm">{record.formError}</FormError>
        <FormButtons
          mt="sm"
          label={m.submitRecord}
          loading={record.fetching}
          submitTestId="evaluation-submit"
          onCancel={onCancel}
        />
      </form>
    </Section>
  );
}

function OverrideForm({ m, companies, initialCompany, onDone, onCancel }: FormProps) {
  const { t, language } = useI18n();
  const w = useMessages(nationalWords);
  const periods = [
    ...periodOptions('month', language),
    ...periodOptions('quarter', language),
    ...periodOptions('year', language),
  ];
  const form = useForm({
    initialValues: {
      companyId: initialCompany ?? '',
      period: defaultPeriod('month'),
      performanceClass: '',
      reason: '',
    },
    validate: {
      companyId: (v) => (v ? null : t('fieldRequired')),
      period: (v) => (v ? null : t('fieldRequired')),
      performanceClass: (v) => (v ? null : t('fieldRequired')),
      reason: (v) => (v.trim() ? null : t('fieldRequired')),
    },
  });
  const override = useMutationWithErrors(OverrideClassMutation, (d) => d.overrideNationalClass, { form });
  return (
    <Section id="class-override" title={m.override} headingGap="sm" mb="md">
      <form
        noValidate
        data-testid="override-form"
        onKeyDown={formKeys()}
        onSubmit={form.onSubmit(async (values) => {
          const outcome = await override.run({
            input: {
              companyId: values.companyId,
              period: values.period,
              performanceClass: values.performanceClass as PerformanceClass,
              reason: normalizePersian(values.reason).trim(),
            },
          });
          if (outcome.ok) onDone();
        })}
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <NativeSelect
            label={m.company}
            required
            data={[{ value: '', label: m.chooseCompany }, ...companies]}
            {...form.getInputProps('companyId')}
            data-testid="override-company"
          />
          <NativeSelect
            label={m.period}
            required
            data={periods.map((p) => ({ value: p.key, label: p.label }))}
            {...form.getInputProps('period')}
            data-testid="override-period"
          />
          <NativeSelect
            label={m.klass}
            required
            data={[{ value: '', label: m.chooseClass }, ...classes.map((c) => ({ value: c, label: w[`class.${c}`] }))]}
            {...form.getInputProps('performanceClass')}
            data-testid="override-class"
          />
        </SimpleGrid>
        <Textarea
          mt="sm"
          label={m.reason}
          required
          autosize
          minRows={2}
          maxLength={2000}
          {...form.getInputProps('reason')}
          data-testid="override-reason"
        />
        <FormError mt="sm">{override.formError}</FormError>
        <FormButtons
          mt="sm"
          label={m.submitOverride}
          loading={override.fetching}
          submitTestId="override-submit"
          onCancel={onCancel}
        />
      </form>
    </Section>
  );
}
