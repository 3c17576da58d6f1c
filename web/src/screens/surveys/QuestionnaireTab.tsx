import { Accordion, Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { displayText, localDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { Notice, noticeSelector } from '../../ui/alerts.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { Section } from '../../ui/Section.js';
import { focusNext } from '../../ui/shortcuts.js';
import { QueryState } from '../../ui/states.js';
import { usePermission } from '../../viewer.js';
import { QuestionnaireEditor } from './QuestionnaireEditor.js';
import { type Questionnaire, QuestionnaireQuery } from './questionnaire.queries.js';
import { draftOf, type QuestionnaireDraft } from './questionnaireDraft.js';
import { questionnaireWords, versionLabel, withNumber } from './questionnaireWords.js';
import { kindLabel, measureLabel } from './surveyWords.js';

/**
 * «پرسش‌نامه» (surveys:read; changed with surveys:configure only): the version in use — version 0 is the national
 * default, said so — and every version before it, each with its questions; the centre manager edits a copy of the
 * version in use and publishes it as the next version (refused when another was published meanwhile: reload and edit
 * again).
 */
export default function QuestionnaireTab() {
  const w = useMessages(questionnaireWords);
  const { language } = useI18n();
  const canConfigure = usePermission('surveys:configure');
  const [result, reexecute] = useQuery({ query: QuestionnaireQuery, requestPolicy: 'network-only' });
  const [draft, setDraft] = useState<QuestionnaireDraft | null>(null);
  const [published, setPublished] = useState<number | null>(null);
  const current = result.data?.surveyQuestionnaire;
  const versions = result.data?.surveyQuestionnaireVersions ?? [];
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <QueryState loading={!result.data} error={result.data ? undefined : result.error} onRetry={reload}>
      {current ? (
        <Stack gap="lg" data-testid="questionnaire" data-version={current.version}>
          {canConfigure ? null : (
            <Alert color="blue" variant="light" data-testid="questionnaire-read-only">
              {w.readOnly}
            </Alert>
          )}
          {published !== null ? (
            <Notice onClose={() => setPublished(null)} data-testid="questionnaire-published">
              {withNumber(w.published, published, language)}
            </Notice>
          ) : null}
          {draft ? (
            <QuestionnaireEditor
              draft={draft}
              versions={versions}
              onChange={setDraft}
              onCancel={() => setDraft(null)}
              onPublished={(version) => {
                setDraft(null);
                setPublished(version);
                reload();
                focusNext(noticeSelector);
              }}
              onReload={() => {
                setDraft(null);
                reload();
              }}
            />
          ) : (
            <Section id="questionnaire-current" title={w.current}>
              <Group justify="space-between" align="flex-start" mb="xs">
                <Stack gap={2}>
                  <Text fw={700} data-testid="questionnaire-current-version" data-version={current.version}>
                    {versionLabel(w, current.version, language)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {current.version === 0 ? w.nationalHint : w.currentHint}
                  </Text>
                  <VersionMeta questionnaire={current} />
                </Stack>
                {canConfigure ? (
                  <Button
                    onClick={() => {
                      setPublished(null);
                      setDraft(draftOf(current));
                    }}
                    data-testid="questionnaire-edit"
                  >
                    {w.edit}
                  </Button>
                ) : null}
              </Group>
              <QuestionList questionnaire={current} testId="questionnaire-current-questions" />
            </Section>
          )}
          <VersionHistory versions={versions} current={current.version} />
        </Stack>
      ) : null}
    </QueryState>
  );
}

/** When a version was published and its note. */
function VersionMeta({ questionnaire: q }: { questionnaire: Questionnaire }) {
  const w = useMessages(questionnaireWords);
  const { language } = useI18n();
  return (
    <>
      {q.createdAt ? (
        <Text size="sm">
          {w.createdAt}: <JalaliDate value={q.createdAt} />
        </Text>
      ) : null}
      {q.note ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {w.note}: {displayText(q.note, language)}
        </Text>
      ) : null}
    </>
  );
}

/** A version's questions in order: the wording, what each measures, its kind of answer, whether the IVR asks it. */
export function QuestionList({ questionnaire, testId }: { questionnaire: Questionnaire; testId: string }) {
  const w = useMessages(questionnaireWords);
  const { language } = useI18n();
  return (
    <Stack
      component="ol"
      gap="xs"
      m={0}
      p={0}
      style={{ listStyle: 'none' }}
      aria-label={w.questions}
      data-testid={testId}
    >
      {questionnaire.questions.map((q, index) => (
        <Paper
          component="li"
          withBorder
          p="xs"
          key={q.key}
          data-testid="questionnaire-question"
          data-key={q.key}
          data-measure={q.measure}
        >
          <Group justify="space-between" align="flex-start" gap="xs">
            <Stack gap={0} miw={0} style={{ flex: '1 1 20rem' }}>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                <span aria-hidden>{localDigits(index + 1, language)}. </span>
                {displayText(q.textFa, language)}
              </Text>
              <Text
                size="sm"
                c="dimmed"
                dir="ltr"
                ta={language === 'fa' ? 'right' : 'left'}
                lang="en"
                style={{ overflowWrap: 'anywhere' }}
              >
                {q.textEn}
              </Text>
            </Stack>
            <Group gap={4}>
              <QuestionBadge>{measureLabel(q.measure, language)}</QuestionBadge>
              <QuestionBadge>{kindLabel(q.kind, language)}</QuestionBadge>
              {q.ivr ? <QuestionBadge>{w.ivr}</QuestionBadge> : null}
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

function QuestionBadge({ children }: { children: string }) {
  return (
    <Badge variant="outline" color="gray" tt="none" size="sm" miw="max-content">
      <span style={{ color: 'var(--mantine-color-dark-7)' }}>{children}</span>
    </Badge>
  );
}

/** Every version, newest first, ending with the national default; each opens to its questions. */
function VersionHistory({ versions, current }: { versions: readonly Questionnaire[]; current: number }) {
  const w = useMessages(questionnaireWords);
  const { language } = useI18n();
  return (
    <Section id="questionnaire-history" title={w.history}>
      <Accordion variant="separated" chevronPosition="left" data-testid="questionnaire-history">
        {versions.map((v) => (
          <Accordion.Item key={v.version} value={String(v.version)} data-testid="questionnaire-version">
            <Accordion.Control data-version={v.version}>
              <Group gap="xs">
                <Text fw={600} component="span">
                  {versionLabel(w, v.version, language)}
                </Text>
                {v.version === current ? (
                  <Badge color="teal" variant="light" tt="none" miw="max-content">
                    <span style={{ color: 'var(--mantine-color-dark-7)' }}>{w.isCurrent}</span>
                  </Badge>
                ) : null}
                <Text size="sm" c="dimmed" component="span">
                  {withNumber(w.count, v.questions.length, language)}
                </Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="xs">
                <VersionMeta questionnaire={v} />
                <QuestionList questionnaire={v} testId="questionnaire-version-questions" />
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Section>
  );
}
