import { Alert, Paper, Stack, Stepper, Text } from '@mantine/core';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';

const messages = {
  fa: {
    title: 'شکایت شما',
    code: 'کد پیگیری شکایت',
    subject: 'موضوع',
    received: 'زمان دریافت',
    due: 'این مرحله تا این زمان انجام می‌شود:',
    response: 'پاسخ شرکت',
    appealed: 'شکایت شما در سطح بالاتر دوباره بررسی می‌شود.',
    stages: 'مراحل رسیدگی',
    'subject.unit_work': 'کار واحد اجرایی',
    'subject.employee_conduct': 'رفتار کارکنان',
    'subject.bill': 'قبض',
    'subject.centre': 'مرکز تماس',
    'subject.other': 'دیگر',
  },
  en: {
    title: 'Your complaint',
    code: 'Complaint tracking code',
    subject: 'Subject',
    received: 'Received',
    due: 'This stage is due by:',
    response: 'The company’s response',
    appealed: 'Your complaint is being looked into again at a higher level.',
    stages: 'How it is handled',
    'subject.unit_work': 'An operational unit’s work',
    'subject.employee_conduct': 'An employee’s conduct',
    'subject.bill': 'A bill',
    'subject.centre': 'The contact centre',
    'subject.other': 'Other',
  },
};

/** What the status route answers for a complaint's link or its code and mobile (never internal notes). */
export interface ComplaintStatusBody {
  kind: 'complaint';
  trackingCode: string;
  subject: 'unit_work' | 'employee_conduct' | 'bill' | 'centre' | 'other';
  stage: string;
  stages: { stage: string; state: 'done' | 'current' | 'next'; label: { fa: string; en: string } }[];
  stageDueAt: string | null;
  receivedAt: string;
  response: string | null;
  appealed: boolean;
}

/** A complaint on the tracking page: its ISO 10002 stages as steps, the current one's deadline, the response. */
export function ComplaintStatus({ status }: { status: ComplaintStatusBody }) {
  const m = useMessages(messages);
  const pick = useBilingual();
  const { language } = useI18n();
  const active = status.stages.findIndex((s) => s.state === 'current');
  return (
    <Paper withBorder p="md" data-testid="track-complaint-result" aria-live="polite">
      <Stack gap="sm">
        <Text fw={700}>{m.title}</Text>
        <Text>
          {m.code}: <TrackingCodeText code={status.trackingCode} />
        </Text>
        <Text>
          {m.subject}: {m[`subject.${status.subject}`]}
        </Text>
        <Text>
          {m.received}: <JalaliDate value={status.receivedAt} />
        </Text>
        {status.appealed ? <Alert color="blue">{m.appealed}</Alert> : null}
        <Text fw={600} id="complaint-stages">
          {m.stages}
        </Text>
        <Stepper
          active={active === -1 ? status.stages.length : active}
          orientation="vertical"
          size="sm"
          aria-labelledby="complaint-stages"
          data-testid="complaint-stages"
          allowNextStepsSelect={false}
        >
          {status.stages.map((s) => (
            <Stepper.Step
              key={s.stage}
              label={pick(s.label.fa, s.label.en)}
              data-state={s.state}
              description={
                s.state === 'current' && status.stageDueAt ? (
                  <>
                    {m.due} <JalaliDate value={status.stageDueAt} />
                  </>
                ) : undefined
              }
            />
          ))}
        </Stepper>
        {status.response ? (
          <Alert color="green" title={m.response} data-testid="complaint-response">
            <Text dir={language === 'fa' ? 'rtl' : 'ltr'}>{status.response}</Text>
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}
