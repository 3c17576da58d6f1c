import { Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { displayText, formatNumber, localDigits } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { Section } from '../../ui/Section.js';
import type { SurveyQuestion } from './survey.queries.js';
import { measureLabel, scoredMeasures, surveyWords } from './surveyWords.js';
import type { AnswerValue, SaveState, SurveyAnswers } from './useSurveyAnswers.js';

const messages = {
  fa: {
    title: 'متن نظرسنجی',
    intro: 'پرسش‌ها را به همین ترتیب بخوانید و پاسخ مشترک را همان‌جا بزنید؛ هر پاسخ بی‌درنگ ذخیره می‌شود.',
    readOnly: 'پاسخ‌های ثبت‌شده',
    notTaken: 'برای پاسخ دادن، نخست «شروع تماس» را بزنید.',
    version: 'نسخهٔ پرسش‌نامه',
    national: 'پیش‌فرض کشوری',
    scaleHint: '۱ یعنی بسیار ناراضی و ۵ یعنی بسیار راضی',
    optional: 'اختیاری',
    saving: 'در حال ذخیره…',
    saved: 'ذخیره شد',
    failed: 'ذخیره نشد',
    retry: 'تلاش دوباره',
    allSaved: 'پاسخ‌ها ذخیره شد',
    someSaving: 'در حال ذخیرهٔ پاسخ‌ها…',
    someFailed: 'برخی پاسخ‌ها ذخیره نشد؛ کنار هر پرسش دوباره تلاش کنید.',
    question: 'پرسش',
  },
  en: {
    title: 'The script',
    intro:
      'Read the questions in this order and mark the customer’s answer as they give it; each answer is saved at once.',
    readOnly: 'The answers recorded',
    notTaken: 'Press «Start the call» first to answer.',
    version: 'Questionnaire version',
    national: 'national default',
    scaleHint: '1 is very dissatisfied, 5 very satisfied',
    optional: 'optional',
    saving: 'Saving…',
    saved: 'Saved',
    failed: 'Not saved',
    retry: 'Try again',
    allSaved: 'Answers saved',
    someSaving: 'Saving the answers…',
    someFailed: 'Some answers were not saved: try again beside each question.',
    question: 'Question',
  },
};
type Words = (typeof messages)['fa'];

/** The script's one line of saving: all kept, some on their way, or some lost (announced politely). */
function SaveSummary({ saves, m }: { saves: Record<string, SaveState>; m: Words }) {
  const states = Object.values(saves).map((s) => s.state);
  const state = states.includes('error')
    ? 'error'
    : states.includes('saving')
      ? 'saving'
      : states.includes('saved')
        ? 'saved'
        : 'none';
  const text = { error: m.someFailed, saving: m.someSaving, saved: `✓ ${m.allSaved}`, none: '' }[state];
  return (
    <Text
      role="status"
      size="sm"
      fw={600}
      c={state === 'error' ? 'red.9' : state === 'saved' ? 'teal.9' : 'dimmed'}
      data-testid="survey-save-state"
      data-state={state}
    >
      {text}
    </Text>
  );
}

/**
 * «متن نظرسنجی»: the survey's own questionnaire version, question by question in its order — a score 1–5 (a row of
 * radio buttons: arrow keys move along it), yes/no, or the customer's words — answered as the customer speaks and
 * saved at once, each with its saving state, an error beside it and «تلاش دوباره». Read-only when the survey is not in
 * this officer's hands (not taken, or ended).
 */
export function SurveyScript({
  questions,
  version,
  answers,
  editable,
  pending,
  fieldErrors,
}: {
  questions: readonly SurveyQuestion[];
  version: number;
  answers: SurveyAnswers;
  editable: boolean;
  /** Still to be asked (not ended): an untaken survey says how to start. */
  pending: boolean;
  /** Errors of the attempt by question key (`input.answers.<key>`). */
  fieldErrors: Record<string, string>;
}) {
  const m = useMessages(messages);
  const { language } = useI18n();
  return (
    <Section id="survey-script" title={editable || pending ? m.title : m.readOnly} data-testid="survey-script">
      <Group justify="space-between" gap="xs" mb="sm">
        <Text size="sm" c="dimmed">
          {m.version}: {formatNumber(version, language)}
          {version === 0 ? ` (${m.national})` : ''}
        </Text>
        {editable ? <SaveSummary saves={answers.saves} m={m} /> : null}
      </Group>
      {editable ? (
        <Text size="sm" mb="sm">
          {m.intro}
        </Text>
      ) : pending ? (
        <Text size="sm" mb="sm" c="dimmed" data-testid="survey-script-not-taken">
          {m.notTaken}
        </Text>
      ) : null}
      <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label={m.title}>
        {questions.map((q, index) => (
          <QuestionLine
            key={q.key}
            question={q}
            index={index}
            value={answers.values[q.key]}
            save={answers.saves[q.key]}
            error={fieldErrors[q.key]}
            editable={editable}
            onAnswer={(value) => answers.answer(q, value)}
            onBlur={() => answers.flush(q)}
            onRetry={() => answers.retry(q)}
            m={m}
          />
        ))}
      </Stack>
    </Section>
  );
}

function QuestionLine({
  question: q,
  index,
  value,
  save,
  error,
  editable,
  onAnswer,
  onBlur,
  onRetry,
  m,
}: {
  question: SurveyQuestion;
  index: number;
  value: AnswerValue | undefined;
  save: SaveState | undefined;
  error: string | undefined;
  editable: boolean;
  onAnswer: (value: AnswerValue | undefined) => void;
  onBlur: () => void;
  onRetry: () => void;
  m: Words;
}) {
  const { language } = useI18n();
  const pick = useBilingual();
  const w = useMessages(surveyWords);
  const labelId = `survey-q-${q.key}`;
  const errorId = `survey-q-${q.key}-error`;
  const scored = scoredMeasures.includes(q.measure);
  const shownError = save?.state === 'error' ? save.message : error;
  const control =
    q.kind === 'SCALE' ? (
      <SegmentedControl
        aria-labelledby={labelId}
        aria-describedby={shownError ? errorId : `${labelId}-hint`}
        value={typeof value === 'number' ? String(value) : ''}
        onChange={(v) => onAnswer(Number(v))}
        readOnly={!editable}
        color="blue"
        size="md"
        data={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: localDigits(n, language) }))}
        data-testid="survey-scale"
        data-value={typeof value === 'number' ? value : ''}
        style={{ minWidth: 'min(100%, 18rem)' }}
      />
    ) : q.kind === 'YES_NO' ? (
      <SegmentedControl
        aria-labelledby={labelId}
        aria-describedby={shownError ? errorId : undefined}
        value={value === true ? 'yes' : value === false ? 'no' : ''}
        onChange={(v) => onAnswer(v === 'yes')}
        readOnly={!editable}
        color={value === false ? 'red.9' : 'blue'}
        size="md"
        data={[
          { value: 'yes', label: w.yes },
          { value: 'no', label: w.no },
        ]}
        data-testid="survey-yes-no"
        data-value={typeof value === 'boolean' ? String(value) : ''}
        style={{ minWidth: 'min(100%, 12rem)' }}
      />
    ) : (
      <Textarea
        aria-labelledby={labelId}
        aria-describedby={shownError ? errorId : undefined}
        error={Boolean(shownError)}
        value={typeof value === 'string' ? displayText(value, language) : ''}
        onChange={(event) => onAnswer(event.currentTarget.value)}
        onBlur={onBlur}
        readOnly={!editable}
        autosize
        minRows={2}
        maxLength={1000}
        data-testid="survey-text"
      />
    );
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      data-testid="survey-question"
      data-key={q.key}
      data-measure={q.measure}
      data-kind={q.kind}
    >
      <Text fw={600} id={labelId} style={{ overflowWrap: 'anywhere' }}>
        <span aria-hidden>{localDigits(index + 1, language)}. </span>
        {displayText(pick(q.textFa, q.textEn), language)}
      </Text>
      <Group gap="xs" mt={2} mb={6}>
        <Badge variant="outline" color="gray" tt="none" miw="max-content" size="sm">
          <span style={{ color: 'var(--mantine-color-dark-7)' }}>
            {scored ? measureLabel(q.measure, language) : m.optional}
          </span>
        </Badge>
        {q.kind === 'SCALE' ? (
          <Text size="xs" c="dimmed" id={`${labelId}-hint`}>
            {m.scaleHint}
          </Text>
        ) : null}
      </Group>
      {control}
      {editable && save ? (
        <Group gap="xs" mt={4} data-testid="survey-answer-state" data-state={save.state}>
          {save.state === 'error' ? null : (
            <Text size="xs" c={save.state === 'saved' ? 'teal.9' : 'dimmed'}>
              {save.state === 'saved' ? `✓ ${m.saved}` : m.saving}
            </Text>
          )}
        </Group>
      ) : null}
      {shownError ? (
        <Group gap="xs" mt={4} align="center">
          <Text id={errorId} size="sm" c="red.9" role="alert" data-testid="survey-answer-error">
            {save?.state === 'error' ? `${m.failed}: ` : ''}
            {shownError}
          </Text>
          {save?.state === 'error' && editable ? (
            <Button size="compact-sm" variant="light" color="red" onClick={onRetry} data-testid="survey-answer-retry">
              {m.retry}
            </Button>
          ) : null}
        </Group>
      ) : null}
    </Paper>
  );
}
