import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { normalizePersian } from '../../format.js';
import { useI18n } from '../../i18n.js';
import { errorMessage } from '../../ui/errors.js';
import { errorText } from '../../ui/states.js';
import { SaveSurveyAnswersMutation, type SurveyCall, type SurveyQuestion } from './survey.queries.js';

/** One answer as the officer gave it: a score 1–5, yes/no, or the customer's words. */
export type AnswerValue = number | boolean | string;

/** Where one answer's save stands: on its way, kept by the server, or refused / lost (with why). */
export type SaveState = { state: 'saving' } | { state: 'saved' } | { state: 'error'; message: string };

/** A typed answer is saved once the officer pauses (or leaves the field); a click is saved at once. */
const typingPause = 800;

function valuesOf(answers: SurveyCall['answers']): Record<string, AnswerValue> {
  const values: Record<string, AnswerValue> = {};
  for (const a of answers) {
    const value = a.score ?? a.yes ?? a.text;
    if (value !== null && value !== undefined) values[a.key] = value;
  }
  return values;
}

/** An answer as the API takes it (under its question's kind); nothing under the key clears it. */
export function answerInput(question: SurveyQuestion, value: AnswerValue | undefined) {
  if (value === undefined || value === '') return { key: question.key };
  if (question.kind === 'SCALE') return { key: question.key, score: value as number };
  if (question.kind === 'YES_NO') return { key: question.key, yes: value as boolean };
  return { key: question.key, text: normalizePersian(String(value)).trim() };
}

/**
 * The script's answers as the customer speaks: each one is saved as it is given (`saveSurveyAnswers`), so a dropped
 * connection or a reload keeps what was said. Saves go one after another, in the order given (the last word on a
 * question is the one kept); each question shows its own state, and a failed save can be tried again. `settle` waits
 * for everything given to be saved (before the survey is completed).
 */
export function useSurveyAnswers(survey: SurveyCall) {
  const client = useClient();
  const { language, t } = useI18n();
  const [values, setValues] = useState<Record<string, AnswerValue>>(() => valuesOf(survey.answers));
  const [saves, setSaves] = useState<Record<string, SaveState>>({});
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timers = useRef<Record<string, ReturnType<typeof setTimeout>>>({});
  // Each question's latest change: an older save finishing late does not say "saved" over a newer one.
  const versions = useRef<Record<string, number>>({});
  const latest = useRef(values);
  latest.current = values;

  // Another survey opened in the same page: its own answers.
  const surveyId = survey.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the survey itself changes
  useEffect(() => {
    setValues(valuesOf(survey.answers));
    setSaves({});
    versions.current = {};
  }, [surveyId]);
  useEffect(
    () => () => {
      for (const timer of Object.values(timers.current)) clearTimeout(timer);
    },
    [],
  );

  const save = useCallback(
    (question: SurveyQuestion) => {
      const key = question.key;
      clearTimeout(timers.current[key]);
      delete timers.current[key];
      const version = (versions.current[key] ?? 0) + 1;
      versions.current[key] = version;
      const mine = () => versions.current[key] === version;
      setSaves((s) => ({ ...s, [key]: { state: 'saving' } }));
      const input = answerInput(question, latest.current[key]);
      chain.current = chain.current.then(async () => {
        const result = await client
          .mutation(SaveSurveyAnswersMutation, { surveyId, answers: [input] }, { requestPolicy: 'network-only' })
          .toPromise();
        if (!mine()) return;
        let failure: string | null = null;
        if (result.error || !result.data)
          failure = errorText(result.error, language, t('errorGeneric'), t('errorNetwork'));
        else {
          const payload = result.data.saveSurveyAnswers;
          if (payload.__typename !== 'SaveSurveyAnswersSuccess')
            failure = errorMessage(payload as Parameters<typeof errorMessage>[0], language);
        }
        setSaves((s) => ({ ...s, [key]: failure ? { state: 'error', message: failure } : { state: 'saved' } }));
      });
    },
    [client, surveyId, language, t],
  );

  /** The officer gives (or changes) an answer; typed words are saved after a pause, anything else at once. */
  const answer = useCallback(
    (question: SurveyQuestion, value: AnswerValue | undefined) => {
      const next = { ...latest.current };
      if (value === undefined) delete next[question.key];
      else next[question.key] = value;
      latest.current = next;
      setValues(next);
      if (question.kind === 'TEXT') {
        clearTimeout(timers.current[question.key]);
        timers.current[question.key] = setTimeout(() => save(question), typingPause);
      } else save(question);
    },
    [save],
  );

  /** Saves a typed answer now (the field is left), when it has not been saved yet. */
  const flush = useCallback(
    (question: SurveyQuestion) => {
      if (timers.current[question.key]) save(question);
    },
    [save],
  );

  /** Every answer given is saved (or failed) — what completing the survey waits for. */
  const settle = useCallback(
    async (questions: readonly SurveyQuestion[]) => {
      for (const q of questions) if (timers.current[q.key]) save(q);
      await chain.current;
    },
    [save],
  );

  return { values, saves, answer, retry: save, flush, settle };
}

export type SurveyAnswers = ReturnType<typeof useSurveyAnswers>;
