import { ActionIcon, Alert, Button, Group, NativeSelect, Paper, Stack, Switch, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { displayText, listSeparator } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { PublishQuestionnaireMutation, type QuestionKind, type Questionnaire } from './questionnaire.queries.js';
import {
  blankFields,
  type DraftQuestion,
  extraQuestion,
  maxQuestions,
  moved,
  nextExtraKey,
  type QuestionnaireDraft,
  questionsInput,
} from './questionnaireDraft.js';
import { type QuestionnaireWords, questionnaireWords, withNumber } from './questionnaireWords.js';
import { kindLabel, measureLabel } from './surveyWords.js';

const kinds: QuestionKind[] = ['SCALE', 'YES_NO', 'TEXT'];

/** Errors by field as the API names them, without `input.`: `questions`, `questions.<i>.<field>`, `note`. */
type Errors = Record<string, string>;

/** The element an error's field is typed in, to give it the focus. */
function inputIdOf(field: string): string {
  const question = /^questions\.(\d+)\.(\w+)$/.exec(field);
  if (question) {
    const [, i, name] = question;
    return ['textFa', 'textEn', 'ivr', 'kind'].includes(name ?? '') ? `q-${i}-${name}` : `q-${i}`;
  }
  return field === 'note' ? 'questionnaire-note' : 'questionnaire-questions-error';
}

/**
 * The centre manager's copy of a version: each question's wording in Persian and English, its place (up/down), the
 * IVR flag; extra questions added (of a chosen kind) or removed; a note; published as the next version. The API's
 * refusals go beside the field they name; a CONFLICT (another version published meanwhile) offers to reload.
 */
export function QuestionnaireEditor({
  draft,
  versions,
  onChange,
  onCancel,
  onPublished,
  onReload,
}: {
  draft: QuestionnaireDraft;
  versions: readonly Questionnaire[];
  onChange: (draft: QuestionnaireDraft) => void;
  onCancel: () => void;
  onPublished: (version: number) => void;
  onReload: () => void;
}) {
  const w = useMessages(questionnaireWords);
  const { t, language } = useI18n();
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState<string | null>(null);
  const [newKind, setNewKind] = useState<QuestionKind>('SCALE');
  const publish = useMutationWithErrors(PublishQuestionnaireMutation, (d) => d.publishSurveyQuestionnaire);
  const latest = Math.max(0, ...versions.map((v) => v.version));

  const setQuestions = (questions: DraftQuestion[]) => {
    setErrors({});
    onChange({ ...draft, questions });
  };
  const change = (index: number, next: Partial<DraftQuestion>) => {
    const field = Object.keys(next)[0];
    if (field) setErrors(({ [`questions.${index}.${field}`]: _, ...rest }) => rest);
    onChange({ ...draft, questions: draft.questions.map((q, i) => (i === index ? { ...q, ...next } : q)) });
  };
  const add = () => {
    if (draft.questions.length >= maxQuestions) return;
    const index = draft.questions.length;
    setQuestions([...draft.questions, extraQuestion(nextExtraKey(versions, draft.questions), newKind)]);
    focusNext(() => document.getElementById(`q-${index}-textFa`));
  };
  const remove = (index: number) => {
    const questions = draft.questions.filter((_, i) => i !== index);
    setQuestions(questions);
    focusNext(() => document.getElementById(questions[index] ? `q-${index}` : 'questionnaire-add'));
  };

  const showErrors = (found: Errors) => {
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) focusNext(() => document.getElementById(inputIdOf(first)));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setConflict(null);
    const blank = blankFields(draft, t('fieldRequired'));
    if (Object.keys(blank).length) return showErrors(blank);
    setErrors({});
    const outcome = await publish.run({
      basedOn: draft.basedOn,
      questions: questionsInput(draft),
      note: draft.note.trim() || null,
    });
    if (outcome.ok) return onPublished(outcome.data.version);
    if (outcome.error?.code === 'CONFLICT') {
      publish.setFormError(null);
      setConflict(outcome.message);
      focusNext(() => document.getElementById('questionnaire-reload'));
      return;
    }
    const field = outcome.error?.field?.replace(/^input\./, '') ?? null;
    if (field && (field === 'note' || /^questions(\.\d+\.\w+)?$/.test(field))) {
      publish.setFormError(null);
      showErrors({ [field]: outcome.message });
    }
  };

  return (
    <Section id="questionnaire-editor" title={withNumber(w.editing, draft.basedOn, language)}>
      <form onSubmit={submit} onKeyDown={formKeys()} noValidate data-testid="questionnaire-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {w.editingHint}
          </Text>
          <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label={w.questions}>
            {draft.questions.map((q, index) => (
              <QuestionCard
                key={q.id}
                question={q}
                index={index}
                count={draft.questions.length}
                errors={errors}
                w={w}
                onChange={(next) => change(index, next)}
                onMove={(by) => setQuestions(moved(draft.questions, index, by))}
                onRemove={() => remove(index)}
              />
            ))}
          </Stack>
          <Text
            id="questionnaire-questions-error"
            tabIndex={-1}
            role="alert"
            c="red.9"
            size="sm"
            data-testid="questionnaire-questions-error"
          >
            {errors.questions ?? ''}
          </Text>
          <Group gap="sm" align="flex-end">
            <NativeSelect
              label={w.addKind}
              value={newKind}
              onChange={(event) => setNewKind(event.currentTarget.value as QuestionKind)}
              data={kinds.map((k) => ({ value: k, label: kindLabel(k, language) }))}
              data-testid="questionnaire-add-kind"
            />
            <Button
              id="questionnaire-add"
              variant="light"
              onClick={add}
              disabled={draft.questions.length >= maxQuestions}
              aria-describedby="questionnaire-max"
              data-testid="questionnaire-add"
            >
              {w.add}
            </Button>
            <Text id="questionnaire-max" size="sm" c="dimmed">
              {withNumber(w.max, maxQuestions, language)}
            </Text>
          </Group>
          <Textarea
            id="questionnaire-note"
            label={w.versionNote}
            description={w.versionNoteHint}
            value={draft.note}
            onChange={(event) => onChange({ ...draft, note: event.currentTarget.value })}
            error={errors.note}
            autosize
            minRows={2}
            maxLength={500}
            data-testid="questionnaire-note"
          />
          {conflict ? (
            <Alert color="orange" title={w.conflictTitle} role="alert" data-testid="questionnaire-conflict">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{conflict}</Text>
                <Button id="questionnaire-reload" size="compact-md" onClick={onReload}>
                  {w.reload}
                </Button>
              </Stack>
            </Alert>
          ) : null}
          <FormError data-testid="questionnaire-form-error">{publish.formError}</FormError>
          <Group>
            <Button type="submit" loading={publish.fetching} data-testid="questionnaire-publish">
              {withNumber(w.publish, latest + 1, language)}
            </Button>
            <Button variant="subtle" onClick={onCancel} data-testid="questionnaire-cancel">
              {t('cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function QuestionCard({
  question: q,
  index,
  count,
  errors,
  w,
  onChange,
  onMove,
  onRemove,
}: {
  question: DraftQuestion;
  index: number;
  count: number;
  errors: Errors;
  w: QuestionnaireWords;
  onChange: (next: Partial<DraftQuestion>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { language } = useI18n();
  const n = index + 1;
  const error = (name: string) => errors[`questions.${index}.${name}`];
  // A key or measure refused: said on the card as a whole.
  const cardError = error('key') ?? error('measure');
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      id={`q-${index}`}
      tabIndex={-1}
      data-testid="questionnaire-draft-question"
      data-key={q.key}
      data-measure={q.measure}
      data-kind={q.kind}
    >
      <Group justify="space-between" gap="xs" mb="xs" wrap="nowrap" align="flex-start">
        <Stack gap={0}>
          <Text fw={700}>
            {withNumber(w.question, n, language)} — {measureLabel(q.measure, language)}
          </Text>
          <Text size="xs" c="dimmed">
            {kindLabel(q.kind, language)}
            {listSeparator(language)}
            {w.key}: <bdi dir="ltr">{q.key}</bdi>
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={withNumber(w.moveUp, n, language)}
            disabled={index === 0}
            onClick={() => onMove(-1)}
            data-testid="questionnaire-up"
          >
            <span aria-hidden>↑</span>
          </ActionIcon>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={withNumber(w.moveDown, n, language)}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
            data-testid="questionnaire-down"
          >
            <span aria-hidden>↓</span>
          </ActionIcon>
          {q.measure === 'EXTRA' ? (
            <ActionIcon
              variant="light"
              color="red"
              size="lg"
              aria-label={withNumber(w.remove, n, language)}
              onClick={onRemove}
              data-testid="questionnaire-remove"
            >
              <span aria-hidden>✕</span>
            </ActionIcon>
          ) : null}
        </Group>
      </Group>
      <Stack gap="xs">
        <Textarea
          id={`q-${index}-textFa`}
          label={w.textFa}
          value={displayText(q.textFa, language)}
          onChange={(event) => onChange({ textFa: event.currentTarget.value })}
          error={error('textFa')}
          autosize
          minRows={1}
          maxLength={300}
          data-testid="questionnaire-text-fa"
        />
        <Textarea
          id={`q-${index}-textEn`}
          label={w.textEn}
          value={q.textEn}
          onChange={(event) => onChange({ textEn: event.currentTarget.value })}
          error={error('textEn')}
          dir="ltr"
          autosize
          minRows={1}
          maxLength={300}
          data-testid="questionnaire-text-en"
        />
        <Group gap="md" align="flex-end">
          {q.added ? (
            <NativeSelect
              id={`q-${index}-kind`}
              label={w.kind}
              value={q.kind}
              onChange={(event) => {
                const kind = event.currentTarget.value as QuestionKind;
                onChange(kind === 'TEXT' ? { kind, ivr: false } : { kind });
              }}
              error={error('kind')}
              data={kinds.map((k) => ({ value: k, label: kindLabel(k, language) }))}
              data-testid="questionnaire-kind"
            />
          ) : null}
          <Switch
            id={`q-${index}-ivr`}
            label={w.ivrHint}
            checked={q.ivr && q.kind !== 'TEXT'}
            disabled={q.kind === 'TEXT'}
            description={q.kind === 'TEXT' ? w.ivrText : undefined}
            error={error('ivr')}
            onChange={(event) => onChange({ ivr: event.currentTarget.checked })}
            data-testid="questionnaire-ivr"
          />
        </Group>
        {cardError ? (
          <Text size="sm" c="red.9" role="alert">
            {cardError}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
