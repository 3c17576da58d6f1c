import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useClient } from 'urql';
import { localDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { Section } from '../../ui/Section.js';
import { focusNext } from '../../ui/shortcuts.js';
import type { AttemptDone } from './SurveyAttempt.js';
import { NextSurveyQuery, type SurveyCall } from './survey.queries.js';
import { mobileShown, surveyWord, surveyWords } from './surveyWords.js';
import { useTakeSurvey } from './useTakeSurvey.js';

const messages = {
  fa: {
    title: 'تماس با مشترک',
    dial: 'این شماره را بگیرید',
    dialLabel: 'تماس با {number}',
    held: 'این نظرسنجی تا نیم ساعت در دست شماست و همکار دیگری با این مشترک تماس نمی‌گیرد؛ هر پاسخ، این زمان را تازه می‌کند.',
    masked: 'شمارهٔ مشترک',
    start: 'شروع تماس',
    startHint: 'با «شروع تماس» شمارهٔ کامل برای شما نمایان می‌شود (در گزارش ممیزی ثبت می‌شود).',
    resume: 'ادامهٔ تماس',
    cannot: 'تماس گرفتن با نقش کارشناس نظرسنجی است؛ شما این نظرسنجی را فقط می‌بینید.',
    bySms: 'این نظرسنجی با پیوند پیامکی از مشترک پرسیده می‌شود، نه با تماس.',
    ended: 'این نظرسنجی پایان یافته است: {status}.',
    completedTitle: 'پاسخ‌ها ثبت شد',
    reopened: 'مشترک گفت مشکل برطرف نشده است: درخواست بازگشایی شد و پروندهٔ پیگیری «رفع نشده» برای آن گشوده شد.',
    notReopened: 'مشترک رفع مشکل را تأیید کرد؛ درخواست همچنان رفع‌شده می‌ماند.',
    attemptTitle: 'تماس ثبت شد: {outcome}',
    retryAt: 'نوبت تماس دوباره:',
    endedBy: 'این نظرسنجی پایان یافت: {status}.',
    next: 'نظرسنجی بعدی',
    noNext: 'فعلاً تماس دیگری در نوبت نیست.',
    list: 'فهرست تماس‌ها',
  },
  en: {
    title: 'Calling the customer',
    dial: 'Dial this number',
    dialLabel: 'Call {number}',
    held: 'This survey is yours for half an hour and no colleague calls this customer meanwhile; each answer renews the time.',
    masked: 'Customer’s number',
    start: 'Start the call',
    startHint: '«Start the call» shows you the full number (recorded in the audit trail).',
    resume: 'Resume the call',
    cannot: 'Calling is the survey officer’s: you can only view this survey.',
    bySms: 'This survey asks the customer by an SMS link, not by a call.',
    ended: 'This survey has ended: {status}.',
    completedTitle: 'Answers recorded',
    reopened:
      'The customer said the problem is not fixed: the request was reopened and a “not fixed” follow-up case opened on it.',
    notReopened: 'The customer confirmed the fix; the request stays resolved.',
    attemptTitle: 'Call recorded: {outcome}',
    retryAt: 'Next call due:',
    endedBy: 'This survey has ended: {status}.',
    next: 'Next survey',
    noNext: 'No other call is due now.',
    list: 'Calls to make',
  },
};

/**
 * The number to dial: once taken by this officer, the full number large as a `tel:` link (a tap calls it from a
 * phone or a softphone); before that, the masked number and «شروع تماس». A survey another officer holds is refused
 * with the server's words (CONFLICT).
 */
export function CallPanel({
  survey,
  canConduct,
  onTaken,
}: {
  survey: SurveyCall;
  canConduct: boolean;
  onTaken: (survey: SurveyCall) => void;
}) {
  const m = useMessages(messages);
  const w = useMessages(surveyWords);
  const { language } = useI18n();
  const take = useTakeSurvey();
  const masked = survey.mobileMasked ? (
    <bdi dir="ltr" data-testid="survey-mobile-masked">
      {localDigits(survey.mobileMasked, language)}
    </bdi>
  ) : (
    w.none
  );
  if (survey.status !== 'PENDING')
    return (
      <Section id="survey-call" title={m.title} data-testid="survey-call">
        <Text size="sm">
          {m.masked}: {masked}
        </Text>
        <Text size="sm" mt={4} data-testid="survey-ended">
          {m.ended.replace('{status}', surveyWord(w, 'status', survey.status))}
        </Text>
      </Section>
    );
  if (survey.takenByMe && survey.mobileToCall) {
    const number = mobileShown(survey.mobileToCall, language);
    return (
      <Section id="survey-call" title={m.title} data-testid="survey-call">
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {m.dial}
          </Text>
          <Anchor
            href={`tel:${survey.mobileToCall}`}
            className="ltr-value"
            fw={800}
            fz="clamp(1.75rem, 7vw, 2.5rem)"
            style={{ whiteSpace: 'nowrap', letterSpacing: '0.03em', alignSelf: 'flex-start' }}
            aria-label={m.dialLabel.replace('{number}', number)}
            data-testid="survey-mobile"
            data-mobile={survey.mobileToCall}
          >
            {number}
          </Anchor>
          <Text size="sm" c="dimmed">
            {m.held}
          </Text>
        </Stack>
      </Section>
    );
  }
  return (
    <Section id="survey-call" title={m.title} data-testid="survey-call">
      <Stack gap="xs">
        <Text size="sm">
          {m.masked}: {masked}
        </Text>
        {survey.method !== 'PHONE' ? (
          <Text size="sm">{m.bySms}</Text>
        ) : canConduct ? (
          <>
            <Group gap="sm">
              <Button
                size="md"
                loading={take.taking === survey.id}
                onClick={async () => {
                  const outcome = await take.start(survey.id);
                  if (outcome.ok) onTaken(outcome.data);
                }}
                data-testid="survey-take"
              >
                {survey.takenByMe ? m.resume : m.start}
              </Button>
            </Group>
            <Text size="sm" c="dimmed">
              {m.startHint}
            </Text>
            <FormError data-testid="survey-take-error">{take.error}</FormError>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {m.cannot}
          </Text>
        )}
      </Stack>
    </Section>
  );
}

/**
 * What the call came to, at the top of the page once recorded: the answers kept and whether the request was reopened,
 * or the call recorded with when it is tried again (or that the survey ended) — and the next survey of the worklist.
 */
export function AttemptResult({ done }: { done: AttemptDone }) {
  const m = useMessages(messages);
  const w = useMessages(surveyWords);
  const [shown, setShown] = useState(true);
  useEffect(() => {
    focusNext(noticeSelector);
  }, []);
  const s = done.survey;
  const completed = done.outcome === 'COMPLETED';
  return (
    <Stack gap="xs" data-testid="survey-result" data-outcome={done.outcome} data-reopened={done.reopened}>
      {shown ? (
        completed ? (
          <Notice
            onClose={() => setShown(false)}
            title={m.completedTitle}
            color={done.reopened ? 'orange' : 'teal'}
            data-testid="survey-result-notice"
          >
            {done.reopened ? m.reopened : m.notReopened}
          </Notice>
        ) : (
          <Notice
            onClose={() => setShown(false)}
            title={m.attemptTitle.replace('{outcome}', surveyWord(w, 'outcome', done.outcome))}
            data-testid="survey-result-notice"
          >
            {s.status === 'PENDING' ? (
              <>
                {m.retryAt} <JalaliDate value={s.nextAttemptAt} />
              </>
            ) : (
              m.endedBy.replace('{status}', surveyWord(w, 'status', s.status))
            )}
          </Notice>
        )
      ) : null}
      <NextSurvey current={s.id} />
    </Stack>
  );
}

/** «نظرسنجی بعدی»: takes the first survey due other than this one and opens it (the next, if a colleague has it). */
function NextSurvey({ current }: { current: string }) {
  const m = useMessages(messages);
  const client = useClient();
  const navigate = useNavigate();
  const take = useTakeSurvey();
  const [none, setNone] = useState(false);
  const [looking, setLooking] = useState(false);
  const next = async () => {
    setLooking(true);
    setNone(false);
    take.clearError();
    const result = await client.query(NextSurveyQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    const ids = (result.data?.surveyWorklist ?? []).map((s) => s.id).filter((id) => id !== current);
    for (const id of ids) {
      const outcome = await take.start(id);
      if (outcome.ok) {
        setLooking(false);
        return;
      }
      if (outcome.error?.code !== 'CONFLICT') break;
    }
    setLooking(false);
    if (!result.error && ids.length === 0) setNone(true);
    else if (ids.length === 0) navigate('/surveys');
  };
  return (
    <Stack gap={4}>
      <Group gap="sm">
        <Button onClick={() => void next()} loading={looking} data-testid="survey-next">
          {m.next}
        </Button>
        <Anchor component={Link} to="/surveys">
          {m.list}
        </Anchor>
      </Group>
      {none ? (
        <Alert color="blue" variant="light" data-testid="survey-no-next">
          {m.noNext}
        </Alert>
      ) : null}
      <FormError>{take.error}</FormError>
    </Stack>
  );
}
