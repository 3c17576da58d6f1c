import { Alert, Button, Group, MultiSelect, Radio, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { type Language, localDigits, toAsciiDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { useCategoryOptions } from '../../ui/options.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { QueryState } from '../../ui/states.js';
import { usePermission } from '../../viewer.js';
import { SaveSurveySettingsMutation, type SurveySettingsData, SurveySettingsQuery } from './questionnaire.queries.js';

const messages = {
  fa: {
    readOnly: 'قواعد نمونه‌گیری را فقط مدیر مرکز تغییر می‌دهد؛ شما آن‌ها را می‌بینید.',
    sampling: 'نمونه‌گیری هفتگی',
    samplingHint:
      'هر ساعت از درخواست‌های رفع‌شدهٔ هفته (شنبه تا جمعه) سهمی از کار هر واحد به قرعه انتخاب می‌شود؛ درخواستی که دوباره باز شده پرسیده نمی‌شود و هیچ درخواستی دو بار.',
    share: 'سهم نمونه از درخواست‌های رفع‌شدهٔ هر واحد',
    shareHint: 'درصد؛ مثلاً ۱۰ یعنی از هر ده درخواست یکی.',
    minimumPerUnit: 'دست‌کم در هفته برای هر واحد',
    minimumHint: 'اگر واحد کمتر از این رفع کرده باشد، همه پرسیده می‌شوند.',
    delayHours: 'فاصله پس از رفع (ساعت)',
    delayHint: 'تا درستی کار خود را نشان دهد.',
    cooldownDays: 'فاصلهٔ دو نظرسنجی از یک مشترک (روز)',
    cooldownHint: 'از مشترکی که در این مدت پرسیده شده دوباره پرسیده نمی‌شود.',
    excluded: 'موضوع‌هایی که نظرسنجی نمی‌شوند',
    excludedHint: 'مثلاً درخواست‌های اطلاعاتی.',
    excludedNone: 'هیچ‌کدام',
    asking: 'روش پرسش و تماس',
    method: 'روش پرسش',
    phone: 'تماس تلفنی کارشناس نظرسنجی',
    sms: 'پیوند پیامکی به صفحهٔ نظرسنجی',
    maxAttempts: 'حداکثر دفعات تماس',
    maxAttemptsHint: 'پس از این تعداد بی‌پاسخ یا اشغال، «دسترسی نشد».',
    retryMinutes: 'فاصلهٔ تماس دوباره (دقیقه)',
    retryHint: 'پس از بی‌پاسخ یا اشغال.',
    linkHours: 'اعتبار پیوند پیامکی (ساعت)',
    save: 'ذخیرهٔ تنظیمات',
    saved: 'تنظیمات نظرسنجی ذخیره شد؛ از نمونه‌گیری بعدی به کار می‌رود.',
    notNumber: 'عدد وارد کنید',
    notWhole: 'عدد درست وارد کنید',
  },
  en: {
    readOnly: 'Only the centre manager changes the sampling rules; you can view them.',
    sampling: 'Weekly sample',
    samplingHint:
      'Each hour, a share of each unit’s requests resolved in the week (Saturday to Friday) is drawn by lot; a request reopened since is not asked, and no request twice.',
    share: 'Share of each unit’s resolved requests',
    shareHint: 'A percent: 10 means one request in ten.',
    minimumPerUnit: 'At least, per unit and week',
    minimumHint: 'A unit that resolved fewer has every one asked.',
    delayHours: 'Wait after resolution (hours)',
    delayHint: 'So the fix has time to prove itself.',
    cooldownDays: 'Gap between two surveys of one customer (days)',
    cooldownHint: 'A customer asked within this time is not asked again.',
    excluded: 'Categories never surveyed',
    excludedHint: 'E.g. information requests.',
    excludedNone: 'None',
    asking: 'How customers are asked',
    method: 'Method',
    phone: 'A survey officer calls',
    sms: 'An SMS link to the survey page',
    maxAttempts: 'Most calls',
    maxAttemptsHint: 'After this many no-answers or busy lines: unreachable.',
    retryMinutes: 'Call again after (minutes)',
    retryHint: 'After no answer or a busy line.',
    linkHours: 'SMS link valid for (hours)',
    save: 'Save the settings',
    saved: 'The survey settings are saved; the next draw uses them.',
    notNumber: 'Enter a number',
    notWhole: 'Enter a whole number',
  },
};

const wholeFields = [
  'minimumPerUnit',
  'delayHours',
  'cooldownDays',
  'maxAttempts',
  'retryMinutes',
  'linkHours',
] as const;
type WholeField = (typeof wholeFields)[number];

interface Values extends Record<WholeField, string> {
  share: string;
  excludedCategories: string[];
  method: string;
}

function valuesOf(s: SurveySettingsData, language: Language): Values {
  const n = (value: number) => localDigits(value, language);
  const percent = Math.round(s.share * 1000) / 10;
  return {
    share: language === 'fa' ? n(percent).replace('.', '٫') : String(percent),
    minimumPerUnit: n(s.minimumPerUnit),
    delayHours: n(s.delayHours),
    cooldownDays: n(s.cooldownDays),
    excludedCategories: [...s.excludedCategories],
    method: s.method,
    maxAttempts: n(s.maxAttempts),
    retryMinutes: n(s.retryMinutes),
    linkHours: n(s.linkHours),
  };
}

/** A typed number (Persian or ASCII digits, «٫» or «.»): null when blank, NaN when not a number. */
function numberOf(text: string): number | null {
  const typed = toAsciiDigits(text).replace(/٫/g, '.').trim();
  if (!typed) return null;
  return /^\d+(\.\d+)?$/.test(typed) ? Number(typed) : Number.NaN;
}

/**
 * «نمونه‌گیری و تماس» (surveys:read; changed with surveys:configure only): the weekly draw's share (as a percent), its
 * minimum per unit, the wait after resolution, the customer's cool-down and the categories never surveyed; how the
 * drawn are asked (a survey officer's call or an SMS link), the most calls, the gap before calling again and how long
 * a link lasts. The API's refusals go beside the field they name.
 */
export default function SamplingTab() {
  const m = useMessages(messages);
  const { t, language } = useI18n();
  const canConfigure = usePermission('surveys:configure');
  const categories = useCategoryOptions();
  const [result, reexecute] = useQuery({ query: SurveySettingsQuery, requestPolicy: 'network-only' });
  const [saved, setSaved] = useState(false);
  const [ready, setReady] = useState(false);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      share: '',
      minimumPerUnit: '',
      delayHours: '',
      cooldownDays: '',
      excludedCategories: [],
      method: 'PHONE',
      maxAttempts: '',
      retryMinutes: '',
      linkHours: '',
    },
    validate: (values) => {
      const errors: Record<string, string> = {};
      const share = numberOf(values.share);
      if (share === null) errors.share = t('fieldRequired');
      else if (Number.isNaN(share)) errors.share = m.notNumber;
      for (const field of wholeFields) {
        const value = numberOf(values[field]);
        if (value === null) errors[field] = t('fieldRequired');
        else if (!Number.isInteger(value)) errors[field] = m.notWhole;
      }
      return errors;
    },
  });
  const save = useMutationWithErrors(SaveSurveySettingsMutation, (d) => d.saveSurveySettings, {
    form,
    fieldMap: Object.fromEntries(
      [...wholeFields, 'share', 'excludedCategories', 'method'].map((f) => [`input.${f}`, f]),
    ),
  });
  const settings = result.data?.surveySettings;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once, when the settings arrive
  useEffect(() => {
    if (settings && !ready) {
      form.setValues(valuesOf(settings, language));
      form.resetDirty();
      setReady(true);
    }
  }, [settings, ready]);

  const submit = form.onSubmit(async (values) => {
    setSaved(false);
    const whole = (field: WholeField) => numberOf(values[field]) as number;
    const outcome = await save.run({
      input: {
        share: Math.round(((numberOf(values.share) as number) / 100) * 10_000) / 10_000,
        minimumPerUnit: whole('minimumPerUnit'),
        delayHours: whole('delayHours'),
        cooldownDays: whole('cooldownDays'),
        excludedCategories: values.excludedCategories,
        method: values.method as SurveySettingsData['method'],
        maxAttempts: whole('maxAttempts'),
        retryMinutes: whole('retryMinutes'),
        linkHours: whole('linkHours'),
      },
    });
    if (outcome.ok) {
      form.setValues(valuesOf(outcome.data, language));
      form.resetDirty();
      setSaved(true);
      focusNext(noticeSelector);
    }
  });

  const number = (field: WholeField | 'share', label: string, description?: string) => (
    <TextInput
      label={label}
      description={description}
      disabled={!canConfigure}
      inputMode={field === 'share' ? 'decimal' : 'numeric'}
      autoComplete="off"
      rightSection={field === 'share' ? <span aria-hidden>٪</span> : undefined}
      data-testid={`sampling-${field}`}
      {...form.getInputProps(field)}
    />
  );

  return (
    <QueryState
      loading={!ready}
      error={settings ? undefined : result.error}
      onRetry={() => reexecute({ requestPolicy: 'network-only' })}
    >
      <form onSubmit={submit} onKeyDown={formKeys()} noValidate data-testid="sampling-form">
        <Stack gap="lg">
          {canConfigure ? null : (
            <Alert color="blue" variant="light" data-testid="sampling-read-only">
              {m.readOnly}
            </Alert>
          )}
          <Section id="sampling-draw" title={m.sampling}>
            <Stack gap="sm">
              <Alert color="gray" variant="light" p="xs">
                {m.samplingHint}
              </Alert>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                {number('share', m.share, m.shareHint)}
                {number('minimumPerUnit', m.minimumPerUnit, m.minimumHint)}
                {number('delayHours', m.delayHours, m.delayHint)}
                {number('cooldownDays', m.cooldownDays, m.cooldownHint)}
              </SimpleGrid>
              <MultiSelect
                label={m.excluded}
                description={m.excludedHint}
                placeholder={form.getValues().excludedCategories.length ? undefined : m.excludedNone}
                data={categories.options}
                searchable
                clearable
                disabled={!canConfigure}
                data-testid="sampling-excludedCategories"
                {...form.getInputProps('excludedCategories')}
              />
            </Stack>
          </Section>
          <Section id="sampling-asking" title={m.asking}>
            <Stack gap="sm">
              <Radio.Group label={m.method} {...form.getInputProps('method')} data-testid="sampling-method">
                <Group gap="lg" mt={6}>
                  <Radio value="PHONE" label={m.phone} disabled={!canConfigure} data-testid="sampling-method-PHONE" />
                  <Radio value="SMS" label={m.sms} disabled={!canConfigure} data-testid="sampling-method-SMS" />
                </Group>
              </Radio.Group>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
                {number('maxAttempts', m.maxAttempts, m.maxAttemptsHint)}
                {number('retryMinutes', m.retryMinutes, m.retryHint)}
                {number('linkHours', m.linkHours)}
              </SimpleGrid>
            </Stack>
          </Section>
          {saved ? (
            <Notice onClose={() => setSaved(false)} data-testid="sampling-saved">
              {m.saved}
            </Notice>
          ) : null}
          <FormError data-testid="sampling-form-error">{save.formError}</FormError>
          {canConfigure ? (
            <Group>
              <Button type="submit" loading={save.fetching} data-testid="sampling-save">
                {m.save}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
    </QueryState>
  );
}
