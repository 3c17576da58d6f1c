import { Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { digitsOnly, displayText } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { errorMessage } from '../../ui/errors.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { type RequestStatus, StatusBadge } from '../../ui/StatusBadge.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { LoadingState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { ComplaintStatus, type ComplaintStatusBody } from './ComplaintStatus.js';
import { NotFixed } from './NotFixed.js';
import { TenantSelect } from './TenantSelect.js';
import { type PublicError, publicCall } from './tenants.js';

const messages = {
  fa: {
    title: 'پیگیری درخواست',
    intro:
      'با پیوند پیگیری‌ای که هنگام ثبت درخواست گرفتید، وضعیت بی‌درنگ نمایش داده می‌شود. بدون آن، کد رهگیری و شماره همراهی را که هنگام ثبت دادید وارد کنید.',
    tenant: 'شرکت آب و فاضلاب',
    trackingCode: 'کد رهگیری',
    mobile: 'شماره همراه',
    mobileHint: 'همان شماره‌ای که هنگام ثبت درخواست دادید، کامل (۱۱ رقم)',
    submit: 'نمایش وضعیت',
    status: 'وضعیت',
    category: 'موضوع',
    registeredAt: 'زمان ثبت',
    resolvedAt: 'زمان رفع',
    overdue: 'رسیدگی از زمان مقرر گذشته است.',
    done: 'رسیدگی به درخواست شما انجام شد.',
    whatWasDone: 'آنچه انجام شد',
    incidentIntro: 'تماس شما دربارهٔ یک حادثهٔ شناخته‌شده در منطقه (مانند شکستگی خط اصلی) بود؛ وضعیت آن:',
    reportedAt: 'زمان گزارش حادثه',
    incident: 'این درخواست به یک حادثه در منطقه (مانند شکستگی خط اصلی) پیوند خورده است. وضعیت حادثه:',
    reopened: 'گزارش شما ثبت شد و درخواست بازگشایی شد؛ همکاران ما پیگیری می‌کنند.',
    required: 'لازم است',
    mobileFormat: 'شماره همراه ۱۱ رقمی که با ۰۹ شروع می‌شود',
  },
  en: {
    title: 'Track a request',
    intro:
      'The tracking link you were given when registering shows the status at once. Without it, enter the tracking code and the mobile number you gave when registering.',
    tenant: 'Water and wastewater company',
    trackingCode: 'Tracking code',
    mobile: 'Mobile number',
    mobileHint: 'The number you gave when registering, in full (11 digits)',
    submit: 'Show the status',
    status: 'Status',
    category: 'Subject',
    registeredAt: 'Registered',
    resolvedAt: 'Resolved',
    overdue: 'The request is past its due time.',
    done: 'Your request has been dealt with.',
    whatWasDone: 'What was done',
    incidentIntro: 'Your call was about a known incident in the area (such as a burst main). Its status:',
    reportedAt: 'Incident reported',
    incident: 'This request is linked to an incident in the area (such as a burst main). The incident:',
    reopened: 'Your report was received and the request reopened; our staff will follow it up.',
    required: 'Required',
    mobileFormat: 'An 11-digit mobile number starting with 09',
  },
};

/** What the link of an incident answers: a caller linked to a known problem, with no request of their own. */
interface IncidentStatus {
  kind: 'incident';
  category: { code: string; nameFa: string; nameEn: string };
  incident: { status: string; statusLabel: { fa: string; en: string }; openedAt: string; resolvedAt: string | null };
}

interface Status {
  kind?: undefined;
  trackingCode: string;
  trackingCodeDisplay: string;
  category: { code: string; nameFa: string; nameEn: string };
  /** The API's lower-case status (`in_progress`); statusLabel has its words. */
  status: string;
  statusLabel?: { fa: string; en: string };
  registeredAt: string;
  resolvedAt: string | null;
  overdue: boolean;
  /** What the citizen is told was done (never the staff's internal notes). */
  publicNote?: string | null;
  /** The linked incident's public status (one burst main, many calls). */
  incident?: { status: string; statusLabel: { fa: string; en: string } } | null;
  /** Until when "not fixed" may be said (from the link); null when it may not. */
  notFixedUntil?: string | null;
}

/**
 * /track — a citizen looks up their request: from their link (`?tenant=…&t=<token>`, shown at once), or by
 * tracking code and the full mobile number it was registered with.
 */
export default function Track() {
  const [params, setParams] = useSearchParams();
  const { t, language } = useI18n();
  const m = useMessages(messages);
  const pick = useBilingual();
  const [found, setFound] = useState<Status | null>(null);
  const [incidentFound, setIncidentFound] = useState<IncidentStatus | null>(null);
  const [complaintFound, setComplaintFound] = useState<ComplaintStatusBody | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reopened, setReopened] = useState(false);
  const linkTenant = params.get('tenant') ?? '';
  const token = params.get('t') ?? '';
  // Opened from the citizen's link: the status is asked for at once, nothing to type.
  const [byLink, setByLink] = useState(Boolean(linkTenant && token));
  const [linkFailure, setLinkFailure] = useState<PublicError | 'network' | 'generic' | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { tenant: linkTenant, trackingCode: params.get('code') ?? '', mobile: '' },
    validate: {
      tenant: (v) => (v ? null : m.required),
      trackingCode: (v) => (digitsOnly(v) ? null : m.required),
      mobile: (v) => (/^(0|\+?98)?9\d{9}$/.test(digitsOnly(v)) ? null : m.mobileFormat),
    },
  });

  const show = (error: PublicError) => (language === 'fa' ? error.messageFa : error.message);

  useEffect(() => {
    if (!linkTenant || !token) return;
    let live = true;
    void publicCall<Status | IncidentStatus | ComplaintStatusBody>(`${encodeURIComponent(linkTenant)}/status`, {
      method: 'POST',
      body: JSON.stringify({ token }),
    }).then((result) => {
      if (!live) return;
      setByLink(false);
      if (result.ok) {
        const body = result.body;
        if (body.kind === 'incident') setIncidentFound(body);
        else if (body.kind === 'complaint') setComplaintFound(body);
        else setFound(body);
      } else setLinkFailure('network' in result && result.network ? 'network' : (result.errors[0] ?? 'generic'));
    });
    return () => {
      live = false;
    };
  }, [linkTenant, token]);
  // Kept as the answer, not as words, so switching the language translates it.
  const linkError =
    linkFailure === null
      ? null
      : linkFailure === 'network'
        ? t('errorNetwork')
        : linkFailure === 'generic'
          ? t('errorGeneric')
          : show(linkFailure);

  const lookUp = form.onSubmit(async (values) => {
    setBusy(true);
    setFormError(null);
    setLinkFailure(null);
    setFound(null);
    setComplaintFound(null);
    // A POST: the mobile number never sits in the address bar or a proxy's log.
    const result = await publicCall<Status | ComplaintStatusBody>(`${encodeURIComponent(values.tenant)}/status`, {
      method: 'POST',
      body: JSON.stringify({ trackingCode: digitsOnly(values.trackingCode), mobile: digitsOnly(values.mobile) }),
    });
    setBusy(false);
    if (result.ok) {
      // A 10-digit code is a complaint's: its stages instead of a request's status.
      if (result.body.kind === 'complaint') setComplaintFound(result.body);
      else setFound(result.body);
      setParams({ tenant: values.tenant }, { replace: true });
      // Found: the keyboard (and a screen reader) goes on from the status.
      focusNext('[data-testid="track-result"]');
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
      {byLink ? <LoadingState /> : null}
      {complaintFound ? <ComplaintStatus status={complaintFound} /> : null}
      {incidentFound ? (
        <Paper withBorder p="md" data-testid="track-incident-result" aria-live="polite">
          <Stack gap="xs">
            <Text>{m.incidentIntro}</Text>
            <Text>
              {m.category}: {pick(incidentFound.category.nameFa, incidentFound.category.nameEn)}
            </Text>
            <Text fw={600}>
              {m.status}: {pick(incidentFound.incident.statusLabel.fa, incidentFound.incident.statusLabel.en)}
            </Text>
            <Text>
              {m.reportedAt}: <JalaliDate value={incidentFound.incident.openedAt} />
            </Text>
            {incidentFound.incident.resolvedAt ? (
              <Text>
                {m.resolvedAt}: <JalaliDate value={incidentFound.incident.resolvedAt} />
              </Text>
            ) : null}
          </Stack>
        </Paper>
      ) : null}
      {found ? (
        <Paper withBorder p="md" data-testid="track-result" aria-live="polite" tabIndex={-1}>
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {m.trackingCode}
            </Text>
            <Text fw={800} size="xl" data-testid="track-result-code">
              <TrackingCodeText code={found.trackingCode} />
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
            {found.incident ? (
              <Text data-testid="track-incident">
                {m.incident} {pick(found.incident.statusLabel.fa, found.incident.statusLabel.en)}
              </Text>
            ) : null}
            {['resolved', 'closed'].includes(found.status.toLowerCase()) ? (
              <Text fw={600} c="teal.9" data-testid="track-done">
                {m.done}
              </Text>
            ) : null}
            {found.publicNote ? (
              <Text data-testid="track-public-note" style={{ whiteSpace: 'pre-wrap' }}>
                <Text span fw={600}>
                  {m.whatWasDone}:
                </Text>{' '}
                {displayText(found.publicNote, language)}
              </Text>
            ) : null}
            {reopened ? (
              <Text fw={700} role="status" tabIndex={-1} data-testid="track-reopened">
                {m.reopened}
              </Text>
            ) : null}
            {found.notFixedUntil ? (
              <NotFixed<Status>
                tenant={linkTenant || form.values.tenant}
                token={token || null}
                until={found.notFixedUntil}
                onReopened={(status) => {
                  setFound(status);
                  setReopened(true);
                }}
              />
            ) : null}
          </Stack>
        </Paper>
      ) : null}
      <Text>{m.intro}</Text>
      <Paper
        withBorder
        p="md"
        component="form"
        onSubmit={lookUp}
        onKeyDown={formKeys()}
        noValidate
        aria-label={m.title}
      >
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
            label={m.mobile}
            description={m.mobileHint}
            inputMode="tel"
            autoComplete="tel"
            required
            data-testid="track-mobile"
            classNames={{ input: 'ltr-value' }}
            {...form.getInputProps('mobile')}
          />
          <FormError data-testid="track-error">{formError ?? linkError}</FormError>
          <Button type="submit" loading={busy} data-testid="track-submit">
            {m.submit}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
