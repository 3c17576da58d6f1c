import {
  Alert,
  Button,
  FileInput,
  Grid,
  Group,
  MultiSelect,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { formatDate, formatDateTime, formatNumber, listSeparator, localDigits, toAsciiDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { parseJalaliDateTime } from '../../ui/jalali.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { useCategoryOptions } from '../../ui/options.js';
import { formKeys } from '../../ui/shortcuts.js';
import { ErrorState } from '../../ui/states.js';
import { useViewer } from '../../viewer.js';
import { type ListReport, maxListBytes, uploadRecipients } from './campaignList.js';
import {
  type CampaignDetail,
  type CampaignInput,
  CreateCampaignMutation,
  campaignUuid,
  IncidentChoicesQuery,
  OutageChoicesQuery,
  SubmitCampaignMutation,
  UnitChoicesQuery,
  UpdateCampaignMutation,
} from './campaignOperations.js';
import { type AudienceKind, audienceKinds, campaignWords, inQuietHours } from './campaignWords.js';
import { LengthCounter } from './LengthCounter.js';
import { MessageText } from './MessageText.js';
import { renderTemplate, templateProblem, withOptOutLine } from './sms.js';

const messages = {
  fa: {
    newTitle: 'پیام‌رسانی تازه',
    editTitle: 'ویرایش پیش‌نویس',
    title: 'عنوان',
    titleHint: 'برای همکاران (فرستاده نمی‌شود)، مثلاً «قطعی آب منطقه ۳ در روز جمعه»',
    body: 'متن پیام',
    bodyHint: 'تنها جای‌نگهدار مجاز {company} است که هنگام ارسال با نام شرکت پر می‌شود.',
    insertCompany: 'درج نام شرکت',
    counterOf: 'طول پیامک همان‌گونه که فرستاده می‌شود (با نام شرکت و سطر «لغو» با پیوند انصراف):',
    channel: 'راه رساندن',
    channelSms: 'پیامک',
    channelVoice: 'تماس صوتی',
    channelVoiceHint: 'متن با صدای خودکار خوانده می‌شود (ارائه‌دهنده‌ای که تماس صوتی دارد، مانند کاوه‌نگار).',
    voiceNote: 'در تماس صوتی متن همان‌گونه که نوشته شده خوانده می‌شود (بی سطر «لغو» و پیوند).',
    emergency: 'اضطراری (در ساعت سکوت هم فرستاده شود)',
    emergencyHint: 'فقط برای خبر فوری مانند شکستگی خط اصلی یا آلودگی آب.',
    schedule: 'زمان ارسال (اختیاری)',
    scheduleHint: 'خالی: بی‌درنگ پس از تأیید مدیر مرکز.',
    scheduleDate: 'تاریخ ارسال',
    scheduleTime: 'ساعت ارسال',
    timeHint: 'مثلاً ۰۹:۳۰ (به وقت تهران)',
    badDate: 'تاریخ یا ساعت معتبر نیست',
    bothNeeded: 'تاریخ و ساعت را با هم بنویسید (یا هر دو را خالی بگذارید)',
    pastDate: 'این زمان گذشته است',
    quietNow: 'اکنون ساعت سکوت است؛ اگر تأیید شود، ساعت ۸ صبح فرستاده می‌شود، مگر «اضطراری» باشد.',
    quietScheduled: 'این زمان در ساعت سکوت است؛ پیام ساعت ۸ صبح فرستاده می‌شود، مگر «اضطراری» باشد.',
    audience: 'مخاطبان',
    units: 'مناطق و واحدها',
    unitsHint: 'مشترکان هر واحد و همهٔ واحدهای زیر آن',
    unitsSearch: 'نام واحد را بنویسید',
    categories: 'موضوع‌های درخواست',
    categoriesSearch: 'نام موضوع را بنویسید',
    sinceDays: 'در چند روز اخیر',
    sinceDaysHint: 'از ۱ تا ۳۶۵ روز (پیش‌فرض ۳۰)',
    badDays: 'عددی از ۱ تا ۳۶۵ بنویسید',
    incident: 'حادثه',
    chooseIncident: 'یک حادثه را برگزینید',
    noIncidents: 'حادثه‌ای ثبت نشده است.',
    outage: 'قطعی برنامه‌ریزی‌شده',
    chooseOutage: 'یک قطعی را برگزینید',
    noOutages: 'قطعی برنامه‌ریزی‌شده‌ای ثبت نشده است.',
    open: 'باز',
    resolved: 'رفع‌شده',
    nothingFound: 'چیزی یافت نشد',
    file: 'پروندهٔ فهرست (CSV)',
    fileHint:
      'در هر سطر یک شمارهٔ همراه (۰۹…) یا شمارهٔ اشتراک، در ستون اول؛ سطر اولِ بی‌رقم سرستون است. پس از ذخیرهٔ پیش‌نویس بارگذاری می‌شود و جای فهرست پیشین را می‌گیرد.',
    filePlaceholder: 'پرونده را برگزینید',
    fileTooLarge: 'پرونده بزرگ‌تر از ۸ مگابایت است',
    listUploaded: 'فهرستی با {count} شماره بارگذاری شده است.',
    listNone: 'هنوز فهرستی بارگذاری نشده است.',
    preview: 'پیش‌نمایش',
    asSent: 'متن همان‌گونه که فرستاده می‌شود',
    reach: 'دسترسی و بها (از پیش‌نویس ذخیره‌شده)',
    reachNew: 'پس از ذخیرهٔ پیش‌نویس، شمار گیرندگان و بها اینجا می‌آید.',
    reachStale: 'تغییرها هنوز ذخیره نشده‌اند؛ این ارقام با ذخیره به‌روز می‌شوند.',
    save: 'ذخیره پیش‌نویس',
    submit: 'ارسال برای تأیید',
    back: 'بازگشت به فهرست',
    required: 'این مورد لازم است',
    chooseOne: 'دست‌کم یکی را برگزینید',
    saved: 'پیش‌نویس ذخیره شد.',
    submitted: 'برای تأیید مدیر مرکز فرستاده شد.',
    uploadFailed: 'فهرست بارگذاری نشد:',
    network: 'ارتباط با سرور برقرار نشد',
  },
  en: {
    newTitle: 'New campaign',
    editTitle: 'Edit the draft',
    title: 'Title',
    titleHint: 'For colleagues (never sent), e.g. “Water cut in district 3 on Friday”',
    body: 'Message text',
    bodyHint: 'The only placeholder is {company}, filled in with the company’s name when sent.',
    insertCompany: 'Insert the company’s name',
    counterOf: 'The length of the SMS as sent (with the company’s name and the «لغو» line with the opt-out link):',
    channel: 'Channel',
    channelSms: 'SMS',
    channelVoice: 'Voice call',
    channelVoiceHint: 'The text is read aloud by text-to-speech (a provider with voice calls, such as Kavenegar).',
    voiceNote: 'A voice call reads the text as written (without the «لغو» line and link).',
    emergency: 'Emergency (sent in quiet hours too)',
    emergencyHint: 'Only for urgent news such as a burst main or contaminated water.',
    schedule: 'When to send (optional)',
    scheduleHint: 'Blank: as soon as the centre manager approves.',
    scheduleDate: 'Date',
    scheduleTime: 'Time',
    timeHint: 'e.g. 09:30 (Tehran time)',
    badDate: 'Not a valid date or time',
    bothNeeded: 'Give the date and the time together (or leave both blank)',
    pastDate: 'This time has passed',
    quietNow: 'It is quiet hours now: once approved it goes out at 08:00, unless marked emergency.',
    quietScheduled: 'This time is in quiet hours: it goes out at 08:00, unless marked emergency.',
    audience: 'Audience',
    units: 'Areas and units',
    unitsHint: 'The customers of each unit and every unit below it',
    unitsSearch: 'Type a unit’s name',
    categories: 'Request categories',
    categoriesSearch: 'Type a category’s name',
    sinceDays: 'Over the last days',
    sinceDaysHint: '1 to 365 days (30 by default)',
    badDays: 'A number from 1 to 365',
    incident: 'Incident',
    chooseIncident: 'Choose an incident',
    noIncidents: 'No incident is recorded.',
    outage: 'Planned water cut',
    chooseOutage: 'Choose a planned cut',
    noOutages: 'No planned cut is recorded.',
    open: 'open',
    resolved: 'resolved',
    nothingFound: 'Nothing found',
    file: 'List file (CSV)',
    fileHint:
      'A mobile (09…) or a subscription number on each line, in the first column; a first line without digits is a header. Uploaded once the draft is saved, replacing any list before.',
    filePlaceholder: 'Choose the file',
    fileTooLarge: 'The file is larger than 8 MB',
    listUploaded: 'A list of {count} numbers is uploaded.',
    listNone: 'No list is uploaded yet.',
    preview: 'Preview',
    asSent: 'The text as it will be sent',
    reach: 'Reach and cost (of the saved draft)',
    reachNew: 'Once the draft is saved, its recipients and cost show here.',
    reachStale: 'The changes are not saved yet: these figures follow on saving.',
    save: 'Save the draft',
    submit: 'Submit for approval',
    back: 'Back to the list',
    required: 'Required',
    chooseOne: 'Choose at least one',
    saved: 'The draft is saved.',
    submitted: 'Sent to the centre manager for approval.',
    uploadFailed: 'The list was not uploaded:',
    network: 'The server could not be reached',
  },
};

interface Values {
  title: string;
  channel: 'sms' | 'voice';
  body: string;
  emergency: boolean;
  scheduleDate: string;
  scheduleTime: string;
  kind: AudienceKind;
  unitIds: string[];
  categoryCodes: string[];
  sinceDays: string;
  incidentId: string;
  outageId: string;
}

/** A typed date in the inputs' form: Persian digits in Persian (as typed), ASCII in English. */
function dateText(value: string, language: 'fa' | 'en'): { date: string; time: string } {
  const [date = '', time = ''] = formatDateTime(value, 'fa').split('، ');
  return language === 'fa' ? { date, time } : { date: toAsciiDigits(date), time: toAsciiDigits(time) };
}

function initialValues(campaign: CampaignDetail | null, language: 'fa' | 'en'): Values {
  const at = campaign?.scheduledAt ? dateText(campaign.scheduledAt, language) : { date: '', time: '' };
  return {
    title: campaign?.title ?? '',
    channel: campaign?.channel === 'voice' ? 'voice' : 'sms',
    body: campaign?.body ?? '{company}\n',
    emergency: campaign?.emergency ?? false,
    scheduleDate: at.date,
    scheduleTime: at.time,
    kind: (campaign?.audience.kind as AudienceKind | undefined) ?? 'UNITS',
    unitIds: campaign?.audience.unitIds ?? [],
    categoryCodes: campaign?.audience.categoryCodes ?? [],
    sinceDays: localDigits(campaign?.audience.sinceDays ?? 30, language),
    incidentId: campaign?.audience.incidentId ?? '',
    outageId: campaign?.audience.outageId ?? '',
  };
}

/** The schedule typed: null when both are blank, the instant, or what is wrong with it. */
function scheduleOf(values: Pick<Values, 'scheduleDate' | 'scheduleTime'>): string | null | 'both' | 'bad' {
  const date = values.scheduleDate.trim();
  const time = values.scheduleTime.trim();
  if (!date && !time) return null;
  if (!date || !time) return 'both';
  return parseJalaliDateTime(date, time) ?? 'bad';
}

function sinceDaysOf(text: string): number | null {
  const typed = toAsciiDigits(text).trim();
  if (typed === '') return 30;
  const days = /^\d+$/.test(typed) ? Number(typed) : Number.NaN;
  return days >= 1 && days <= 365 ? days : null;
}

/** The API's input for the form's values (only the chosen audience's own fields). */
function inputOf(values: Values, scheduledAt: string | null): CampaignInput {
  const audience: CampaignInput['audience'] = { kind: values.kind };
  if (values.kind === 'UNITS') audience.unitIds = values.unitIds;
  if (values.kind === 'CATEGORIES') {
    audience.categoryCodes = values.categoryCodes;
    audience.sinceDays = sinceDaysOf(values.sinceDays) ?? 30;
  }
  if (values.kind === 'INCIDENT') audience.incidentId = values.incidentId;
  if (values.kind === 'OUTAGE') audience.outageId = values.outageId;
  return {
    title: values.title.trim(),
    body: values.body,
    channel: values.channel,
    emergency: values.emergency,
    scheduledAt,
    audience,
  };
}

/** What the builder did, for the screen to say (and where it goes next). */
export interface BuilderOutcome {
  campaign: CampaignDetail;
  notice: string;
  report: ListReport | null;
  /** The list's upload refused, or the submission (the draft is saved all the same). */
  error: string | null;
}

/**
 * The campaign builder (a new campaign, or a draft — also one sent back): title, text with its live SMS length and
 * `{company}` only, emergency, an optional Jalali schedule beside the quiet hours, the audience and its picker, and
 * the preview — the text as sent at once, the reach and cost of the saved draft from the API's `preview`. «ذخیره
 * پیش‌نویس» creates or changes the draft and then uploads a LIST's file; «ارسال برای تأیید» saves first if needed.
 */
export function CampaignBuilder({
  campaign,
  onDone,
}: {
  campaign: CampaignDetail | null;
  onDone: (outcome: BuilderOutcome) => void;
}) {
  const m = useMessages(messages);
  const w = useMessages(campaignWords);
  const { language, t } = useI18n();
  const { viewer } = useViewer();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [unitChoices, reloadUnits] = useQuery({ query: UnitChoicesQuery });
  const categories = useCategoryOptions();
  const form = useForm<Values>({
    initialValues: initialValues(campaign, language),
    validate: {
      title: (v) => (v.trim() ? null : t('fieldRequired')),
      body: (v) => {
        if (!v.trim()) return t('fieldRequired');
        const problem = templateProblem('CUSTOM', v);
        return problem ? problem[language] : null;
      },
      scheduleDate: (_v, values) => {
        const at = scheduleOf(values);
        if (at === 'both') return m.bothNeeded;
        if (at === 'bad') return m.badDate;
        if (at && Date.parse(at) < Date.now() - 60_000) return m.pastDate;
        return null;
      },
      unitIds: (v, values) => (values.kind === 'UNITS' && v.length === 0 ? m.chooseOne : null),
      categoryCodes: (v, values) => (values.kind === 'CATEGORIES' && v.length === 0 ? m.chooseOne : null),
      sinceDays: (v, values) => (values.kind === 'CATEGORIES' && sinceDaysOf(v) === null ? m.badDays : null),
      incidentId: (v, values) => (values.kind === 'INCIDENT' && !v ? m.required : null),
      outageId: (v, values) => (values.kind === 'OUTAGE' && !v ? m.required : null),
    },
  });
  const fieldMap = {
    'input.title': 'title',
    'input.body': 'body',
    scheduledAt: 'scheduleDate',
    'input.scheduledAt': 'scheduleDate',
    'audience.unitIds': 'unitIds',
    'audience.categoryCodes': 'categoryCodes',
    'audience.sinceDays': 'sinceDays',
    'audience.incidentId': 'incidentId',
    'audience.outageId': 'outageId',
  };
  const create = useMutationWithErrors(CreateCampaignMutation, (d) => d.createCampaign, { form, fieldMap });
  const update = useMutationWithErrors(UpdateCampaignMutation, (d) => d.updateCampaign, { form, fieldMap });
  const submit = useMutationWithErrors(SubmitCampaignMutation, (d) => d.submitCampaign);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);

  const values = form.getValues();
  const [incidentChoices, reloadIncidents] = useQuery({
    query: IncidentChoicesQuery,
    pause: values.kind !== 'INCIDENT',
  });
  const [outageChoices, reloadOutages] = useQuery({ query: OutageChoicesQuery, pause: values.kind !== 'OUTAGE' });
  const company = viewer?.tenant?.nameFa ?? '';
  const voice = values.channel === 'voice';
  const rendered = renderTemplate(values.body, { company });
  const asSent = voice ? rendered : withOptOutLine(rendered, viewer?.tenant?.code ?? '');
  const typedProblem = templateProblem('CUSTOM', values.body);
  const liveError = typedProblem?.unknown.length ? typedProblem[language] : null;
  const schedule = scheduleOf(values);
  const quiet =
    values.emergency || schedule === 'both' || schedule === 'bad'
      ? null
      : schedule
        ? inQuietHours(schedule)
          ? m.quietScheduled
          : null
        : inQuietHours(Date.now())
          ? m.quietNow
          : null;

  const unitOptions = useMemo(
    () =>
      (unitChoices.data?.units.nodes ?? []).map((u) => ({
        value: u.id,
        label: localDigits(language === 'fa' ? u.nameFa : (u.nameEn ?? u.nameFa), language),
      })),
    [unitChoices.data, language],
  );
  const categoryOptions = categories.options;
  const incidentOptions = useMemo(
    () =>
      (incidentChoices.data?.incidents.nodes ?? []).map((i) => ({
        value: i.id,
        label: localDigits(
          `${i.title} — ${language === 'fa' ? i.unit.nameFa : (i.unit.nameEn ?? i.unit.nameFa)} (${
            i.status === 'OPEN' ? m.open : m.resolved
          }${listSeparator(language)}${formatDate(i.openedAt, language)})`,
          language,
        ),
      })),
    [incidentChoices.data, language, m],
  );
  const outageOptions = useMemo(
    () =>
      (outageChoices.data?.plannedOutages.nodes ?? []).map((o) => ({
        value: o.id,
        label: localDigits(
          `${o.area} — ${language === 'fa' ? o.unit.nameFa : (o.unit.nameEn ?? o.unit.nameFa)} (${formatDateTime(o.startsAt, language)})`,
          language,
        ),
      })),
    [outageChoices.data, language],
  );
  // A list that did not load is said in the picker, with a retry (an empty picker would read as "nothing there").
  const choicesError =
    values.kind === 'UNITS'
      ? { error: unitChoices.error, retry: () => reloadUnits({ requestPolicy: 'network-only' }) }
      : values.kind === 'CATEGORIES'
        ? { error: categories.error, retry: categories.retry }
        : values.kind === 'INCIDENT'
          ? { error: incidentChoices.error, retry: () => reloadIncidents({ requestPolicy: 'network-only' }) }
          : values.kind === 'OUTAGE'
            ? { error: outageChoices.error, retry: () => reloadOutages({ requestPolicy: 'network-only' }) }
            : null;

  /** Puts `{company}` where the cursor is (or over the selection) and leaves the cursor after it. */
  const insertCompany = () => {
    const element = textarea.current;
    const body = form.getValues().body;
    const start = element?.selectionStart ?? body.length;
    const end = element?.selectionEnd ?? body.length;
    const token = '{company}';
    form.setFieldValue('body', body.slice(0, start) + token + body.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  /** Creates or changes the draft (when new or changed), then uploads the chosen list. */
  const save = async (): Promise<Omit<BuilderOutcome, 'notice'> | null> => {
    const current = form.getValues();
    const at = scheduleOf(current);
    const scheduledAt = at === 'both' || at === 'bad' ? null : at;
    let saved: CampaignDetail | null = campaign;
    if (!campaign || form.isDirty()) {
      const input = inputOf(current, scheduledAt);
      const outcome = campaign ? await update.run({ id: campaign.id, input }) : await create.run({ input });
      if (!outcome.ok) return null;
      saved = { ...outcome.data, __typename: 'Campaign' };
    }
    if (!saved) return null;
    let report: ListReport | null = null;
    let error: string | null = null;
    if (current.kind === 'LIST' && file) {
      const uploaded = await uploadRecipients(campaignUuid(saved.id) ?? '', await file.text());
      if (uploaded.ok) {
        report = uploaded.report;
        setFile(null);
      } else
        error = `${m.uploadFailed} ${
          uploaded.message === 'network'
            ? m.network
            : language === 'fa'
              ? uploaded.messageFa || uploaded.message
              : uploaded.message
        }`;
    }
    return { campaign: saved, report, error };
  };

  const onSave = async () => {
    setBusy('save');
    try {
      const done = await save();
      if (done) onDone({ ...done, notice: m.saved });
    } finally {
      setBusy(null);
    }
  };

  const onSubmitForApproval = async () => {
    if (form.validate().hasErrors) return;
    setBusy('submit');
    try {
      const done = await save();
      if (!done) return;
      if (done.error) {
        onDone({ ...done, notice: m.saved });
        return;
      }
      const outcome = await submit.run({ id: done.campaign.id });
      if (outcome.ok) onDone({ ...done, campaign: { ...outcome.data, __typename: 'Campaign' }, notice: m.submitted });
      // Refused (it reaches nobody, say): the draft is saved all the same, and the screen says why it was not sent.
      else onDone({ ...done, notice: m.saved, error: outcome.message });
    } finally {
      setBusy(null);
    }
  };

  const preview = campaign?.preview ?? null;
  const dirty = form.isDirty() || Boolean(file);
  const kind = values.kind;

  return (
    <form
      noValidate
      onKeyDown={formKeys()}
      data-testid="campaign-form"
      onSubmit={form.onSubmit(() => void onSave())}
      aria-labelledby="campaign-form-title"
    >
      <Text component="h2" fw={700} size="lg" mb="sm" id="campaign-form-title">
        {campaign ? m.editTitle : m.newTitle}
      </Text>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <TextInput
              label={m.title}
              description={m.titleHint}
              required
              maxLength={200}
              {...form.getInputProps('title')}
              data-testid="campaign-title"
            />
            <Radio.Group
              label={m.channel}
              {...form.getInputProps('channel')}
              onChange={(value) => form.setFieldValue('channel', value === 'voice' ? 'voice' : 'sms')}
            >
              <Group gap="lg" mt={4}>
                <Radio value="sms" label={m.channelSms} data-testid="campaign-channel-sms" />
                <Radio
                  value="voice"
                  label={m.channelVoice}
                  description={m.channelVoiceHint}
                  data-testid="campaign-channel-voice"
                />
              </Group>
            </Radio.Group>
            <Stack gap={6}>
              <Textarea
                ref={textarea}
                label={m.body}
                description={m.bodyHint}
                required
                autosize
                minRows={3}
                maxLength={1000}
                {...form.getInputProps('body')}
                error={liveError ?? form.errors.body}
                data-testid="campaign-body"
              />
              <Group gap="xs" align="flex-start" justify="space-between">
                {voice ? (
                  <Text size="xs" c="dimmed" data-testid="campaign-voice-note">
                    {m.voiceNote}
                  </Text>
                ) : (
                  <Stack gap={2}>
                    <Text size="xs" c="dimmed">
                      {m.counterOf}
                    </Text>
                    <LengthCounter text={asSent} id="campaign-counter" testIdPrefix="campaign" />
                  </Stack>
                )}
                <Button
                  size="compact-sm"
                  variant="light"
                  radius="xl"
                  onClick={insertCompany}
                  aria-label={`${m.insertCompany} {company}`}
                  data-testid="campaign-insert-company"
                >
                  {m.insertCompany}&nbsp;<bdi dir="ltr">{'{company}'}</bdi>
                </Button>
              </Group>
            </Stack>
            <Switch
              label={m.emergency}
              description={m.emergencyHint}
              color="red.9"
              {...form.getInputProps('emergency', { type: 'checkbox' })}
              data-testid="campaign-emergency-switch"
            />
            <fieldset className="plain-fieldset" aria-describedby="campaign-quiet-hours">
              <Text fw={600} component="legend" mb={4}>
                {m.schedule}
              </Text>
              <Text size="sm" c="dimmed" mb="xs">
                {m.scheduleHint}
              </Text>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <TextInput
                  label={m.scheduleDate}
                  description={t('jalaliDateHint')}
                  dir="ltr"
                  inputMode="numeric"
                  autoComplete="off"
                  {...form.getInputProps('scheduleDate')}
                  data-testid="campaign-schedule-date"
                />
                <TextInput
                  label={m.scheduleTime}
                  description={m.timeHint}
                  dir="ltr"
                  inputMode="numeric"
                  autoComplete="off"
                  {...form.getInputProps('scheduleTime')}
                  data-testid="campaign-schedule-time"
                />
              </SimpleGrid>
              <Alert color="blue" variant="light" mt="xs" p="xs" id="campaign-quiet-hours" data-testid="campaign-quiet">
                <Text size="sm">{w.quietHours}</Text>
                {quiet ? (
                  <Text size="sm" fw={600} mt={4} data-testid="campaign-quiet-warning">
                    {quiet}
                  </Text>
                ) : null}
              </Alert>
            </fieldset>

            <fieldset className="plain-fieldset">
              <Text fw={600} component="legend" mb={4}>
                {m.audience}
              </Text>
              <Radio.Group
                aria-label={m.audience}
                {...form.getInputProps('kind')}
                onChange={(value) => form.setFieldValue('kind', value as AudienceKind)}
              >
                <Stack gap={6}>
                  {audienceKinds.map((k) => (
                    <Radio
                      key={k}
                      value={k}
                      label={w[`kind.${k}`]}
                      description={w[`kindHint.${k}`]}
                      data-testid={`campaign-kind-${k}`}
                    />
                  ))}
                </Stack>
              </Radio.Group>
              <Paper withBorder p="sm" mt="sm" bg="gray.0" data-testid="campaign-picker">
                {choicesError?.error ? <ErrorState error={choicesError.error} onRetry={choicesError.retry} /> : null}
                {kind === 'UNITS' ? (
                  <MultiSelect
                    label={m.units}
                    description={m.unitsHint}
                    placeholder={values.unitIds.length ? undefined : m.unitsSearch}
                    data={unitOptions}
                    searchable
                    clearable
                    hidePickedOptions
                    nothingFoundMessage={m.nothingFound}
                    maxDropdownHeight={260}
                    {...form.getInputProps('unitIds')}
                    data-testid="campaign-units"
                  />
                ) : null}
                {kind === 'CATEGORIES' ? (
                  <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                    <MultiSelect
                      style={{ gridColumn: 'span 2' }}
                      label={m.categories}
                      placeholder={values.categoryCodes.length ? undefined : m.categoriesSearch}
                      data={categoryOptions}
                      searchable
                      clearable
                      hidePickedOptions
                      nothingFoundMessage={m.nothingFound}
                      maxDropdownHeight={260}
                      {...form.getInputProps('categoryCodes')}
                      data-testid="campaign-categories"
                    />
                    <TextInput
                      label={m.sinceDays}
                      description={m.sinceDaysHint}
                      dir="ltr"
                      inputMode="numeric"
                      autoComplete="off"
                      {...form.getInputProps('sinceDays')}
                      data-testid="campaign-since-days"
                    />
                  </SimpleGrid>
                ) : null}
                {kind === 'INCIDENT' ? (
                  incidentOptions.length === 0 && incidentChoices.data ? (
                    <Text size="sm">{m.noIncidents}</Text>
                  ) : (
                    <NativeSelect
                      label={m.incident}
                      required
                      data={[{ value: '', label: m.chooseIncident }, ...incidentOptions]}
                      {...form.getInputProps('incidentId')}
                      data-testid="campaign-incident"
                    />
                  )
                ) : null}
                {kind === 'OUTAGE' ? (
                  outageOptions.length === 0 && outageChoices.data ? (
                    <Text size="sm">{m.noOutages}</Text>
                  ) : (
                    <NativeSelect
                      label={m.outage}
                      required
                      data={[{ value: '', label: m.chooseOutage }, ...outageOptions]}
                      {...form.getInputProps('outageId')}
                      data-testid="campaign-outage"
                    />
                  )
                ) : null}
                {kind === 'LIST' ? (
                  <Stack gap={6}>
                    <FileInput
                      label={m.file}
                      description={m.fileHint}
                      placeholder={m.filePlaceholder}
                      accept=".csv,.txt,text/csv,text/plain"
                      clearable
                      value={file}
                      onChange={(chosen) => {
                        setFileError(chosen && chosen.size > maxListBytes ? m.fileTooLarge : null);
                        setFile(chosen && chosen.size <= maxListBytes ? chosen : null);
                      }}
                      error={fileError}
                      data-testid="campaign-file"
                    />
                    {campaign?.audience.kind === 'LIST' ? (
                      <Text size="sm" data-testid="campaign-list-size">
                        {preview && preview.recipients + preview.optedOut > 0
                          ? m.listUploaded.replace(
                              '{count}',
                              formatNumber(preview.recipients + preview.optedOut, language),
                            )
                          : m.listNone}
                      </Text>
                    ) : null}
                  </Stack>
                ) : null}
              </Paper>
            </fieldset>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="sm" component="section" aria-labelledby="campaign-preview-title" data-testid="campaign-preview">
            <Text component="h3" fw={700} id="campaign-preview-title">
              {m.preview}
            </Text>
            <Stack gap={4} component="figure" m={0} aria-labelledby="campaign-as-sent">
              <Text size="sm" fw={500} id="campaign-as-sent" component="figcaption">
                {m.asSent}
              </Text>
              <Paper bg="gray.0" p="sm" radius="lg" withBorder>
                <MessageText text={asSent} size="sm" data-testid="campaign-preview-text" />
              </Paper>
            </Stack>
            <Text size="sm" fw={500}>
              {m.reach}
            </Text>
            {preview ? (
              <>
                <ReachFigures preview={preview} />
                {dirty ? (
                  <Text
                    size="xs"
                    fw={600}
                    style={{ color: 'var(--mantine-color-orange-light-color)' }}
                    data-testid="campaign-preview-stale"
                  >
                    {m.reachStale}
                  </Text>
                ) : null}
              </>
            ) : (
              <Text size="sm" c="dimmed">
                {m.reachNew}
              </Text>
            )}
          </Stack>
        </Grid.Col>
      </Grid>

      <FormError mt="md">{create.formError ?? update.formError}</FormError>
      <Group mt="md" gap="xs">
        <Button type="submit" loading={busy === 'save'} disabled={busy === 'submit'} data-testid="campaign-save">
          {m.save}
        </Button>
        <Button
          variant="light"
          loading={busy === 'submit'}
          disabled={busy === 'save'}
          onClick={() => void onSubmitForApproval()}
          data-testid="campaign-submit"
        >
          {m.submit}
        </Button>
        <Button component={Link} to="/messaging/campaigns" variant="subtle" data-testid="campaign-back">
          {m.back}
        </Button>
      </Group>
    </form>
  );
}

const reachMessages = {
  fa: {
    recipients: 'گیرندگان',
    optedOut: 'انصراف‌داده (فرستاده نمی‌شود)',
    parts: 'بخش هر پیامک',
    characters: 'نویسه',
    encodingUcs: 'فارسی',
    encodingGsm: 'لاتین',
    cost: 'بهای تقریبی',
    rials: 'ریال',
    noPrice: 'بهای هر بخش در حساب پیامک تعیین نشده است',
    figures: 'دسترسی و بها',
  },
  en: {
    recipients: 'Recipients',
    optedOut: 'Opted out (not sent to)',
    parts: 'Parts per SMS',
    characters: 'characters',
    encodingUcs: 'Persian',
    encodingGsm: 'Latin',
    cost: 'Estimated cost',
    rials: 'rials',
    noPrice: 'The SMS account has no price per part',
    figures: 'Reach and cost',
  },
};

/** The API's preview in figures: recipients, the opted-out left out, parts (and characters), cost in rials. */
export function ReachFigures({ preview }: { preview: NonNullable<CampaignDetail['preview']> }) {
  const m = useMessages(reachMessages);
  const { language } = useI18n();
  const figures: { label: string; value: string; note?: string; testId: string; raw: number | null }[] = [
    {
      label: m.recipients,
      value: formatNumber(preview.recipients, language),
      testId: 'campaign-preview-recipients',
      raw: preview.recipients,
    },
    {
      label: m.optedOut,
      value: formatNumber(preview.optedOut, language),
      testId: 'campaign-preview-opted-out',
      raw: preview.optedOut,
    },
    {
      label: m.parts,
      value: formatNumber(preview.parts, language),
      note: `${formatNumber(preview.characters, language)} ${m.characters}${listSeparator(language)}${
        preview.encoding === 'GSM-7' ? m.encodingGsm : m.encodingUcs
      }`,
      testId: 'campaign-preview-parts',
      raw: preview.parts,
    },
    {
      label: m.cost,
      value: preview.cost == null ? '—' : `${formatNumber(preview.cost, language)} ${m.rials}`,
      ...(preview.cost == null ? { note: m.noPrice } : {}),
      testId: 'campaign-preview-cost',
      raw: preview.cost,
    },
  ];
  return (
    <SimpleGrid component="dl" cols={{ base: 1, xs: 2 }} spacing={6} verticalSpacing={6} m={0} aria-label={m.figures}>
      {figures.map((f) => (
        <Paper key={f.testId} withBorder p="xs">
          <Text component="dt" size="xs" c="dimmed">
            {f.label}
          </Text>
          <Text component="dd" m={0} data-testid={f.testId} data-value={f.raw ?? ''}>
            <Text component="span" fw={700} display="block">
              {f.value}
            </Text>
            {f.note ? (
              <Text component="span" size="xs" c="dimmed" display="block">
                {f.note}
              </Text>
            ) : null}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
