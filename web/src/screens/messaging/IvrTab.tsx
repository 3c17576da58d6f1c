import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  FileInput,
  Grid,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { formatNumber, localDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { PersonName } from '../../ui/PersonName.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { QueryState } from '../../ui/states.js';
import { usePermission, useViewer } from '../../viewer.js';
import {
  ApproveIvrMutation,
  type IvrMenuVersion,
  IvrPublishedQuery,
  IvrQuery,
  type IvrRecording,
  RejectIvrMutation,
  SaveIvrDraftMutation,
  SubmitIvrMutation,
} from './ivrOperations.js';
import {
  type DestinationKind,
  destinationKinds,
  type EditMenu,
  type EditOption,
  type EditPrompt,
  type EditTree,
  editorPaths,
  emptyTree,
  fieldId,
  type IvrTree,
  ivrKeys,
  ivrMaxDepth,
  ivrMaxOptions,
  maxAudioBytes,
  newOption,
  type OutlineLine,
  outline,
  outlineDiff,
  recordingUrl,
  toApiTree,
  toEditTree,
  uploadRecording,
} from './ivrTree.js';
import { type IvrMenuState, type IvrWords, ivrStateColours, ivrWords } from './ivrWords.js';

/** `{name}` in words filled in. */
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** A keypad key as read: Persian digits in Persian; * and # as they are. */
const keyName = (key: string, language: 'fa' | 'en') => localDigits(key, language);

/**
 * «منوی تلفن گویا»: the IVR entry menu (section (d)). What callers hear now (the published version, and the JSON the
 * PBX fetches), the version waiting for approval with what it changes — approved or sent back with a reason by a
 * centre manager who did not write it — the information officer's editor of the next version (greeting, the day's
 * announcements, options by key leading to a queue, a recorded message, a sub-menu or a number; refusals beside the
 * field the API names), the recordings (upload, play, choose) and every version's history.
 */
export default function IvrTab() {
  const m = useMessages(ivrWords);
  const [result, reexecute] = useQuery({ query: IvrQuery });
  const [published, reexecutePublished] = useQuery({ query: IvrPublishedQuery });
  const prepare = usePermission('ivr:prepare');
  const [notice, setNotice] = useState<string | null>(null);
  const menus = result.data?.ivrMenus ?? [];
  const recordings = result.data?.ivrAudio ?? [];
  const current = menus.find((v) => v.state === 'PUBLISHED') ?? null;
  const waiting = menus.find((v) => v.state === 'SUBMITTED') ?? null;
  const draft = menus.find((v) => v.state === 'DRAFT') ?? null;
  const refresh = () => {
    reexecute({ requestPolicy: 'network-only' });
    reexecutePublished({ requestPolicy: 'network-only' });
  };
  const done = (words: string) => {
    setNotice(words);
    refresh();
    focusNext(`[data-testid=ivr-notice]${noticeSelector}`);
  };
  const names = useMemo(() => new Map(recordings.map((r) => [r.audioId, r.name])), [recordings]);

  return (
    <Stack gap="md" data-testid="ivr-tab">
      <Text c="dimmed" size="sm">
        {m.intro}
      </Text>
      <QueryState loading={!result.data} error={result.error} onRetry={refresh}>
        <PublishedSection
          m={m}
          version={current}
          names={names}
          pbx={published.data?.ivrPublishedMenu as PbxMenu | null | undefined}
        />
        {notice ? (
          <Notice onClose={() => setNotice(null)} data-testid="ivr-notice">
            {notice}
          </Notice>
        ) : null}
        {waiting ? (
          <WaitingSection m={m} version={waiting} published={current} names={names} onDone={done} />
        ) : prepare ? (
          <Editor
            key={draft ? `draft-${draft.version}` : 'new'}
            m={m}
            draft={draft}
            published={current}
            recordings={recordings}
            names={names}
            onDone={done}
          />
        ) : (
          <Text size="sm">{m.readOnly}</Text>
        )}
        <RecordingsSection m={m} recordings={recordings} prepare={prepare} onUploaded={refresh} />
        <HistorySection m={m} menus={menus} names={names} />
      </QueryState>
    </Stack>
  );
}

/** The published menu as the PBX gets it: the tree and today's announcements. */
interface PbxMenu {
  version: number;
  announcements: { id: string; kind: string; state: string; text: string }[];
}

function StateBadge({ m, state }: { m: IvrWords; state: string }) {
  const known = state as IvrMenuState;
  return (
    <Badge
      miw="max-content"
      color={ivrStateColours[known] ?? 'gray'}
      variant="light"
      size="lg"
      styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
      data-testid="ivr-state"
      data-state={state}
    >
      {m[`state.${known}`] ?? state}
    </Badge>
  );
}

/** A member of staff: by name when it is the viewer, else their account id (the API names no one else). */
function Person({ subject }: { subject: string | null | undefined }) {
  const { viewer } = useViewer();
  if (!subject) return <>—</>;
  return <PersonName name={subject === viewer?.subject ? viewer?.displayName : null} subject={subject} />;
}

function PublishedSection({
  m,
  version,
  names,
  pbx,
}: {
  m: IvrWords;
  version: IvrMenuVersion | null;
  names: Map<string, string>;
  pbx: PbxMenu | null | undefined;
}) {
  const { language } = useI18n();
  return (
    <Section id="ivr-published" title={m.published} data-testid="ivr-published">
      {version ? (
        <Stack gap="sm">
          <Group gap="xs">
            <Text fw={600}>
              {m.version} {formatNumber(version.version, language)}
            </Text>
            <StateBadge m={m} state={version.state} />
          </Group>
          <Text size="xs" c="dimmed">
            {m.publishedAt}: <JalaliDate value={version.publishedAt} /> · {m.approvedBy}:{' '}
            <Person subject={version.decidedBy} /> · {m.preparedBy}: <Person subject={version.preparedBy} />
          </Text>
          <MenuOutline m={m} tree={version.tree as IvrTree} names={names} testId="ivr-published-outline" />
          {pbx ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {m.todayNotices}
              </Text>
              {pbx.announcements.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {m.todayNoticesNone}
                </Text>
              ) : (
                <Box component="ul" m={0} ps="md" data-testid="ivr-announcements">
                  {pbx.announcements.map((a) => (
                    <Text component="li" size="sm" key={a.id}>
                      {a.text}
                    </Text>
                  ))}
                </Box>
              )}
              <details>
                <summary>
                  <Text component="span" size="sm">
                    {m.asPbx}
                  </Text>
                </summary>
                <Box
                  component="pre"
                  dir="ltr"
                  fz="xs"
                  p="xs"
                  bg="gray.0"
                  m={0}
                  style={{ overflow: 'auto', maxHeight: 320, textAlign: 'left' }}
                  data-testid="ivr-pbx-json"
                >
                  {JSON.stringify(pbx, null, 2)}
                </Box>
              </details>
            </Stack>
          ) : null}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed" data-testid="ivr-published-none">
          {m.publishedNone}
        </Text>
      )}
    </Section>
  );
}

/** One line of the outline in words: what the caller hears there. */
function OutlineText({ m, line, names }: { m: IvrWords; line: OutlineLine; names: Map<string, string> }) {
  const { language } = useI18n();
  const quoted = (text: string) => (text ? `«${text}»` : m.outlineEmpty);
  const recording = line.audioId ? (
    <Text component="span" c="dimmed" size="sm">
      {' '}
      ({m.outlineRecording}: <bdi>{names.get(line.audioId) ?? line.audioId}</bdi>)
    </Text>
  ) : null;
  switch (line.kind) {
    case 'greeting':
      return (
        <>
          <b>{m.outlineGreeting}:</b> {line.text || line.audioId ? quoted(line.text) : m.outlineEmpty}
          {recording}
        </>
      );
    case 'notices':
      return <i>{m.outlineNotices}</i>;
    case 'prompt':
      return (
        <>
          <b>{m.outlinePrompt}:</b> {quoted(line.text)}
          {recording}
        </>
      );
    case 'timeout':
      return <>{fill(m.outlineTimeout, { seconds: localDigits(line.text, language) })}</>;
    case 'option':
      return (
        <>
          <b>{fill(m.outlinePress, { key: keyName(line.key ?? '', language) })}:</b> {line.text || m.outlineEmpty}
        </>
      );
    case 'queue':
      return (
        <>
          {m.outlineQueue}{' '}
          <bdi dir="ltr" style={{ fontFamily: 'monospace' }}>
            {line.text || m.outlineEmpty}
          </bdi>
        </>
      );
    case 'transfer':
      return (
        <>
          {m.outlineTransfer} <bdi dir="ltr">{localDigits(line.text, language) || m.outlineEmpty}</bdi>
        </>
      );
    case 'announcement':
      return (
        <>
          {m.outlineAnnouncement}: {quoted(line.text)}
          {recording} — {line.key === 'hangup' ? m.outlineAfterHangup : m.outlineAfterRepeat}
        </>
      );
  }
}

/** The menu as a caller goes through it, one line a step, indented by sub-menu. */
function MenuOutline({
  m,
  tree,
  names,
  testId,
}: {
  m: IvrWords;
  tree: IvrTree;
  names: Map<string, string>;
  testId: string;
}) {
  const lines = outline(tree);
  return (
    <Paper bg="gray.0" p="sm" radius="md" withBorder component="figure" m={0} aria-label={m.preview}>
      <Text size="sm" fw={500} mb={4} component="figcaption">
        {m.preview}
      </Text>
      <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }} data-testid={testId}>
        {lines.map((line) => (
          <Text
            component="li"
            size="sm"
            key={line.signature}
            py={2}
            style={{
              paddingInlineStart: `calc(${line.depth} * var(--mantine-spacing-lg) + ${
                ['queue', 'transfer', 'announcement'].includes(line.kind) ? 'var(--mantine-spacing-lg)' : '0px'
              })`,
              overflowWrap: 'anywhere',
            }}
            data-kind={line.kind}
            data-key={line.key}
          >
            <OutlineText m={m} line={line} names={names} />
          </Text>
        ))}
      </Box>
    </Paper>
  );
}

/** What a version changes from the published one: the outline's lines added and removed. */
function ChangesList({
  m,
  tree,
  published,
  names,
}: {
  m: IvrWords;
  tree: IvrTree;
  published: IvrMenuVersion | null;
  names: Map<string, string>;
}) {
  if (!published)
    return (
      <Text size="sm" c="dimmed" data-testid="ivr-changes-first">
        {m.changesFirst}
      </Text>
    );
  const { added, removed } = outlineDiff(outline(published.tree as IvrTree), outline(tree));
  return (
    <Stack gap={4} data-testid="ivr-changes">
      <Text size="sm" fw={500}>
        {m.changes}
      </Text>
      {added.length + removed.length === 0 ? (
        <Text size="sm" c="dimmed">
          {m.changesNone}
        </Text>
      ) : (
        <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {removed.map((line) => (
            <Text
              component="li"
              size="sm"
              key={`-${line.signature}`}
              bg="red.0"
              px="xs"
              py={2}
              style={{ overflowWrap: 'anywhere' }}
              data-testid="ivr-change-removed"
            >
              <Badge
                color="red"
                variant="light"
                size="sm"
                me={6}
                styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
              >
                {m.removed}
              </Badge>
              <OutlineText m={m} line={line} names={names} />
            </Text>
          ))}
          {added.map((line) => (
            <Text
              component="li"
              size="sm"
              key={`+${line.signature}`}
              bg="teal.0"
              px="xs"
              py={2}
              style={{ overflowWrap: 'anywhere' }}
              data-testid="ivr-change-added"
            >
              <Badge
                color="teal"
                variant="light"
                size="sm"
                me={6}
                styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
              >
                {m.added}
              </Badge>
              <OutlineText m={m} line={line} names={names} />
            </Text>
          ))}
        </Box>
      )}
    </Stack>
  );
}

/** The submitted version: its menu and changes; a centre manager who did not write it approves or sends it back. */
function WaitingSection({
  m,
  version,
  published,
  names,
  onDone,
}: {
  m: IvrWords;
  version: IvrMenuVersion;
  published: IvrMenuVersion | null;
  names: Map<string, string>;
  onDone: (words: string) => void;
}) {
  const { language, t } = useI18n();
  const { viewer } = useViewer();
  const approvePermission = usePermission('ivr:approve');
  const [step, setStep] = useState<'approve' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const approve = useMutationWithErrors(ApproveIvrMutation, (d) => d.approveIvrMenu);
  const reject = useMutationWithErrors(RejectIvrMutation, (d) => d.rejectIvrMenu);
  const own = version.preparedBy === viewer?.subject;
  const tree = version.tree as IvrTree;
  return (
    <Section id="ivr-waiting" title={m.waiting} data-testid="ivr-waiting" data-version={version.version}>
      <Stack gap="sm">
        <Group gap="xs">
          <Text fw={600}>
            {m.version} {formatNumber(version.version, language)}
          </Text>
          <StateBadge m={m} state={version.state} />
        </Group>
        <Text size="xs" c="dimmed">
          {m.preparedBy}: <Person subject={version.preparedBy} /> · {m.submittedAt}:{' '}
          <JalaliDate value={version.submittedAt} />
        </Text>
        {version.note ? (
          <Text size="sm" data-testid="ivr-waiting-note">
            <b>{m.note}:</b> {version.note}
          </Text>
        ) : null}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <MenuOutline m={m} tree={tree} names={names} testId="ivr-waiting-outline" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <ChangesList m={m} tree={tree} published={published} names={names} />
          </Grid.Col>
        </Grid>
        {!approvePermission ? (
          <Text size="sm" data-testid="ivr-waits-for-manager">
            {m.waitingForManager}
          </Text>
        ) : own ? (
          <Alert color="gray" data-testid="ivr-own">
            {m.ownVersion}
          </Alert>
        ) : (
          <Stack gap="sm" data-testid="ivr-decision">
            <Text size="sm">{m.decisionHint}</Text>
            {step === null ? (
              <Group gap="xs">
                <Button color="teal.9" onClick={() => setStep('approve')} data-testid="ivr-approve">
                  {m.approve}
                </Button>
                <Button
                  variant="light"
                  color="orange.9"
                  onClick={() => {
                    setStep('reject');
                    focusNext('[data-testid=ivr-reject-reason]');
                  }}
                  data-testid="ivr-reject"
                >
                  {m.sendBack}
                </Button>
              </Group>
            ) : null}
            {step === 'approve' ? (
              <Stack gap={6} role="group" aria-label={m.approve}>
                <Text size="sm" fw={600}>
                  {fill(m.confirmApprove, { version: formatNumber(version.version, language) })}
                </Text>
                <Group gap="xs">
                  <Button
                    color="teal.9"
                    loading={approve.fetching}
                    onClick={async () => {
                      const outcome = await approve.run({ version: version.version });
                      setStep(null);
                      if (outcome.ok) onDone(m.approvedDone);
                    }}
                    data-testid="ivr-approve-confirm"
                  >
                    {m.yesApprove}
                  </Button>
                  <Button variant="subtle" onClick={() => setStep(null)}>
                    {m.no}
                  </Button>
                </Group>
              </Stack>
            ) : null}
            {step === 'reject' ? (
              <form
                noValidate
                onKeyDown={formKeys()}
                onSubmit={async (event) => {
                  event.preventDefault();
                  if (!reason.trim()) {
                    setReasonError(t('fieldRequired'));
                    return;
                  }
                  const outcome = await reject.run({ version: version.version, reason: reason.trim() });
                  if (outcome.ok) {
                    setStep(null);
                    setReason('');
                    onDone(m.sentBackDone);
                  } else if (outcome.error?.field === 'reason') setReasonError(outcome.message);
                }}
              >
                <Textarea
                  label={m.reason}
                  description={m.reasonHint}
                  required
                  autosize
                  minRows={2}
                  maxLength={1000}
                  value={reason}
                  onChange={(e) => {
                    setReason(e.currentTarget.value);
                    setReasonError(null);
                  }}
                  error={reasonError}
                  data-testid="ivr-reject-reason"
                />
                <Group gap="xs" mt="xs">
                  <Button type="submit" loading={reject.fetching} data-testid="ivr-reject-confirm">
                    {m.sendBackConfirm}
                  </Button>
                  <Button variant="subtle" onClick={() => setStep(null)}>
                    {m.no}
                  </Button>
                </Group>
              </form>
            ) : null}
          </Stack>
        )}
        <FormError data-testid="ivr-decision-error">
          {approve.formError ?? (reject.formError && !reasonError ? reject.formError : null)}
        </FormError>
      </Stack>
    </Section>
  );
}

/** What the editor compares to know whether there is something unsaved. */
const snapshot = (tree: EditTree, note: string) => JSON.stringify([toApiTree(tree), note.trim()]);

/** The next version as a form: greeting, announcements, the menu's options (nested), a note; saved, then submitted. */
function Editor({
  m,
  draft,
  published,
  recordings,
  names,
  onDone,
}: {
  m: IvrWords;
  draft: IvrMenuVersion | null;
  published: IvrMenuVersion | null;
  recordings: readonly IvrRecording[];
  names: Map<string, string>;
  onDone: (words: string) => void;
}) {
  const { language } = useI18n();
  const [tree, setTree] = useState<EditTree | null>(() => (draft ? toEditTree(draft.tree) : null));
  const [note, setNote] = useState(draft?.note ?? '');
  const [saved, setSaved] = useState<{ version: number; snapshot: string } | null>(() =>
    draft && tree ? { version: draft.version, snapshot: snapshot(tree, note) } : null,
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [generalError, setGeneralError] = useState<string | null>(null);
  const save = useMutationWithErrors(SaveIvrDraftMutation, (d) => d.saveIvrMenuDraft);
  const submit = useMutationWithErrors(SubmitIvrMutation, (d) => d.submitIvrMenu);

  const start = (from: unknown | null) => {
    setTree(from ? toEditTree(from) : emptyTree());
    focusNext(`#${fieldId('tree.greeting.text')}`);
  };
  if (!tree)
    return (
      <Section id="ivr-editor" title={m.editor} data-testid="ivr-editor">
        <Stack gap="sm" align="flex-start">
          <Text size="sm" c="dimmed">
            {m.noDraft}
          </Text>
          <Button onClick={() => start(published?.tree ?? null)} data-testid="ivr-start">
            {published ? m.startFromPublished : m.startEmpty}
          </Button>
        </Stack>
      </Section>
    );

  const dirty = !saved || snapshot(tree, note) !== saved.snapshot;
  const change = (fn: (t: EditTree) => void, path?: string) => {
    const next = structuredClone(tree);
    fn(next);
    setTree(next);
    if (path && (errors[path] || Object.keys(errors).some((p) => path.startsWith(`${p}.`))))
      setErrors((all) =>
        Object.fromEntries(Object.entries(all).filter(([p]) => p !== path && !path.startsWith(`${p}.`))),
      );
  };

  /** Saves the draft; a refusal naming one of the editor's inputs is put beside it. True when saved. */
  const saveDraft = async (): Promise<number | null> => {
    setErrors({});
    setGeneralError(null);
    const outcome = await save.run({ tree: toApiTree(tree), note: note.trim() || null });
    if (outcome.ok) {
      const fresh = toEditTree(outcome.data.tree);
      const freshNote = outcome.data.note ?? '';
      setTree(fresh);
      setNote(freshNote);
      setSaved({ version: outcome.data.version, snapshot: snapshot(fresh, freshNote) });
      return outcome.data.version;
    }
    const error = outcome.error;
    if (error?.field && editorPaths(tree).has(error.field)) {
      // Beside the field, without the path the API's message starts with.
      setErrors({
        [error.field]: (language === 'fa' ? error.messageFa : error.message).replace(`${error.field}: `, ''),
      });
      save.setFormError(null);
      setGeneralError(m.fixErrors);
      focusNext(`#${fieldId(error.field)}`);
    }
    return null;
  };

  const busy = save.fetching || submit.fetching;
  const title = saved ? fill(m.editorDraft, { version: formatNumber(saved.version, language) }) : m.editorNew;
  const apiTree = toApiTree(tree);

  return (
    <Section id="ivr-editor" title={title} data-testid="ivr-editor" data-version={saved?.version ?? ''}>
      <form
        noValidate
        onKeyDown={formKeys()}
        data-testid="ivr-form"
        onSubmit={async (event) => {
          event.preventDefault();
          if (await saveDraft()) onDone(m.saved);
        }}
      >
        <Stack gap="md">
          {draft?.rejectionReason ? (
            <Alert color="orange" title={m.sentBack} data-testid="ivr-sent-back">
              <Text size="sm" data-testid="ivr-rejection-reason">
                {draft.rejectionReason}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                <Person subject={draft.decidedBy} /> · <JalaliDate value={draft.decidedAt} />
              </Text>
            </Alert>
          ) : null}
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Stack gap="md">
                <Paper withBorder p="sm" component="fieldset" m={0}>
                  <Text component="legend" fw={600} px={4}>
                    {m.greeting}
                  </Text>
                  <Stack gap="sm">
                    <PromptFields
                      m={m}
                      path="tree.greeting"
                      prompt={tree.greeting}
                      textLabel={m.greetingText}
                      textHint={m.greetingTextHint}
                      recordings={recordings}
                      errors={errors}
                      onChange={(fn, path) => change((t) => fn(t.greeting), path)}
                      testId="ivr-greeting"
                    />
                    <Switch
                      label={m.announceNotices}
                      description={m.announceNoticesHint}
                      checked={tree.announceNotices}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        change((t) => {
                          t.announceNotices = on;
                        });
                      }}
                      data-testid="ivr-announce"
                    />
                  </Stack>
                </Paper>
                <MenuEditor
                  m={m}
                  menu={tree.menu}
                  path="tree.menu"
                  depth={1}
                  title={m.menu}
                  recordings={recordings}
                  errors={errors}
                  onChange={(fn, path) => change((t) => fn(t.menu), path)}
                />
                <Textarea
                  label={m.note}
                  description={m.noteHint}
                  autosize
                  minRows={2}
                  maxLength={1000}
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  data-testid="ivr-note"
                />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Stack gap="sm" style={{ position: 'sticky', top: 'calc(var(--app-shell-header-height, 60px) + 8px)' }}>
                <MenuOutline m={m} tree={apiTree} names={names} testId="ivr-editor-outline" />
                <ChangesList m={m} tree={apiTree} published={published} names={names} />
              </Stack>
            </Grid.Col>
          </Grid>
          <FormError data-testid="ivr-form-error">{save.formError ?? submit.formError ?? generalError}</FormError>
          {dirty && saved ? (
            <Text size="sm" c="dimmed" data-testid="ivr-unsaved">
              {m.unsaved}
            </Text>
          ) : null}
          <Group gap="xs">
            <Button type="submit" loading={save.fetching} disabled={busy && !save.fetching} data-testid="ivr-save">
              {m.save}
            </Button>
            <Button
              color="teal.9"
              loading={submit.fetching}
              disabled={busy && !submit.fetching}
              data-testid="ivr-submit"
              onClick={async () => {
                const version = dirty ? await saveDraft() : (saved?.version ?? null);
                if (!version) return;
                const outcome = await submit.run({ version });
                if (outcome.ok) onDone(m.submitted);
              }}
            >
              {m.submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

type Change<T> = (fn: (value: T) => void, path?: string) => void;

/** A prompt's text and its recording (either or both; the recording is played when there is one). */
function PromptFields({
  m,
  path,
  prompt,
  textLabel,
  textHint,
  recordings,
  errors,
  onChange,
  testId,
}: {
  m: IvrWords;
  path: string;
  prompt: EditPrompt;
  textLabel: string;
  textHint?: string;
  recordings: readonly IvrRecording[];
  errors: Record<string, string>;
  onChange: Change<EditPrompt>;
  testId: string;
}) {
  const choices = [
    { value: '', label: m.noRecording },
    ...recordings.map((r) => ({ value: r.audioId, label: r.name })),
    ...(prompt.audioId && !recordings.some((r) => r.audioId === prompt.audioId)
      ? [{ value: prompt.audioId, label: prompt.audioId }]
      : []),
  ];
  return (
    <Stack gap="xs">
      <Textarea
        id={fieldId(`${path}.text`)}
        label={textLabel}
        description={textHint}
        autosize
        minRows={2}
        maxLength={1000}
        value={prompt.text}
        onChange={(e) => {
          const value = e.currentTarget.value;
          onChange((p) => {
            p.text = value;
          }, `${path}.text`);
        }}
        error={errors[`${path}.text`] ?? errors[path]}
        data-testid={`${testId}-text`}
      />
      <NativeSelect
        id={fieldId(`${path}.audioId`)}
        label={m.recording}
        maw={420}
        data={choices}
        value={prompt.audioId}
        onChange={(e) => {
          const value = e.currentTarget.value;
          onChange((p) => {
            p.audioId = value;
          }, `${path}.audioId`);
        }}
        error={errors[`${path}.audioId`]}
        data-testid={`${testId}-audio`}
      />
    </Stack>
  );
}

/** A menu: its prompt, how long it waits for a key, and its options (each possibly a sub-menu, to the depth limit). */
function MenuEditor({
  m,
  menu,
  path,
  depth,
  title,
  recordings,
  errors,
  onChange,
}: {
  m: IvrWords;
  menu: EditMenu;
  path: string;
  depth: number;
  title: string;
  recordings: readonly IvrRecording[];
  errors: Record<string, string>;
  onChange: Change<EditMenu>;
}) {
  const { language } = useI18n();
  const testId = `ivr-menu-${depth}`;
  return (
    <Paper
      withBorder
      p="sm"
      component="fieldset"
      m={0}
      bg={depth > 1 ? 'gray.0' : undefined}
      data-testid={testId}
      data-path={path}
      style={{ minWidth: 0 }}
    >
      <Text component="legend" fw={600} px={4}>
        {title}
      </Text>
      <Stack gap="sm">
        <PromptFields
          m={m}
          path={`${path}.prompt`}
          prompt={menu.prompt}
          textLabel={m.promptText}
          textHint={m.promptTextHint}
          recordings={recordings}
          errors={errors}
          onChange={(fn, p) => onChange((node) => fn(node.prompt), p)}
          testId={`ivr-prompt-${depth}`}
        />
        <TextInput
          id={fieldId(`${path}.timeoutSeconds`)}
          label={m.timeout}
          description={m.timeoutHint}
          inputMode="numeric"
          maw={260}
          value={localDigits(menu.timeoutSeconds, language)}
          onChange={(e) => {
            const value = e.currentTarget.value;
            onChange((node) => {
              node.timeoutSeconds = value;
            }, `${path}.timeoutSeconds`);
          }}
          error={errors[`${path}.timeoutSeconds`]}
        />
        <Title order={3} size="h5" id={`${fieldId(path)}-options`}>
          {m.options}
        </Title>
        <Stack gap="sm" role="list" aria-labelledby={`${fieldId(path)}-options`}>
          {menu.options.map((option, i) => (
            <OptionEditor
              key={option.uid}
              m={m}
              option={option}
              index={i}
              count={menu.options.length}
              path={`${path}.options.${i}`}
              depth={depth}
              recordings={recordings}
              errors={errors}
              onChange={(fn, p) =>
                onChange((node) => {
                  const found = node.options[i];
                  if (found) fn(found);
                }, p)
              }
              onMove={(by) =>
                onChange((node) => {
                  const [moved] = node.options.splice(i, 1);
                  if (moved) node.options.splice(i + by, 0, moved);
                })
              }
              onRemove={() =>
                onChange((node) => {
                  node.options.splice(i, 1);
                })
              }
            />
          ))}
        </Stack>
        {errors[`${path}.options`] ? (
          <Text c="red.8" size="sm" role="alert" id={fieldId(`${path}.options`)} tabIndex={-1}>
            {errors[`${path}.options`]}
          </Text>
        ) : null}
        <Group>
          <Button
            variant="default"
            size="compact-md"
            disabled={menu.options.length >= ivrMaxOptions}
            data-testid={`${testId}-add`}
            onClick={() => {
              const next = newOption(menu);
              onChange((node) => {
                node.options.push(next);
              }, `${path}.options`);
              focusNext(`#${fieldId(`${path}.options.${menu.options.length}.label`)}`);
            }}
          >
            {m.addOption}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function OptionEditor({
  m,
  option,
  index,
  count,
  path,
  depth,
  recordings,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  m: IvrWords;
  option: EditOption;
  index: number;
  count: number;
  path: string;
  depth: number;
  recordings: readonly IvrRecording[];
  errors: Record<string, string>;
  onChange: Change<EditOption>;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { language } = useI18n();
  const n = formatNumber(index + 1, language);
  const d = `${path}.destination`;
  const set =
    <K extends keyof EditOption>(field: K, at: string) =>
    (value: EditOption[K]) =>
      onChange((o) => {
        o[field] = value;
      }, at);
  const canNest = depth < ivrMaxDepth;
  return (
    <Paper withBorder p="sm" role="listitem" data-testid="ivr-option" data-key={option.key} style={{ minWidth: 0 }}>
      <Group justify="space-between" gap="xs" mb="xs" wrap="nowrap">
        <Text fw={600} size="sm">
          {fill(m.option, { n })}
        </Text>
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="default"
            aria-label={fill(m.moveUp, { n })}
            disabled={index === 0}
            onClick={() => onMove(-1)}
            data-testid="ivr-option-up"
          >
            <span aria-hidden>↑</span>
          </ActionIcon>
          <ActionIcon
            variant="default"
            aria-label={fill(m.moveDown, { n })}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
            data-testid="ivr-option-down"
          >
            <span aria-hidden>↓</span>
          </ActionIcon>
          <ActionIcon
            variant="light"
            color="red"
            aria-label={fill(m.removeOption, { n })}
            onClick={onRemove}
            data-testid="ivr-option-remove"
          >
            <span aria-hidden>✕</span>
          </ActionIcon>
        </Group>
      </Group>
      <Grid gap="sm">
        <Grid.Col span={{ base: 4, sm: 2 }}>
          <NativeSelect
            id={fieldId(`${path}.key`)}
            label={m.key}
            data={ivrKeys.map((k) => ({ value: k, label: keyName(k, language) }))}
            value={option.key}
            onChange={(e) => set('key', `${path}.key`)(e.currentTarget.value)}
            error={errors[`${path}.key`]}
            data-testid="ivr-option-key"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 8, sm: 5 }}>
          <TextInput
            id={fieldId(`${path}.label`)}
            label={m.label}
            maxLength={100}
            value={option.label}
            onChange={(e) => set('label', `${path}.label`)(e.currentTarget.value)}
            error={errors[`${path}.label`]}
            data-testid="ivr-option-label"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 5 }}>
          <NativeSelect
            id={fieldId(d)}
            label={m.destination}
            data={destinationKinds.map((k) => ({
              value: k,
              label: m[`kind.${k}`],
              disabled: k === 'menu' && !canNest && option.kind !== 'menu',
            }))}
            value={option.kind}
            onChange={(e) => set('kind', d)(e.currentTarget.value as DestinationKind)}
            error={errors[d]}
            description={canNest ? undefined : fill(m.maxDepth, { depth: formatNumber(ivrMaxDepth, language) })}
            data-testid="ivr-option-kind"
          />
        </Grid.Col>
      </Grid>
      <Box mt="sm">
        {option.kind === 'queue' ? (
          <TextInput
            id={fieldId(`${d}.queue`)}
            label={m.queue}
            description={m.queueHint}
            dir="ltr"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={64}
            value={option.queue}
            onChange={(e) => set('queue', `${d}.queue`)(e.currentTarget.value)}
            error={errors[`${d}.queue`]}
            styles={{ label: { direction: 'rtl' }, description: { direction: 'rtl' } }}
            data-testid="ivr-option-queue"
          />
        ) : null}
        {option.kind === 'transfer' ? (
          <TextInput
            id={fieldId(`${d}.number`)}
            label={m.number}
            inputMode="tel"
            dir="ltr"
            maxLength={16}
            value={localDigits(option.number, language)}
            onChange={(e) => set('number', `${d}.number`)(e.currentTarget.value)}
            error={errors[`${d}.number`]}
            data-testid="ivr-option-number"
          />
        ) : null}
        {option.kind === 'announcement' ? (
          <Stack gap="sm">
            <PromptFields
              m={m}
              path={`${d}.prompt`}
              prompt={option.prompt}
              textLabel={m.announcementText}
              recordings={recordings}
              errors={errors}
              onChange={(fn, p) => onChange((o) => fn(o.prompt), p)}
              testId="ivr-option-announcement"
            />
            <NativeSelect
              id={fieldId(`${d}.after`)}
              label={m.after}
              maw={260}
              data={(['repeat', 'hangup'] as const).map((a) => ({ value: a, label: m[`after.${a}`] }))}
              value={option.after}
              onChange={(e) => set('after', `${d}.after`)(e.currentTarget.value as 'repeat' | 'hangup')}
              error={errors[`${d}.after`]}
              data-testid="ivr-option-after"
            />
          </Stack>
        ) : null}
        {option.kind === 'menu' ? (
          <MenuEditor
            m={m}
            menu={option.menu}
            path={`${d}.menu`}
            depth={depth + 1}
            title={fill(m.subMenu, { key: keyName(option.key, language) })}
            recordings={recordings}
            errors={errors}
            onChange={(fn, p) => onChange((o) => fn(o.menu), p)}
          />
        ) : null}
      </Box>
    </Paper>
  );
}

/** The company's recordings: uploaded here (WAV or MP3 to 5 MB), played, and chosen in any prompt. */
function RecordingsSection({
  m,
  recordings,
  prepare,
  onUploaded,
}: {
  m: IvrWords;
  recordings: readonly IvrRecording[];
  prepare: boolean;
  onUploaded: () => void;
}) {
  const { language, t } = useI18n();
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [playing, setPlaying] = useState<{ audioId: string; url: string } | null>(null);
  const [playError, setPlayError] = useState<string | null>(null);
  const urls = useRef<string[]>([]);
  useEffect(() => {
    const made = urls.current;
    return () => {
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, []);

  return (
    <Section id="ivr-recordings" title={m.recordings} data-testid="ivr-recordings">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {m.recordingsHint}
        </Text>
        {prepare ? (
          <form
            noValidate
            data-testid="ivr-upload-form"
            onSubmit={async (event) => {
              event.preventDefault();
              setNotice(null);
              setError(null);
              const trimmed = name.trim();
              setNameError(trimmed ? null : t('fieldRequired'));
              setFileError(file ? (file.size > maxAudioBytes ? m.uploadTooBig : null) : t('fieldRequired'));
              if (!trimmed || !file || file.size > maxAudioBytes) return;
              setBusy(true);
              const outcome = await uploadRecording(trimmed, file).finally(() => setBusy(false));
              if (outcome.ok) {
                setNotice(fill(m.uploaded, { name: trimmed }));
                setName('');
                setFile(null);
                onUploaded();
                return;
              }
              const words =
                outcome.message === 'network'
                  ? t('errorNetwork')
                  : language === 'fa'
                    ? outcome.messageFa || outcome.message
                    : outcome.message;
              const plain = outcome.field ? words.replace(new RegExp(`^${outcome.field}: `), '') : words;
              if (outcome.field === 'name') setNameError(plain);
              else if (outcome.field === 'body') setFileError(plain);
              else setError(`${m.uploadFailed}: ${plain}`);
            }}
          >
            <Grid gap="sm" align="flex-start">
              <Grid.Col span={{ base: 12, sm: 5 }}>
                <TextInput
                  label={m.recordingName}
                  required
                  maxLength={200}
                  value={name}
                  onChange={(e) => {
                    setName(e.currentTarget.value);
                    setNameError(null);
                  }}
                  error={nameError}
                  data-testid="ivr-recording-name"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 5 }}>
                <FileInput
                  label={m.recordingFile}
                  placeholder={m.recordingFilePlaceholder}
                  // Mantine's light grey placeholder is below AA on white (axe, at phone width).
                  styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
                  required
                  accept=".wav,.mp3,audio/wav,audio/x-wav,audio/mpeg"
                  value={file}
                  clearable
                  onChange={(chosen) => {
                    setFile(chosen);
                    setFileError(chosen && chosen.size > maxAudioBytes ? m.uploadTooBig : null);
                    if (chosen && !name.trim()) setName(chosen.name.replace(/\.[^.]+$/, ''));
                  }}
                  error={fileError}
                  data-testid="ivr-recording-file"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 2 }} pt={{ base: 0, sm: 'xl' }}>
                <Button type="submit" loading={busy} fullWidth data-testid="ivr-upload">
                  {m.upload}
                </Button>
              </Grid.Col>
            </Grid>
            <FormError mt="sm">{error}</FormError>
            {notice ? (
              <Notice mt="sm" onClose={() => setNotice(null)} data-testid="ivr-upload-notice">
                {notice}
              </Notice>
            ) : null}
          </form>
        ) : null}
        {recordings.length === 0 ? (
          <Text size="sm" c="dimmed">
            {m.recordingsNone}
          </Text>
        ) : (
          <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {recordings.map((r) => (
              <Paper
                key={r.audioId}
                component="li"
                withBorder
                p="xs"
                data-testid="ivr-recording"
                data-audio-id={r.audioId}
              >
                <Group justify="space-between" gap="xs">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                      <bdi>{r.name}</bdi>
                    </Text>
                    <Text size="xs" c="dimmed">
                      {r.contentType === 'audio/mpeg' ? 'MP3' : 'WAV'} ·{' '}
                      {formatNumber(Math.max(1, Math.round(r.size / 1024)), language)} {m.kb} · {m.uploadedBy}{' '}
                      <JalaliDate value={r.createdAt} /> · <Person subject={r.uploadedBy} />
                    </Text>
                  </Stack>
                  <Button
                    size="compact-sm"
                    variant="light"
                    data-testid="ivr-recording-play"
                    aria-label={fill(m.play, { name: r.name })}
                    onClick={async () => {
                      setPlayError(null);
                      try {
                        const url = await recordingUrl(r.audioId);
                        urls.current.push(url);
                        setPlaying({ audioId: r.audioId, url });
                      } catch {
                        setPlayError(m.playFailed);
                      }
                    }}
                  >
                    {m.playShort}
                  </Button>
                </Group>
                {playing?.audioId === r.audioId ? (
                  // biome-ignore lint/a11y/useMediaCaption: a recorded IVR prompt; its words are the prompt's text
                  <audio
                    controls
                    autoPlay
                    src={playing.url}
                    aria-label={r.name}
                    style={{ width: '100%', marginTop: 8 }}
                    data-testid="ivr-recording-audio"
                  />
                ) : null}
              </Paper>
            ))}
          </Stack>
        )}
        <FormError>{playError}</FormError>
      </Stack>
    </Section>
  );
}

/** Every version, newest first: its state, who wrote and decided it and when, the reason of a send-back, its menu. */
function HistorySection({
  m,
  menus,
  names,
}: {
  m: IvrWords;
  menus: readonly IvrMenuVersion[];
  names: Map<string, string>;
}) {
  const { language } = useI18n();
  return (
    <Section id="ivr-history" title={m.history} data-testid="ivr-history">
      {menus.length === 0 ? (
        <Text size="sm" c="dimmed">
          {m.historyNone}
        </Text>
      ) : (
        <Stack gap="xs" component="ol" m={0} p={0} style={{ listStyle: 'none' }}>
          {menus.map((v) => (
            <Paper
              key={v.version}
              component="li"
              withBorder
              p="xs"
              data-testid="ivr-version"
              data-version={v.version}
              data-state={v.state}
            >
              <Group gap="xs" mb={4}>
                <Text fw={600} size="sm">
                  {m.version} {formatNumber(v.version, language)}
                </Text>
                <StateBadge m={m} state={v.state} />
              </Group>
              {v.note ? (
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {v.note}
                </Text>
              ) : null}
              <Text size="xs" c="dimmed">
                {m.preparedBy}: <Person subject={v.preparedBy} /> · {m.updatedAt}: <JalaliDate value={v.updatedAt} />
                {v.submittedAt ? (
                  <>
                    {' '}
                    · {m.submittedAt}: <JalaliDate value={v.submittedAt} />
                  </>
                ) : null}
                {v.decidedAt ? (
                  <>
                    {' '}
                    · {m.decidedAt}: <JalaliDate value={v.decidedAt} /> {m.decidedBy} <Person subject={v.decidedBy} />
                  </>
                ) : null}
                {v.publishedAt ? (
                  <>
                    {' '}
                    · {m.publishedAt}: <JalaliDate value={v.publishedAt} />
                  </>
                ) : null}
              </Text>
              {v.rejectionReason ? (
                <Text size="sm" c="orange.9" data-testid="ivr-version-reason">
                  {m.sentBack}: {v.rejectionReason}
                </Text>
              ) : null}
              <details>
                <summary>
                  <Text component="span" size="sm">
                    {m.showTree}
                  </Text>
                </summary>
                <Box mt="xs">
                  <MenuOutline m={m} tree={v.tree as IvrTree} names={names} testId="ivr-version-outline" />
                </Box>
              </details>
            </Paper>
          ))}
        </Stack>
      )}
    </Section>
  );
}
