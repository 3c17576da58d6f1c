import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { listSeparator, normalizePersian } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { errorMessage } from '../../ui/errors.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { Section } from '../../ui/Section.js';
import { focusNext } from '../../ui/shortcuts.js';
import { type AttemptOutcome, RecordSurveyAttemptMutation, type SurveyCall } from './survey.queries.js';
import { measureLabel, scoredMeasures, surveyWord, surveyWords } from './surveyWords.js';
import { answerInput, type SurveyAnswers } from './useSurveyAnswers.js';

const messages = {
  fa: {
    title: 'نتیجهٔ تماس',
    note: 'یادداشت تماس',
    noteHint: 'اختیاری؛ مثلاً «گفت عصر تماس بگیرید».',
    unanswered: 'اگر تماس به گفت‌وگو نرسید:',
    complete: 'ثبت پاسخ‌ها',
    completeHint: 'وقتی همهٔ پرسش‌های امتیازی پاسخ گرفت فعال می‌شود.',
    waiting: 'هنوز بی‌پاسخ:',
    notFixedTitle: 'مشترک می‌گوید مشکل برطرف نشده است',
    notFixed:
      'با «ثبت پاسخ‌ها» درخواست بازگشایی می‌شود و پروندهٔ پیگیری «رفع نشده» برای آن گشوده می‌شود. سخن مشترک را در پرسش توضیح بنویسید تا به واحد برسد.',
    confirmEnd: 'این نظرسنجی با «{outcome}» پایان می‌یابد و دیگر تماسی گرفته نمی‌شود. ثبت شود؟',
    confirm: 'بله، ثبت شود',
    cancel: 'انصراف',
  },
  en: {
    title: 'How the call went',
    note: 'Call note',
    noteHint: 'Optional, e.g. “asked to be called in the evening”.',
    unanswered: 'If the call did not reach a conversation:',
    complete: 'Record the answers',
    completeHint: 'Enabled once every scored question is answered.',
    waiting: 'Still unanswered:',
    notFixedTitle: 'The customer says the problem is not fixed',
    notFixed:
      '«Record the answers» will reopen the request and open a “not fixed” follow-up case on it. Write the customer’s words in the comment so they reach the unit.',
    confirmEnd: 'This survey ends as “{outcome}” and nobody calls again. Record it?',
    confirm: 'Yes, record it',
    cancel: 'Cancel',
  },
};

/** The calls that did not reach a conversation; the last two end the survey, so they are confirmed first. */
const failedCalls: AttemptOutcome[] = ['NO_ANSWER', 'BUSY', 'REFUSED', 'WRONG_NUMBER'];
const ending: AttemptOutcome[] = ['REFUSED', 'WRONG_NUMBER'];

export interface AttemptDone {
  outcome: AttemptOutcome;
  reopened: boolean;
  survey: SurveyCall;
}

/**
 * «نتیجهٔ تماس»: what the call came to — بی‌پاسخ، اشغال (tried again later), امتناع، شماره اشتباه (these two end it,
 * confirmed first), each with an optional note — or «ثبت پاسخ‌ها», enabled once every scored question is answered.
 * A "not fixed" answer says plainly what completing will do. The API's refusals go beside the field they name: an
 * answer beside its question (`onFieldErrors`), the note beside the note, the rest (CONFLICT) above the buttons.
 */
export function SurveyAttempt({
  survey,
  answers,
  onDone,
  onFieldErrors,
}: {
  survey: SurveyCall;
  answers: SurveyAnswers;
  onDone: (done: AttemptDone) => void;
  onFieldErrors: (errors: Record<string, string>) => void;
}) {
  const m = useMessages(messages);
  const w = useMessages(surveyWords);
  const { language } = useI18n();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<AttemptOutcome | null>(null);
  const [running, setRunning] = useState<AttemptOutcome | null>(null);
  const record = useMutationWithErrors(RecordSurveyAttemptMutation, (d) => d.recordSurveyAttempt);
  const questions = survey.questionnaire.questions;
  const missing = questions.filter(
    (q) => scoredMeasures.includes(q.measure) && (answers.values[q.key] === undefined || answers.values[q.key] === ''),
  );
  const fixedQuestion = questions.find((q) => q.measure === 'FIXED');
  const notFixed = fixedQuestion ? answers.values[fixedQuestion.key] === false : false;

  const run = async (outcome: AttemptOutcome) => {
    setConfirming(null);
    setNoteError(null);
    onFieldErrors({});
    setRunning(outcome);
    if (outcome === 'COMPLETED') await answers.settle(questions);
    const given = outcome === 'COMPLETED' ? questions.filter((q) => answers.values[q.key] !== undefined) : [];
    const result = await record.run({
      input: {
        surveyId: survey.id,
        outcome,
        note: normalizePersian(note).trim() || null,
        ...(given.length ? { answers: given.map((q) => answerInput(q, answers.values[q.key])) } : {}),
      },
    });
    setRunning(null);
    if (result.ok) {
      setNote('');
      onDone({ outcome, reopened: result.data.reopened, survey: result.data.survey });
      return;
    }
    const field = result.error?.field?.replace(/^input\./, '') ?? null;
    if (field === 'note') {
      record.setFormError(null);
      setNoteError(errorMessage(result.error as Parameters<typeof errorMessage>[0], language));
      focusNext(() => document.getElementById('survey-note'));
    } else if (field?.startsWith('answers.')) {
      record.setFormError(null);
      const key = field.slice('answers.'.length).split('.')[0] ?? '';
      onFieldErrors({ [key]: errorMessage(result.error as Parameters<typeof errorMessage>[0], language) });
      focusNext(() => document.getElementById(`survey-q-${key}`)?.closest('li') ?? null);
    }
  };

  const busy = running !== null;
  return (
    <Section id="survey-attempt" title={m.title} data-testid="survey-attempt">
      <Stack gap="sm">
        {notFixed ? (
          <Alert color="orange" title={m.notFixedTitle} data-testid="survey-not-fixed-warning">
            {m.notFixed}
          </Alert>
        ) : null}
        <Group gap="sm" align="center">
          <Button
            color="teal.9"
            size="md"
            disabled={missing.length > 0 || busy}
            loading={running === 'COMPLETED'}
            onClick={() => void run('COMPLETED')}
            aria-describedby="survey-complete-hint"
            data-testid="survey-complete"
          >
            {m.complete}
          </Button>
          <Text size="sm" c="dimmed" id="survey-complete-hint" data-testid="survey-complete-hint">
            {missing.length > 0
              ? `${m.waiting} ${missing.map((q) => measureLabel(q.measure, language)).join(listSeparator(language))}`
              : m.completeHint}
          </Text>
        </Group>
        <Textarea
          id="survey-note"
          label={m.note}
          description={m.noteHint}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={noteError}
          autosize
          minRows={1}
          maxLength={1000}
          data-testid="survey-note"
        />
        <Text size="sm" fw={600}>
          {m.unanswered}
        </Text>
        <Group gap="xs">
          {failedCalls.map((outcome) => (
            <Button
              key={outcome}
              variant={ending.includes(outcome) ? 'outline' : 'default'}
              color={ending.includes(outcome) ? 'red.9' : undefined}
              disabled={busy && running !== outcome}
              loading={running === outcome}
              onClick={() => (ending.includes(outcome) ? setConfirming(outcome) : void run(outcome))}
              data-testid={`survey-attempt-${outcome}`}
            >
              {surveyWord(w, 'outcome', outcome)}
            </Button>
          ))}
        </Group>
        {confirming ? (
          <Alert color="red" variant="light" data-testid="survey-confirm-end">
            <Stack gap="xs">
              <Text size="sm">{m.confirmEnd.replace('{outcome}', surveyWord(w, 'outcome', confirming))}</Text>
              <Group gap="xs">
                <Button
                  color="red.9"
                  size="compact-md"
                  onClick={() => void run(confirming)}
                  data-testid="survey-confirm-end-yes"
                >
                  {m.confirm}
                </Button>
                <Button variant="subtle" size="compact-md" onClick={() => setConfirming(null)}>
                  {m.cancel}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <FormError data-testid="survey-attempt-error">{record.formError}</FormError>
      </Stack>
    </Section>
  );
}
