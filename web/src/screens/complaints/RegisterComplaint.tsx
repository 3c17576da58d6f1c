import {
  Alert,
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { normalizePersian } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { newIdempotencyKey } from '../../ui/errors.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { useCategoryName, useUnitOptions } from '../../ui/options.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { TrackingCode } from '../../ui/TrackingCode.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { usePermission } from '../../viewer.js';
import {
  acknowledgedBySms,
  type ComplaintChannel,
  ComplaintRequestQuery,
  type ComplaintSubject,
  complaintChannels,
  complaintSubjects,
  RegisterComplaintMutation,
  type RegisteredComplaint,
  type RegisteredState,
} from './operations.js';
import { complaintWord, complaintWords } from './words.js';

const messages = {
  fa: {
    title: 'ثبت شکایت',
    description:
      'شکایتی که شهروند تلفنی، حضوری، با نامه یا از سامد می‌دهد. با شمارهٔ همراه، دریافت آن همان دم با پیامک و کد پیگیری اعلام می‌شود.',
    back: 'بازگشت به شکایات',
    complaint: 'شکایت',
    subject: 'موضوع شکایت',
    choose: 'انتخاب کنید',
    channel: 'راه دریافت',
    externalRef: 'شمارهٔ پیگیری سامد',
    externalRefHint: 'شمارهٔ شکایت در سامانهٔ سامد (۱۱۱)',
    descriptionField: 'شرح شکایت',
    descriptionHint: 'آنچه شاکی می‌گوید، به زبان خودش.',
    name: 'نام شاکی (اختیاری)',
    mobile: 'شمارهٔ همراه شاکی',
    mobileHint: 'پیامک اعلام وصول و پاسخ شکایت به این شماره می‌رود؛ بی آن پیامکی فرستاده نمی‌شود.',
    unit: 'واحدی که شکایت دربارهٔ آن است (اختیاری)',
    noUnit: 'نامشخص',
    request: 'درخواست مربوط',
    requestLoading: 'در حال خواندن درخواست…',
    requestMissing: 'این درخواست در شرکت شما پیدا نشد؛ شکایت بدون آن ثبت می‌شود.',
    removeRequest: 'برداشتن درخواست',
    submit: 'ثبت شکایت',
    done: 'شکایت ثبت شد',
    codeLabel: 'کد پیگیری شکایت (۱۰ رقمی)',
    smsQueued: 'پیامک اعلام وصول با کد پیگیری در صف ارسال به شاکی است.',
    smsNone: 'شمارهٔ همراه ثبت نشد؛ پیامک اعلام وصول فرستاده نمی‌شود. کد پیگیری را به شاکی بگویید.',
    another: 'ثبت شکایت دیگر',
  },
  en: {
    title: 'Register a complaint',
    description:
      'A complaint made by phone, in person, by letter or through Samad. With a mobile number, its receipt is confirmed at once by SMS with its tracking code.',
    back: 'Back to the complaints',
    complaint: 'The complaint',
    subject: 'What it is about',
    choose: 'Choose',
    channel: 'How it came',
    externalRef: 'Samad reference',
    externalRefHint: 'The complaint’s number in Samad (111)',
    descriptionField: 'The complaint',
    descriptionHint: 'What the complainant says, in their own words.',
    name: 'Complainant’s name (optional)',
    mobile: 'Complainant’s mobile',
    mobileHint: 'The acknowledgement SMS and the response go to this number; without it no SMS is sent.',
    unit: 'The unit it is about (optional)',
    noUnit: 'Not known',
    request: 'The request concerned',
    requestLoading: 'Reading the request…',
    requestMissing: 'This request is not one of your company’s; the complaint is registered without it.',
    removeRequest: 'Remove the request',
    submit: 'Register the complaint',
    done: 'The complaint is registered',
    codeLabel: 'Complaint tracking code (10 digits)',
    smsQueued: 'The acknowledgement SMS with the tracking code is queued to the complainant.',
    smsNone: 'No mobile number: no acknowledgement SMS is sent. Tell the complainant the tracking code.',
    another: 'Register another complaint',
  },
};

/**
 * /complaints/new — a complaint taken by an agent (phone, in person, letter, سامد with its reference), optionally
 * about one request (`?request=<Request id>`, from the request's page). Refusals beside the field the API names;
 * the form keeps what was typed on any error or a lost connection. Then the complaint's page (for those who read
 * complaints), or its code here (an agent registers complaints but does not read them).
 */
export default function RegisterComplaint() {
  const m = useMessages(messages);
  const w = useMessages(complaintWords);
  const { t } = useI18n();
  const navigate = useNavigate();
  const mayRead = usePermission('complaints:read');
  const [params, setParams] = useSearchParams();
  const requestId = params.get('request') ?? '';
  const [requestResult] = useQuery({
    query: ComplaintRequestQuery,
    variables: { id: requestId },
    pause: !requestId,
  });
  const requestNode = requestResult.data?.node;
  const request = requestNode?.__typename === 'Request' ? requestNode : null;
  const units = useUnitOptions();
  const categoryName = useCategoryName();
  const [registered, setRegistered] = useState<RegisteredComplaint | null>(null);

  const form = useForm({
    initialValues: {
      subject: '',
      channel: 'PHONE',
      externalRef: '',
      description: '',
      complainantName: '',
      complainantMobile: '',
      unitId: '',
    },
    validate: {
      subject: (v) => (v ? null : t('fieldRequired')),
      channel: (v) => (v ? null : t('fieldRequired')),
      description: (v) => (v.trim() ? null : t('fieldRequired')),
      externalRef: (v, values) => (values.channel === 'SAMAD' && !v.trim() ? t('fieldRequired') : null),
    },
  });
  const register = useMutationWithErrors(RegisterComplaintMutation, (d) => d.registerComplaint, {
    form,
    fieldMap: Object.fromEntries(
      ['subject', 'channel', 'externalRef', 'description', 'complainantName', 'complainantMobile', 'unitId'].map(
        (f) => [`input.${f}`, f],
      ),
    ),
  });

  // One key per complaint being taken: a resubmit after a lost answer never registers it twice.
  const idempotencyKey = useRef(newIdempotencyKey());
  const submit = form.onSubmit(async (values) => {
    const outcome = await register.run(
      {
        input: {
          subject: values.subject as ComplaintSubject,
          channel: values.channel as ComplaintChannel,
          description: normalizePersian(values.description),
          ...(values.complainantName.trim() ? { complainantName: normalizePersian(values.complainantName) } : {}),
          ...(values.complainantMobile.trim() ? { complainantMobile: normalizePersian(values.complainantMobile) } : {}),
          ...(values.channel === 'SAMAD' && values.externalRef.trim()
            ? { externalRef: normalizePersian(values.externalRef).trim() }
            : {}),
          ...(values.unitId ? { unitId: values.unitId } : {}),
          ...(request ? { requestIds: [request.id] } : {}),
        },
      },
      { idempotencyKey: idempotencyKey.current },
    );
    if (!outcome.ok) return;
    idempotencyKey.current = newIdempotencyKey();
    const made = outcome.data as RegisteredComplaint;
    if (mayRead) {
      navigate(`/complaints/${encodeURIComponent(made.id)}`, { state: { registered: made } satisfies RegisteredState });
      return;
    }
    setRegistered(made);
    focusNext('#complaint-registered');
  });

  const back = mayRead ? (
    <Anchor component={Link} to="/complaints">
      {m.back}
    </Anchor>
  ) : null;

  if (registered)
    return (
      <>
        <ScreenTitle>{m.title}</ScreenTitle>
        <Stack maw={560}>
          <Text fw={700} size="lg" id="complaint-registered" tabIndex={-1} data-testid="complaint-registered">
            {m.done}
          </Text>
          <TrackingCode code={registered.trackingCode} label={m.codeLabel} />
          <Alert
            color={acknowledgedBySms(registered) ? 'teal' : 'orange'}
            data-testid="complaint-sms"
            data-queued={acknowledgedBySms(registered)}
          >
            {acknowledgedBySms(registered) ? m.smsQueued : m.smsNone}
          </Alert>
          <Group>
            <Button
              variant="light"
              onClick={() => {
                form.reset();
                setRegistered(null);
                setParams({}, { replace: true });
              }}
            >
              {m.another}
            </Button>
          </Group>
        </Stack>
      </>
    );

  const samad = form.values.channel === 'SAMAD';
  return (
    <>
      <ScreenTitle description={m.description} actions={back}>
        {m.title}
      </ScreenTitle>
      <Section id="complaint-form-title" title={m.complaint} maw={820} headingGap="sm">
        <form noValidate onSubmit={submit} onKeyDown={formKeys()} data-testid="complaint-form">
          <Stack gap="sm">
            {requestId ? (
              <Paper withBorder p="sm" bg="gray.0" data-testid="complaint-request">
                {requestResult.fetching && !requestResult.data ? (
                  m.requestLoading
                ) : request ? (
                  <Group justify="space-between" gap="xs">
                    <Text size="sm">
                      {m.request}:{' '}
                      <Anchor
                        component={Link}
                        to={`/desk/${request.trackingCode}`}
                        data-testid="complaint-request-code"
                      >
                        <TrackingCodeText code={request.trackingCode} />
                      </Anchor>{' '}
                      — {categoryName(request.categoryCode, request.categoryNameFa)}
                    </Text>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      onClick={() => setParams({}, { replace: true })}
                      data-testid="complaint-request-remove"
                    >
                      {m.removeRequest}
                    </Button>
                  </Group>
                ) : (
                  m.requestMissing
                )}
              </Paper>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <NativeSelect
                label={m.subject}
                required
                data={[
                  { value: '', label: m.choose, disabled: true },
                  ...complaintSubjects.map((s) => ({ value: s, label: complaintWord(w, 'subject', s) })),
                ]}
                {...form.getInputProps('subject')}
                data-testid="complaint-subject"
              />
              <NativeSelect
                label={m.channel}
                required
                data={complaintChannels.map((c) => ({ value: c, label: complaintWord(w, 'channel', c) }))}
                {...form.getInputProps('channel')}
                data-testid="complaint-channel-select"
              />
            </SimpleGrid>
            {samad ? (
              <TextInput
                label={m.externalRef}
                description={m.externalRefHint}
                required
                dir="ltr"
                autoComplete="off"
                {...form.getInputProps('externalRef')}
                data-testid="complaint-external-ref"
              />
            ) : null}
            <Textarea
              label={m.descriptionField}
              description={m.descriptionHint}
              required
              autosize
              minRows={4}
              {...form.getInputProps('description')}
              data-testid="complaint-description"
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={m.name}
                autoComplete="off"
                {...form.getInputProps('complainantName')}
                data-testid="complaint-name"
              />
              <TextInput
                label={m.mobile}
                description={m.mobileHint}
                dir="ltr"
                inputMode="tel"
                autoComplete="off"
                {...form.getInputProps('complainantMobile')}
                data-testid="complaint-mobile"
              />
            </SimpleGrid>
            <NativeSelect
              label={m.unit}
              data={[{ value: '', label: m.noUnit }, ...units.options]}
              {...form.getInputProps('unitId')}
              data-testid="complaint-unit"
            />
            <FormError data-testid="complaint-form-error">{register.formError}</FormError>
            <FormButtons label={m.submit} loading={register.fetching} submitTestId="complaint-submit" />
          </Stack>
        </form>
      </Section>
    </>
  );
}
