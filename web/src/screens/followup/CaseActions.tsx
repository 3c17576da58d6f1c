import { Alert, Button, Group, Radio, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useRef, useState } from 'react';
import { displayText, formatNumber } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { parseJalaliDateTime } from '../../ui/jalali.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import {
  ActOnFollowUpCaseMutation,
  AnswerFollowUpCaseMutation,
  type FollowUpAction,
  type FollowUpCaseDetail,
} from './operations.js';
import { followUpWord, followUpWords } from './words.js';

const messages = {
  fa: {
    actions: 'اقدام‌ها',
    'action.ASK_UNIT': 'درخواست از واحد',
    'action.REMIND': 'یادآوری به واحد',
    'action.ACCEPT_ANSWER': 'پذیرفتن پاسخ واحد',
    'action.RETURN_ANSWER': 'بازگرداندن پاسخ واحد',
    'action.CALLBACK': 'تماس با مشترک',
    'action.ANSWER_CUSTOMER': 'پاسخ پیامکی به مشترک',
    'action.NOTE': 'یادداشت',
    'action.ESCALATE': 'ارجاع به سطح بالاتر',
    'action.CLOSE': 'بستن پرونده',
    'action.UNIT_ANSWER': 'پاسخ واحد',
    askNote: 'آنچه از واحد خواسته می‌شود',
    remindNote: 'متن یادآوری',
    acceptNote: 'یادداشت (اختیاری)',
    returnNote: 'چرا پاسخ پذیرفته نشد و چه باید بشود',
    callbackNote: 'شرح تماس (اختیاری)',
    note: 'یادداشت',
    closeNote: 'توضیح (اختیاری)',
    escalateNote: 'چرا به سطح بالاتر می‌رود (اختیاری)',
    agreedDate: 'تاریخ توافق‌شده با واحد',
    agreedTime: 'ساعت',
    timeHint: 'مثلاً ۱۴:۳۰ (به وقت تهران)',
    badDateTime: 'تاریخ یا ساعت درست نیست',
    outcome: 'نتیجهٔ تماس',
    result: 'نتیجهٔ پرونده',
    smsText: 'متن پیامک به مشترک',
    smsHint: 'به شمارهٔ همراه ثبت‌شده در درخواست فرستاده می‌شود.',
    characters: 'نویسه',
    of: 'از',
    tooLong: 'بیش از حد طولانی است',
    confirm: 'انجام',
    confirmClose: 'پرونده با نتیجهٔ «{result}» بسته شود؟ پس از بستن، اقدام دیگری روی آن نمی‌شود.',
    yesClose: 'بله، بسته شود',
    no: 'نه',
    done: 'اقدام ثبت شد.',
    unitAnswered: 'پاسخ واحد برای بررسی:',
    answerTitle: 'پاسخ واحد به مرکز',
    asked: 'آنچه مرکز خواسته است:',
    agreedBy: 'تا زمان توافق‌شده:',
    answerNote: 'آنچه انجام شد',
    answerSubmit: 'فرستادن پاسخ',
    answered: 'پاسخ شما فرستاده شد؛ کارشناس پیگیری آن را بررسی می‌کند.',
  },
  en: {
    actions: 'Actions',
    'action.ASK_UNIT': 'Ask the unit',
    'action.REMIND': 'Remind the unit',
    'action.ACCEPT_ANSWER': 'Accept the unit’s answer',
    'action.RETURN_ANSWER': 'Return the unit’s answer',
    'action.CALLBACK': 'Call the customer back',
    'action.ANSWER_CUSTOMER': 'Answer the customer by SMS',
    'action.NOTE': 'Note',
    'action.ESCALATE': 'Escalate a level up',
    'action.CLOSE': 'Close the case',
    'action.UNIT_ANSWER': 'The unit’s answer',
    askNote: 'What the unit is asked to do',
    remindNote: 'Reminder',
    acceptNote: 'Note (optional)',
    returnNote: 'Why the answer is not accepted and what must be done',
    callbackNote: 'About the call (optional)',
    note: 'Note',
    closeNote: 'Note (optional)',
    escalateNote: 'Why it goes a level up (optional)',
    agreedDate: 'Date agreed with the unit',
    agreedTime: 'Time',
    timeHint: 'e.g. 14:30 (Tehran time)',
    badDateTime: 'Not a valid date or time',
    outcome: 'What the call came to',
    result: 'How the case ended',
    smsText: 'SMS to the customer',
    smsHint: 'Sent to the mobile number recorded with the request.',
    characters: 'characters',
    of: 'of',
    tooLong: 'Too long',
    confirm: 'Do it',
    confirmClose: 'Close the case as “{result}”? Nothing more can be done on it once closed.',
    yesClose: 'Yes, close it',
    no: 'No',
    done: 'The action was recorded.',
    unitAnswered: 'The unit’s answer, to check:',
    answerTitle: 'The unit’s answer to the centre',
    asked: 'What the centre asked:',
    agreedBy: 'By the agreed time:',
    answerNote: 'What was done',
    answerSubmit: 'Send the answer',
    answered: 'Your answer was sent; the follow-up officer will check it.',
  },
};
type Words = (typeof messages)['fa'];

/** At most 5 Persian SMS parts, as the API allows. */
export const smsLimit = 335;
const outcomes = ['REACHED', 'NO_ANSWER', 'BUSY', 'WRONG_NUMBER'] as const;
const results = ['FIXED', 'NOT_OUR_RESPONSIBILITY', 'CUSTOMER_UNREACHABLE', 'DUPLICATE', 'OTHER'] as const;
/** The officer's actions, in the order of the work; the unit's answer has its own form. */
const order: FollowUpAction[] = [
  'ASK_UNIT',
  'REMIND',
  'ACCEPT_ANSWER',
  'RETURN_ANSWER',
  'CALLBACK',
  'ANSWER_CUSTOMER',
  'NOTE',
  'ESCALATE',
  'CLOSE',
];
const needsNote: FollowUpAction[] = ['ASK_UNIT', 'REMIND', 'RETURN_ANSWER', 'NOTE'];
const needsTime: FollowUpAction[] = ['ASK_UNIT', 'RETURN_ANSWER'];
const noteLabel: Partial<Record<FollowUpAction, keyof Words>> = {
  ASK_UNIT: 'askNote',
  REMIND: 'remindNote',
  ACCEPT_ANSWER: 'acceptNote',
  RETURN_ANSWER: 'returnNote',
  CALLBACK: 'callbackNote',
  NOTE: 'note',
  ESCALATE: 'escalateNote',
  CLOSE: 'closeNote',
};

/** The last step of these kinds (what the unit was asked, what it answered). */
function lastStep(kase: FollowUpCaseDetail, kinds: string[]) {
  return [...kase.steps].reverse().find((s) => kinds.includes(s.kind)) ?? null;
}

/**
 * The follow-up officer's actions on a case: only those `allowedActions` offers, each with what it asks for. Errors
 * go beside the field the API names; the form keeps what was typed whatever happens (a lost connection too).
 */
export function CaseActions({
  kase,
  onChanged,
}: {
  kase: FollowUpCaseDetail;
  onChanged: (next: FollowUpCaseDetail) => void;
}) {
  const m = useMessages(messages);
  const w = useMessages(followUpWords);
  const { t, language } = useI18n();
  const [action, setAction] = useState<FollowUpAction | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (action) formRef.current?.querySelector<HTMLElement>('textarea, input, button[type="submit"]')?.focus();
  }, [action]);
  const form = useForm({
    initialValues: { note: '', agreedDate: '', agreedTime: '', outcome: '', text: '', result: '' },
    validate: {
      note: (v) => (action && needsNote.includes(action) && !v.trim() ? t('fieldRequired') : null),
      agreedDate: (v, values) => {
        if (!action || !needsTime.includes(action)) return null;
        if (!v.trim() || !values.agreedTime.trim()) return t('fieldRequired');
        return parseJalaliDateTime(v, values.agreedTime) ? null : m.badDateTime;
      },
      outcome: (v) => (action === 'CALLBACK' && !v ? t('fieldRequired') : null),
      text: (v) =>
        action !== 'ANSWER_CUSTOMER'
          ? null
          : !v.trim()
            ? t('fieldRequired')
            : v.trim().length > smsLimit
              ? m.tooLong
              : null,
      result: (v) => (action === 'CLOSE' && !v ? t('fieldRequired') : null),
    },
  });
  const act = useMutationWithErrors(ActOnFollowUpCaseMutation, (d) => d.actOnFollowUpCase, {
    form,
    fieldMap: { agreedDueAt: 'agreedDate', 'input.agreedDueAt': 'agreedDate', 'input.note': 'note' },
  });
  const allowed = order.filter((a) => kase.allowedActions.includes(a));
  if (allowed.length === 0 && !done) return null;

  const choose = (name: FollowUpAction) => {
    setDone(false);
    setConfirming(false);
    act.setFormError(null);
    form.clearErrors();
    setAction(action === name ? null : name);
  };

  const submit = form.onSubmit(async (values) => {
    if (!action) return;
    if (action === 'CLOSE' && !confirming) {
      setConfirming(true);
      return;
    }
    const outcome = await act.run({
      input: {
        caseId: kase.id,
        action,
        ...(values.note.trim() && action !== 'ANSWER_CUSTOMER' ? { note: values.note } : {}),
        ...(needsTime.includes(action)
          ? { agreedDueAt: parseJalaliDateTime(values.agreedDate, values.agreedTime) }
          : {}),
        ...(action === 'CALLBACK' ? { outcome: values.outcome as (typeof outcomes)[number] } : {}),
        ...(action === 'ANSWER_CUSTOMER' ? { text: values.text } : {}),
        ...(action === 'CLOSE' ? { result: values.result as (typeof results)[number] } : {}),
      },
    });
    setConfirming(false);
    if (outcome.ok) {
      setAction(null);
      form.reset();
      setDone(true);
      onChanged(outcome.data);
      focusNext(noticeSelector);
    }
  });

  const answer = kase.state === 'ANSWERED' ? lastStep(kase, ['UNIT_ANSWER']) : null;
  const textLength = form.values.text.trim().length;
  const label = noteLabel[action ?? 'NOTE'] ?? 'note';
  return (
    <Section id="followup-actions-title" title={m.actions} headingGap="sm">
      <Stack gap="sm">
        {done ? <Notice onClose={() => setDone(false)}>{m.done}</Notice> : null}
        {answer?.note ? (
          <Alert color="grape" variant="light" title={m.unitAnswered} data-testid="followup-unit-answer">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {displayText(answer.note, language)}
            </Text>
          </Alert>
        ) : null}
        {allowed.length ? (
          <Group gap="xs" data-testid="followup-actions">
            {allowed.map((name) => (
              <Button
                key={name}
                variant={action === name ? 'filled' : 'light'}
                color={name === 'CLOSE' ? (action === name ? 'red.9' : 'red') : undefined}
                aria-pressed={action === name}
                onClick={() => choose(name)}
                data-testid={`followup-action-${name}`}
              >
                {m[`action.${name}` as keyof Words]}
              </Button>
            ))}
          </Group>
        ) : null}
        {action ? (
          <form ref={formRef} onSubmit={submit} onKeyDown={formKeys()} noValidate data-testid="followup-action-form">
            <Stack gap="sm">
              {action === 'CALLBACK' ? (
                <Radio.Group
                  label={m.outcome}
                  required
                  {...form.getInputProps('outcome')}
                  data-testid="followup-outcome"
                >
                  <Group gap="md" mt={6}>
                    {outcomes.map((o) => (
                      <Radio
                        key={o}
                        value={o}
                        label={followUpWord(w, 'outcome', o)}
                        data-testid={`followup-outcome-${o}`}
                      />
                    ))}
                  </Group>
                </Radio.Group>
              ) : null}
              {action === 'CLOSE' ? (
                <Radio.Group label={m.result} required {...form.getInputProps('result')} data-testid="followup-result">
                  <Stack gap={6} mt={6}>
                    {results.map((r) => (
                      <Radio
                        key={r}
                        value={r}
                        label={followUpWord(w, 'result', r)}
                        data-testid={`followup-result-${r}`}
                      />
                    ))}
                  </Stack>
                </Radio.Group>
              ) : null}
              {action === 'ANSWER_CUSTOMER' ? (
                <Textarea
                  label={m.smsText}
                  required
                  autosize
                  minRows={3}
                  description={
                    <span data-testid="followup-sms-count" data-length={textLength}>
                      {formatNumber(textLength, language)} {m.of} {formatNumber(smsLimit, language)} {m.characters} —{' '}
                      {m.smsHint}
                    </span>
                  }
                  {...form.getInputProps('text')}
                  data-testid="followup-text"
                />
              ) : (
                <Textarea
                  label={m[label]}
                  required={needsNote.includes(action)}
                  autosize
                  minRows={2}
                  {...form.getInputProps('note')}
                  data-testid="followup-note"
                />
              )}
              {needsTime.includes(action) ? (
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                  <TextInput
                    label={m.agreedDate}
                    required
                    description={t('jalaliDateHint')}
                    dir="ltr"
                    inputMode="numeric"
                    autoComplete="off"
                    {...form.getInputProps('agreedDate')}
                    data-testid="followup-agreed-date"
                  />
                  <TextInput
                    label={m.agreedTime}
                    required
                    description={m.timeHint}
                    dir="ltr"
                    inputMode="numeric"
                    autoComplete="off"
                    {...form.getInputProps('agreedTime')}
                    data-testid="followup-agreed-time"
                  />
                </SimpleGrid>
              ) : null}
              <FormError>{act.formError}</FormError>
              {confirming ? (
                <Stack gap={6} role="group" aria-label={m['action.CLOSE']} data-testid="followup-close-confirmation">
                  <Text size="sm" fw={600}>
                    {m.confirmClose.replace('{result}', followUpWord(w, 'result', form.values.result))}
                  </Text>
                  <Group gap="xs">
                    <Button type="submit" color="red.9" loading={act.fetching} data-testid="followup-close-confirm">
                      {m.yesClose}
                    </Button>
                    <Button variant="subtle" onClick={() => setConfirming(false)}>
                      {m.no}
                    </Button>
                  </Group>
                </Stack>
              ) : (
                <FormButtons
                  gap="xs"
                  label={`${m[`action.${action}` as keyof Words]} — ${m.confirm}`}
                  loading={act.fetching}
                  submitTestId="followup-action-submit"
                  onCancel={() => setAction(null)}
                />
              )}
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Section>
  );
}

/** The unit's answer (`answerFollowUpCase`) when the case waits for it: what was asked, by when, and what was done. */
export function UnitAnswer({
  kase,
  onChanged,
}: {
  kase: FollowUpCaseDetail;
  onChanged: (next: FollowUpCaseDetail) => void;
}) {
  const m = useMessages(messages);
  const { t, language } = useI18n();
  const [done, setDone] = useState(false);
  const form = useForm({
    initialValues: { note: '' },
    validate: { note: (v) => (v.trim() ? null : t('fieldRequired')) },
  });
  const answer = useMutationWithErrors(AnswerFollowUpCaseMutation, (d) => d.answerFollowUpCase, { form });
  const waiting = kase.allowedActions.includes('UNIT_ANSWER');
  if (!waiting && !done) return null;
  const asked = lastStep(kase, ['ASK_UNIT', 'RETURN_ANSWER', 'REMIND']);
  return (
    <Section
      id="followup-answer-title"
      title={m.answerTitle}
      headingGap="sm"
      style={{ borderColor: 'var(--mantine-color-orange-7)', borderWidth: 2 }}
      data-testid="followup-answer-section"
    >
      <Stack gap="sm">
        {done ? (
          <Notice onClose={() => setDone(false)} data-testid="followup-answered">
            {m.answered}
          </Notice>
        ) : null}
        {waiting ? (
          <>
            {asked?.note ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="followup-asked">
                <Text span fw={600}>
                  {m.asked}
                </Text>{' '}
                {displayText(asked.note, language)}
              </Text>
            ) : null}
            {kase.agreedDueAt ? (
              <Text size="sm">
                <Text span fw={600}>
                  {m.agreedBy}
                </Text>{' '}
                <JalaliDate value={kase.agreedDueAt} />
              </Text>
            ) : null}
            <form
              noValidate
              onKeyDown={formKeys()}
              onSubmit={form.onSubmit(async (values) => {
                const outcome = await answer.run({ caseId: kase.id, note: values.note });
                if (outcome.ok) {
                  form.reset();
                  setDone(true);
                  onChanged(outcome.data);
                  focusNext(noticeSelector);
                }
              })}
              data-testid="followup-answer-form"
            >
              <Stack gap="sm">
                <Textarea
                  label={m.answerNote}
                  required
                  autosize
                  minRows={3}
                  {...form.getInputProps('note')}
                  data-testid="followup-answer-note"
                />
                <FormError>{answer.formError}</FormError>
                <FormButtons label={m.answerSubmit} loading={answer.fetching} submitTestId="followup-answer-submit" />
              </Stack>
            </form>
          </>
        ) : null}
      </Stack>
    </Section>
  );
}
