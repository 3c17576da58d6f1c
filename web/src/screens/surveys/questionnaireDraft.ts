import { questionLimits } from '../../../../schema/src/rules/surveys.js';
import type { Question, QuestionKind, Questionnaire } from './questionnaire.queries.js';

/** One question being edited: its place is its index; `id` keeps React's identity when questions move. */
export interface DraftQuestion extends Question {
  id: number;
  /** Added in this edit (its kind may still change); the others keep their kind and key. */
  added: boolean;
}

export interface QuestionnaireDraft {
  /** The version edited: the new one is published "based on" it (refused when another was made meanwhile). */
  basedOn: number;
  questions: DraftQuestion[];
  note: string;
}

export const maxQuestions = questionLimits.questions;

let nextId = 1;

/** A copy of a version to edit. */
export function draftOf(questionnaire: Questionnaire): QuestionnaireDraft {
  return {
    basedOn: questionnaire.version,
    questions: questionnaire.questions.map((q) => ({ ...q, id: nextId++, added: false })),
    note: '',
  };
}

/** The question moved one place up (-1) or down (+1). */
export function moved(questions: readonly DraftQuestion[], index: number, by: -1 | 1): DraftQuestion[] {
  const next = [...questions];
  const [question] = next.splice(index, 1);
  if (question) next.splice(index + by, 0, question);
  return next;
}

/**
 * A key for a new extra question: `extra_<n>`, past every one any version used (answers are kept under their key,
 * so a key never comes back with another meaning).
 */
export function nextExtraKey(versions: readonly Questionnaire[], draft: readonly DraftQuestion[]): string {
  let highest = 0;
  for (const q of [...versions.flatMap((v) => v.questions), ...draft]) {
    const n = /^extra_(\d+)$/.exec(q.key)?.[1];
    if (n) highest = Math.max(highest, Number(n));
  }
  return `extra_${highest + 1}`;
}

/** A new extra question of the given kind (asked and kept, scoring no one). */
export function extraQuestion(key: string, kind: QuestionKind): DraftQuestion {
  return { id: nextId++, added: true, key, measure: 'EXTRA', kind, textFa: '', textEn: '', ivr: false };
}

/** Arabic yeh and kaf as Persian (the digits stay as typed: the wording is read out as written). */
const persianLetters = (text: string) => text.replace(/[يى]/g, 'ی').replace(/ك/g, 'ک');

/** The draft as the API takes it: wording normalised and trimmed; the IVR only on questions it can ask. */
export function questionsInput(draft: QuestionnaireDraft) {
  return draft.questions.map((q) => ({
    key: q.key,
    measure: q.measure,
    kind: q.kind,
    textFa: persianLetters(q.textFa).trim(),
    textEn: q.textEn.trim(),
    ivr: q.kind !== 'TEXT' && q.ivr,
  }));
}

/** Blank wording (the API would refuse it): `questions.<i>.textFa` / `.textEn` → the required message. */
export function blankFields(draft: QuestionnaireDraft, required: string): Record<string, string> {
  const errors: Record<string, string> = {};
  draft.questions.forEach((q, i) => {
    if (!q.textFa.trim()) errors[`questions.${i}.textFa`] = required;
    if (!q.textEn.trim()) errors[`questions.${i}.textEn`] = required;
  });
  return errors;
}
