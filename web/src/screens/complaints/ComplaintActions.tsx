import { Alert, Button, Group, NativeSelect, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useRef, useState } from 'react';
import { displayText, formatNumber, normalizePersian } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { useUnitOptions } from '../../ui/options.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import {
  ActOnComplaintMutation,
  type ComplaintAction,
  type ComplaintDetailData,
  type ComplaintSeverity,
  complaintSeverities,
} from './operations.js';
import { actionName, complaintWord, complaintWords } from './words.js';

const messages = {
  fa: {
    actions: 'اقدام‌ها',
    severity: 'شدت شکایت',
    unit: 'واحد مسئول رسیدگی',
    chooseUnit: 'انتخاب کنید',
    response: 'پاسخ به شاکی',
    responseHint: 'همان‌گونه که شاکی در پیامک و صفحهٔ پیگیری می‌خواند.',
    characters: 'نویسه',
    of: 'از',
    tooLong: 'بیش از حد طولانی است',
    satisfaction: 'رضایت شاکی از رسیدگی (اختیاری)',
    satisfactionNone: 'نگفت',
    satisfactionHint: '۱ یعنی هیچ راضی نیست و ۵ یعنی کاملاً راضی است.',
    noteRequired: 'یادداشت (درونی؛ شاکی نمی‌بیند)',
    noteOptional: 'یادداشت درونی (اختیاری)',
    appealNote: 'چرا شکایت در سطح بالاتر بررسی می‌شود',
    reopenNote: 'چه چیز تازه‌ای آمده است',
    confirm: 'انجام',
    confirmCommunicate: 'این پاسخ با پیامک به {mobile} فرستاده می‌شود و در صفحهٔ پیگیری شاکی دیده می‌شود. فرستاده شود؟',
    confirmCommunicateNoMobile: 'برای شاکی شمارهٔ همراهی ثبت نشده است: پاسخ تنها در صفحهٔ پیگیری او دیده می‌شود. ثبت شود؟',
    yesCommunicate: 'بله، فرستاده شود',
    confirmClose: 'شکایت بسته شود؟ تا ۳۰ روز پس از بستن، تجدیدنظر یا بازگشایی ممکن است.',
    confirmSatisfaction: 'رضایت شاکی:',
    yesClose: 'بله، بسته شود',
    no: 'نه',
    done: 'اقدام ثبت شد.',
    conflict: 'شکایت در این میان تغییر کرده است:',
    reload: 'بارگذاری دوبارهٔ شکایت',
  },
  en: {
    actions: 'Actions',
    severity: 'Severity',
    unit: 'Unit responsible',
    chooseUnit: 'Choose',
    response: 'The response to the complainant',
    responseHint: 'As the complainant will read it by SMS and on the tracking page.',
    characters: 'characters',
    of: 'of',
    tooLong: 'Too long',
    satisfaction: 'The complainant’s satisfaction (optional)',
    satisfactionNone: 'Not given',
    satisfactionHint: '1 is not satisfied at all, 5 fully satisfied.',
    noteRequired: 'Note (internal; the complainant never sees it)',
    noteOptional: 'Internal note (optional)',
    appealNote: 'Why it is looked into a level up',
    reopenNote: 'What is new',
    confirm: 'Do it',
    confirmCommunicate: 'The response goes by SMS to {mobile} and shows on the complainant’s tracking page. Send it?',
    confirmCommunicateNoMobile:
      'No mobile was recorded for the complainant: the response shows on their tracking page only. Record it?',
    yesCommunicate: 'Yes, send it',
    confirmClose: 'Close the complaint? It can be appealed or reopened within 30 days of closing.',
    confirmSatisfaction: 'Satisfaction:',
    yesClose: 'Yes, close it',
    no: 'No',
    done: 'The action was recorded.',
    conflict: 'The complaint changed meanwhile:',
    reload: 'Reload the complaint',
  },
};
type Words = (typeof messages)['fa'];

/** The response's limit, as the API allows. */
export const responseLimit = 2000;
/** The actions in the order of the work. */
const order: ComplaintAction[] = [
  'ACKNOWLEDGE',
  'ASSESS',
  'INVESTIGATE',
  'DECIDE_RESPONSE',
  'COMMUNICATE_RESPONSE',
  'CLOSE',
  'APPEAL',
  'REOPEN',
  'NOTE',
];
const needsNote: ComplaintAction[] = ['APPEAL', 'REOPEN', 'NOTE'];
const confirmed: ComplaintAction[] = ['COMMUNICATE_RESPONSE', 'CLOSE'];
const noteLabel: Partial<Record<ComplaintAction, keyof Words>> = {
  APPEAL: 'appealNote',
  REOPEN: 'reopenNote',
  NOTE: 'noteRequired',
};

/**
 * What the complaint handler may do now: only `allowedActions`, each with what it asks for (ASSESS the severity and
 * unit, DECIDE_RESPONSE the response with its count, CLOSE the satisfaction, APPEAL / REOPEN / NOTE a note), sending
 * an SMS or closing after a confirmation. Errors beside the field the API names; a conflict (someone moved the
 * complaint meanwhile) with a reload. The form keeps what was typed whatever happens.
 */
export function ComplaintActions({
  complaint,
  onChanged,
  onReload,
}: {
  complaint: ComplaintDetailData;
  onChanged: (next: ComplaintDetailData) => void;
  onReload: () => void;
}) {
  const m = useMessages(messages);
  const w = useMessages(complaintWords);
  const { t, language } = useI18n();
  const units = useUnitOptions();
  const [action, setAction] = useState<ComplaintAction | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (action)
      formRef.current
        ?.querySelector<HTMLElement>('input:not([type="hidden"]), textarea, select, button[type="submit"]')
        ?.focus();
  }, [action]);
  const form = useForm({
    initialValues: { note: '', severity: '', unitId: '', response: '', satisfaction: '' },
    validate: {
      note: (v) => (action && needsNote.includes(action) && !v.trim() ? t('fieldRequired') : null),
      severity: (v) => (action === 'ASSESS' && !v ? t('fieldRequired') : null),
      response: (v) =>
        action !== 'DECIDE_RESPONSE'
          ? null
          : !v.trim()
            ? t('fieldRequired')
            : v.trim().length > responseLimit
              ? m.tooLong
              : null,
    },
  });
  const act = useMutationWithErrors(ActOnComplaintMutation, (d) => d.actOnComplaint, {
    form,
    fieldMap: {
      'input.note': 'note',
      'input.severity': 'severity',
      'input.unitId': 'unitId',
      'input.response': 'response',
      'input.satisfaction': 'satisfaction',
    },
  });
  const allowed = order.filter((a) => complaint.allowedActions.includes(a));
  if (allowed.length === 0 && !done && !conflict) return null;

  const choose = (name: ComplaintAction) => {
    setDone(false);
    setConfirming(false);
    setConflict(null);
    act.setFormError(null);
    form.clearErrors();
    if (action !== name) {
      form.setValues({
        note: '',
        severity: complaint.severity ?? '',
        unitId: complaint.unit?.id ?? '',
        response: complaint.response ?? '',
        satisfaction: '',
      });
    }
    setAction(action === name ? null : name);
  };

  const submit = form.onSubmit(async (values) => {
    if (!action) return;
    if (confirmed.includes(action) && !confirming) {
      setConfirming(true);
      focusNext('[data-testid="complaint-confirm"]');
      return;
    }
    const outcome = await act.run({
      input: {
        complaintId: complaint.id,
        action,
        ...(values.note.trim() ? { note: normalizePersian(values.note) } : {}),
        ...(action === 'ASSESS'
          ? { severity: values.severity as ComplaintSeverity, ...(values.unitId ? { unitId: values.unitId } : {}) }
          : {}),
        ...(action === 'DECIDE_RESPONSE' ? { response: normalizePersian(values.response) } : {}),
        ...(action === 'CLOSE' && values.satisfaction ? { satisfaction: Number(values.satisfaction) } : {}),
      },
    });
    setConfirming(false);
    if (outcome.ok) {
      setAction(null);
      form.reset();
      setDone(true);
      onChanged(outcome.data);
      focusNext(noticeSelector);
    } else if (outcome.error?.__typename === 'ConflictError' || outcome.error?.__typename === 'NotFoundError') {
      act.setFormError(null);
      setConflict(outcome.message);
    }
  });

  const responseLength = form.values.response.trim().length;
  const label: keyof Words = action ? (noteLabel[action] ?? 'noteOptional') : 'noteOptional';
  const actionLabel = (name: ComplaintAction) => complaintWord(w, 'action', actionName(name));
  return (
    <Section id="complaint-actions-title" title={m.actions} headingGap="sm">
      <Stack gap="sm">
        {done ? <Notice onClose={() => setDone(false)}>{m.done}</Notice> : null}
        {conflict ? (
          <Alert color="orange" role="alert" data-testid="complaint-conflict">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                {m.conflict} {conflict}
              </Text>
              <Button
                variant="light"
                color="orange.9"
                onClick={() => {
                  setConflict(null);
                  setAction(null);
                  onReload();
                }}
                data-testid="complaint-reload"
              >
                {m.reload}
              </Button>
            </Stack>
          </Alert>
        ) : null}
        {allowed.length ? (
          <Group gap="xs" data-testid="complaint-actions">
            {allowed.map((name) => (
              <Button
                key={name}
                variant={action === name ? 'filled' : 'light'}
                color={name === 'CLOSE' ? (action === name ? 'red.9' : 'red') : undefined}
                aria-pressed={action === name}
                aria-expanded={action === name}
                onClick={() => choose(name)}
                data-testid={`complaint-action-${name}`}
              >
                {actionLabel(name)}
              </Button>
            ))}
          </Group>
        ) : null}
        {action ? (
          <form
            ref={formRef}
            onSubmit={submit}
            onKeyDown={formKeys()}
            noValidate
            aria-label={actionLabel(action)}
            data-testid="complaint-action-form"
            data-action={action}
          >
            <Stack gap="sm">
              {action === 'ASSESS' ? (
                <>
                  <Radio.Group
                    label={m.severity}
                    required
                    {...form.getInputProps('severity')}
                    data-testid="complaint-severity"
                  >
                    <Group gap="md" mt={6}>
                      {complaintSeverities.map((s) => (
                        <Radio
                          key={s}
                          value={s}
                          label={complaintWord(w, 'severity', s)}
                          data-testid={`complaint-severity-${s}`}
                        />
                      ))}
                    </Group>
                  </Radio.Group>
                  <NativeSelect
                    label={m.unit}
                    required
                    data={[{ value: '', label: m.chooseUnit }, ...units.options]}
                    {...form.getInputProps('unitId')}
                    data-testid="complaint-assess-unit"
                  />
                </>
              ) : null}
              {action === 'DECIDE_RESPONSE' ? (
                <Textarea
                  label={m.response}
                  required
                  autosize
                  minRows={4}
                  description={
                    <span data-testid="complaint-response-count" data-length={responseLength}>
                      {formatNumber(responseLength, language)} {m.of} {formatNumber(responseLimit, language)}{' '}
                      {m.characters} — {m.responseHint}
                    </span>
                  }
                  {...form.getInputProps('response')}
                  data-testid="complaint-response"
                />
              ) : null}
              {action === 'CLOSE' ? (
                <Radio.Group
                  label={m.satisfaction}
                  description={m.satisfactionHint}
                  {...form.getInputProps('satisfaction')}
                  data-testid="complaint-satisfaction"
                >
                  <Group gap="md" mt={6}>
                    <Radio value="" label={m.satisfactionNone} data-testid="complaint-satisfaction-none" />
                    {[1, 2, 3, 4, 5].map((n) => (
                      <Radio
                        key={n}
                        value={String(n)}
                        label={formatNumber(n, language)}
                        data-testid={`complaint-satisfaction-${n}`}
                      />
                    ))}
                  </Group>
                </Radio.Group>
              ) : null}
              <Textarea
                label={m[label]}
                required={needsNote.includes(action)}
                autosize
                minRows={2}
                {...form.getInputProps('note')}
                data-testid="complaint-note"
              />
              <FormError>{act.formError}</FormError>
              {confirming ? (
                <Stack gap={6} role="group" aria-label={actionLabel(action)} data-testid="complaint-confirmation">
                  {action === 'COMMUNICATE_RESPONSE' && complaint.response ? (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="complaint-confirm-response">
                      «{displayText(complaint.response, language)}»
                    </Text>
                  ) : null}
                  <Text size="sm" fw={600}>
                    {action === 'CLOSE'
                      ? m.confirmClose
                      : complaint.complainantMobileMasked
                        ? m.confirmCommunicate.split('{mobile}').flatMap((part, i) =>
                            i === 0
                              ? [part]
                              : [
                                  <bdi dir="ltr" key="mobile" data-testid="complaint-confirm-mobile">
                                    {displayText(complaint.complainantMobileMasked ?? '', language)}
                                  </bdi>,
                                  part,
                                ],
                          )
                        : m.confirmCommunicateNoMobile}
                    {action === 'CLOSE' && form.values.satisfaction
                      ? ` ${m.confirmSatisfaction} ${formatNumber(Number(form.values.satisfaction), language)}`
                      : ''}
                  </Text>
                  <Group gap="xs">
                    <Button
                      type="submit"
                      color={action === 'CLOSE' ? 'red.9' : undefined}
                      loading={act.fetching}
                      data-testid="complaint-confirm"
                    >
                      {action === 'CLOSE' ? m.yesClose : m.yesCommunicate}
                    </Button>
                    <Button variant="subtle" onClick={() => setConfirming(false)}>
                      {m.no}
                    </Button>
                  </Group>
                </Stack>
              ) : (
                <FormButtons
                  gap="xs"
                  label={`${actionLabel(action)} — ${m.confirm}`}
                  loading={act.fetching}
                  submitTestId="complaint-action-submit"
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
