import { Anchor, Button, Paper, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { digitsOnly, normalizePersian } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { errorMessage, newIdempotencyKey } from '../../ui/errors.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { TrackingCode } from '../../ui/TrackingCode.js';
import { TrackingLink } from '../../ui/TrackingLink.js';
import { TenantSelect } from './TenantSelect.js';
import { publicCall } from './tenants.js';

const subjects = ['unit_work', 'employee_conduct', 'bill', 'centre', 'other'] as const;

const messages = {
  fa: {
    title: 'ثبت شکایت',
    intro:
      'از کار واحدهای آبفا، رفتار کارکنان، قبض یا مرکز تماس شکایت دارید؟ اینجا بنویسید؛ دریافت آن با پیامک و کد پیگیری اعلام می‌شود و پاسخ را هم با پیامک می‌گیرید.',
    tenant: 'شرکت آب و فاضلاب',
    subject: 'موضوع شکایت',
    'subject.unit_work': 'کار واحد اجرایی (تعمیر، حفاری، رسیدگی)',
    'subject.employee_conduct': 'رفتار کارکنان',
    'subject.bill': 'قبض',
    'subject.centre': 'مرکز تماس (۱۲۲ و ۱۵۲۳)',
    'subject.other': 'دیگر',
    description: 'شرح شکایت',
    name: 'نام و نام خانوادگی (اختیاری)',
    mobile: 'شماره همراه',
    mobileHint: 'پیامک دریافت و پاسخ شکایت به این شماره فرستاده می‌شود.',
    requestCode: 'کد رهگیری درخواست مربوط (اختیاری)',
    requestCodeHint: 'اگر شکایت دربارهٔ درخواستی است که ثبت کرده‌اید.',
    submit: 'ثبت شکایت',
    required: 'لازم است',
    mobileFormat: 'شماره همراه ۱۱ رقمی که با ۰۹ شروع می‌شود',
    done: 'شکایت شما دریافت شد',
    codeLabel: 'کد پیگیری شکایت',
    keep: 'این پیوند را نگه دارید؛ مراحل رسیدگی و پاسخ را آنجا می‌بینید. پیوند را به دیگران ندهید.',
    link: 'پیوند پیگیری',
    copyLink: 'رونوشت پیوند پیگیری',
    trackIt: 'پیگیری همین شکایت',
  },
  en: {
    title: 'Make a complaint',
    intro:
      'A complaint about the work of our units, an employee’s conduct, a bill or the contact centre? Write it here: its receipt is confirmed by SMS with a tracking code, and the response comes by SMS too.',
    tenant: 'Water and wastewater company',
    subject: 'What it is about',
    'subject.unit_work': 'An operational unit’s work (repairs, digging, handling)',
    'subject.employee_conduct': 'An employee’s conduct',
    'subject.bill': 'A bill',
    'subject.centre': 'The contact centre (122 and 1523)',
    'subject.other': 'Other',
    description: 'What happened',
    name: 'Full name (optional)',
    mobile: 'Mobile number',
    mobileHint: 'The receipt and the response are sent to this number by SMS.',
    requestCode: 'Tracking code of the request concerned (optional)',
    requestCodeHint: 'If the complaint is about a request you registered.',
    submit: 'Send the complaint',
    required: 'Required',
    mobileFormat: 'An 11-digit mobile number starting with 09',
    done: 'Your complaint has been received',
    codeLabel: 'Complaint tracking code',
    keep: 'Keep this link: it shows how your complaint is handled and the response. Do not share it.',
    link: 'Tracking link',
    copyLink: 'Copy the tracking link',
    trackIt: 'Track this complaint',
  },
};

/**
 * /complain — a citizen's complaint (section b, ISO 10002's any-channel intake): POST /public/<company>/complaints,
 * acknowledged by SMS; the answer is the complaint's tracking code and link (/track shows its stages).
 */
export default function Complain() {
  const m = useMessages(messages);
  const { language, t } = useI18n();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<{ trackingCode: string; trackPath: string } | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      tenant: params.get('tenant') ?? '',
      subject: '',
      description: '',
      complainantName: '',
      complainantMobile: '',
      requestTrackingCode: '',
    },
    validate: {
      tenant: (v) => (v ? null : m.required),
      subject: (v) => (v ? null : m.required),
      description: (v) => (v.trim() ? null : m.required),
      complainantMobile: (v) => (/^(0|\+?98)?9\d{9}$/.test(digitsOnly(v)) ? null : m.mobileFormat),
    },
  });

  // One key per complaint being written: a resubmit after a lost answer never files it twice.
  const idempotencyKey = useRef(newIdempotencyKey());
  const send = form.onSubmit(async (values) => {
    setBusy(true);
    setFormError(null);
    const result = await publicCall<{ trackingCode: string; trackPath: string }>(
      `${encodeURIComponent(values.tenant)}/complaints`,
      {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey.current },
        body: JSON.stringify({
          subject: values.subject,
          description: normalizePersian(values.description),
          complainantName: normalizePersian(values.complainantName) || undefined,
          complainantMobile: digitsOnly(values.complainantMobile),
          requestTrackingCode: digitsOnly(values.requestTrackingCode) || undefined,
        }),
      },
    );
    setBusy(false);
    if (result.ok) {
      idempotencyKey.current = newIdempotencyKey();
      setDone(result.body);
      focusNext('#complain-done');
      return;
    }
    if ('network' in result && result.network) return setFormError(t('errorNetwork'));
    let placed = false;
    for (const error of result.errors)
      if (error.field && error.field in values) {
        form.setFieldError(error.field, errorMessage(error, language));
        placed = true;
      }
    if (!placed) setFormError(result.errors[0] ? errorMessage(result.errors[0], language) : t('errorGeneric'));
  });

  if (done)
    return (
      <Stack>
        <Title order={1} size="h2" id="complain-done" tabIndex={-1} data-testid="complain-done">
          {m.done}
        </Title>
        <TrackingCode code={done.trackingCode} label={m.codeLabel} />
        <TrackingLink path={done.trackPath} label={m.link} copyLabel={m.copyLink} hint={m.keep} />
        <Anchor component={Link} to={done.trackPath} data-testid="complain-track">
          {m.trackIt}
        </Anchor>
      </Stack>
    );

  return (
    <Stack>
      <Title order={1} size="h2">
        {m.title}
      </Title>
      <Text>{m.intro}</Text>
      <Paper withBorder p="md" component="form" onSubmit={send} onKeyDown={formKeys()} noValidate aria-label={m.title}>
        <Stack>
          <TenantSelect
            label={m.tenant}
            value={form.getValues().tenant}
            onChange={(v) => form.setFieldValue('tenant', v)}
            error={form.errors.tenant as string | undefined}
          />
          <Radio.Group label={m.subject} required {...form.getInputProps('subject')} data-testid="complain-subject">
            <Stack gap={6} mt={4}>
              {subjects.map((s) => (
                <Radio key={s} value={s} label={m[`subject.${s}`]} data-testid={`complain-subject-${s}`} />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label={m.description}
            required
            autosize
            minRows={3}
            maxLength={4000}
            {...form.getInputProps('description')}
            data-testid="complain-description"
          />
          <TextInput label={m.name} maxLength={200} {...form.getInputProps('complainantName')} />
          <TextInput
            label={m.mobile}
            description={m.mobileHint}
            required
            inputMode="tel"
            autoComplete="tel"
            dir="ltr"
            {...form.getInputProps('complainantMobile')}
            data-testid="complain-mobile"
          />
          <TextInput
            label={m.requestCode}
            description={m.requestCodeHint}
            inputMode="numeric"
            dir="ltr"
            {...form.getInputProps('requestTrackingCode')}
          />
          <FormError>{formError}</FormError>
          <Button type="submit" loading={busy} data-testid="complain-submit">
            {m.submit}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
