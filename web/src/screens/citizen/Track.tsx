import { Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { digitsOnly, groupForReading } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { errorMessage } from '../../ui/errors.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { type RequestStatus, StatusBadge } from '../../ui/StatusBadge.js';
import { TenantSelect } from './TenantSelect.js';
import { type PublicError, publicCall } from './tenants.js';

const messages = {
  fa: {
    title: 'پیگیری درخواست',
    intro: 'کد رهگیری و چهار رقم آخر شماره همراهی را که هنگام ثبت درخواست دادید وارد کنید.',
    tenant: 'شرکت آب و فاضلاب',
    trackingCode: 'کد رهگیری',
    phoneSuffix: 'چهار رقم آخر شماره همراه',
    submit: 'نمایش وضعیت',
    status: 'وضعیت',
    category: 'موضوع',
    registeredAt: 'زمان ثبت',
    resolvedAt: 'زمان رفع',
    overdue: 'رسیدگی از زمان مقرر گذشته است.',
    done: 'رسیدگی به درخواست شما انجام شد.',
    required: 'لازم است',
    suffixFormat: 'چهار رقم وارد کنید',
    notFound: 'درخواستی با این کد رهگیری و این ارقام شماره همراه یافت نشد',
  },
  en: {
    title: 'Track a request',
    intro: 'Enter the tracking code and the last four digits of the mobile number you gave when registering.',
    tenant: 'Water and wastewater company',
    trackingCode: 'Tracking code',
    phoneSuffix: 'Last four digits of the mobile number',
    submit: 'Show the status',
    status: 'Status',
    category: 'Subject',
    registeredAt: 'Registered',
    resolvedAt: 'Resolved',
    overdue: 'The request is past its due time.',
    done: 'Your request has been dealt with.',
    required: 'Required',
    suffixFormat: 'Enter four digits',
    notFound: 'No request matches this tracking code and these mobile digits',
  },
};

interface Status {
  trackingCode: string;
  trackingCodeDisplay: string;
  category: { code: string; nameFa: string; nameEn: string };
  /** The API's lower-case status (`in_progress`); statusLabel has its words. */
  status: string;
  statusLabel?: { fa: string; en: string };
  registeredAt: string;
  resolvedAt: string | null;
  overdue: boolean;
}

/** /track — a citizen looks up their request: tracking code + last four digits of the mobile. */
export default function Track() {
  const [params, setParams] = useSearchParams();
  const { t, language } = useI18n();
  const m = useMessages(messages);
  const pick = useBilingual();
  const [found, setFound] = useState<Status | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    mode: 'controlled',
    initialValues: { tenant: params.get('tenant') ?? '', trackingCode: params.get('code') ?? '', phoneSuffix: '' },
    validate: {
      tenant: (v) => (v ? null : m.required),
      trackingCode: (v) => (digitsOnly(v) ? null : m.required),
      phoneSuffix: (v) => (/^\d{4}$/.test(digitsOnly(v)) ? null : m.suffixFormat),
    },
  });

  const show = (error: PublicError) => (language === 'fa' ? error.messageFa : error.message);

  const lookUp = form.onSubmit(async (values) => {
    setBusy(true);
    setFormError(null);
    setFound(null);
    const code = digitsOnly(values.trackingCode);
    const result = await publicCall<Status>(
      `${encodeURIComponent(values.tenant)}/requests/${encodeURIComponent(code)}?phoneSuffix=${digitsOnly(values.phoneSuffix)}`,
    );
    setBusy(false);
    if (result.ok) {
      setFound(result.body);
      setParams({ tenant: values.tenant }, { replace: true });
      return;
    }
    if ('network' in result && result.network) return setFormError(t('errorNetwork'));
    let placed = false;
    for (const error of result.errors) {
      if (error.field && error.field in values) {
        form.setFieldError(error.field, errorMessage(error, language));
        placed = true;
      }
    }
    if (!placed) setFormError(result.errors[0] ? show(result.errors[0]) : t('errorGeneric'));
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        {m.title}
      </Title>
      <Text>{m.intro}</Text>
      <Paper withBorder p="md" component="form" onSubmit={lookUp} noValidate aria-label={m.title}>
        <Stack>
          <TenantSelect
            label={m.tenant}
            value={form.values.tenant}
            onChange={(v) => form.setFieldValue('tenant', v)}
            error={form.errors.tenant as string | undefined}
          />
          <TextInput
            label={m.trackingCode}
            inputMode="numeric"
            autoComplete="off"
            required
            data-testid="track-code"
            classNames={{ input: 'ltr-value' }}
            {...form.getInputProps('trackingCode')}
          />
          <TextInput
            label={m.phoneSuffix}
            inputMode="numeric"
            autoComplete="off"
            maxLength={4}
            required
            data-testid="track-phone-suffix"
            classNames={{ input: 'ltr-value' }}
            {...form.getInputProps('phoneSuffix')}
          />
          <FormError data-testid="track-error">{formError}</FormError>
          <Button type="submit" loading={busy} data-testid="track-submit">
            {m.submit}
          </Button>
        </Stack>
      </Paper>
      {found ? (
        <Paper withBorder p="md" data-testid="track-result" aria-live="polite">
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {m.trackingCode}
            </Text>
            <Text fw={800} size="xl" data-testid="track-result-code">
              <span className="ltr-value">{groupForReading(found.trackingCode, language)}</span>
            </Text>
            <Text>
              {m.category}: {pick(found.category.nameFa, found.category.nameEn)}
            </Text>
            <Text component="div">
              {m.status}: <StatusBadge status={found.status.toUpperCase() as RequestStatus} overdue={found.overdue} />
            </Text>
            <Text>
              {m.registeredAt}: <JalaliDate value={found.registeredAt} />
            </Text>
            {found.resolvedAt ? (
              <Text>
                {m.resolvedAt}: <JalaliDate value={found.resolvedAt} />
              </Text>
            ) : null}
            {found.overdue ? <Text c="red.9">{m.overdue}</Text> : null}
            {['resolved', 'closed'].includes(found.status.toLowerCase()) ? (
              <Text fw={600} c="teal.9" data-testid="track-done">
                {m.done}
              </Text>
            ) : null}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
