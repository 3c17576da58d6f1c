import { Alert, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { localDigits, normalizePersian } from '../../format.js';
import type { ResultOf } from '../../graphql/graphql.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import type { Progress } from './CallDone.js';
import { AddCallToRequestMutation, type RepeatCandidatesQuery } from './operations.js';

type Candidate = ResultOf<typeof RepeatCandidatesQuery>['repeatCandidates'][number];

const words = {
  fa: {
    title: 'درخواست باز همین تماس‌گیرنده در همین موضوع',
    hint: 'اگر تماس دربارهٔ همین مشکل است، آن را به درخواست موجود اضافه کنید؛ درخواست تکراری ثبت نکنید.',
    add: 'افزودن این تماس به این درخواست',
    note: 'یادداشت تماس',
    confirm: 'افزودن تماس',
    cancel: 'انصراف',
    required: 'یادداشت تماس لازم است',
    due: 'مهلت',
  },
  en: {
    title: 'Open requests of this caller on the same subject',
    hint: 'If the call is about the same problem, add it to the existing request instead of registering a duplicate.',
    add: 'Add this call to it',
    note: 'Note of the call',
    confirm: 'Add the call',
    cancel: 'Cancel',
    required: 'A note of the call is required',
    due: 'Due',
  },
};

export interface RepeatCallBase {
  talkSeconds: number;
  channel: 'PHONE';
  callerNumber: string | null;
  startedAt: string;
}

interface Props {
  candidates: readonly Candidate[];
  /** What the agent has written so far: the note starts from it. */
  description: string;
  /** The call's own fields (talk time, number), taken when the call is added. */
  base: () => RepeatCallBase;
  onAdded: (progress: Progress) => void;
}

/**
 * A repeat caller's open requests in the chosen category's family, shown before the register button: the agent adds
 * the call to one of them (with a note) instead of registering a duplicate.
 */
export function RepeatCandidates({ candidates, description, base, onAdded }: Props) {
  const w = useMessages(words);
  const pick = useBilingual();
  const { language } = useI18n();
  const [adding, setAdding] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const add = useMutationWithErrors(AddCallToRequestMutation, (d) => d.addCallToRequest);

  if (candidates.length === 0) return null;

  const confirm = async (requestId: string) => {
    const text = normalizePersian(note).trim();
    if (!text) {
      setNoteError(w.required);
      return;
    }
    setNoteError(null);
    const outcome = await add.run({ input: { ...base(), requestId, note: text } });
    if (!outcome.ok) return;
    const r = outcome.data.request;
    onAdded({ requestId: r.id, trackingCode: r.trackingCode, assignedUnit: r.assignedUnit, dueAt: r.dueAt });
  };

  return (
    <Alert color="orange" variant="light" data-testid="repeat-candidates" aria-labelledby="repeat-candidates-heading">
      <Stack gap="xs">
        <Title order={3} size="h5" id="repeat-candidates-heading">
          {w.title}
        </Title>
        <Text size="sm">{w.hint}</Text>
        {candidates.map((r) => (
          <Paper key={r.id} withBorder p="xs" data-testid="repeat-candidate" data-code={r.trackingCode}>
            <Stack gap={4}>
              <Group justify="space-between" gap="xs">
                <TrackingCodeText code={r.trackingCode} />
                <StatusBadge status={r.status} overdue={r.overdue} />
              </Group>
              <Text size="sm">
                {r.categoryNameFa}
                {r.assignedUnit ? ` — ${pick(r.assignedUnit.nameFa, r.assignedUnit.nameEn)}` : ''}
              </Text>
              {r.address ? <Text size="sm">{localDigits(r.address, language)}</Text> : null}
              <Text size="xs" c="dimmed">
                <JalaliDate value={r.registeredAt} /> — {w.due}: <JalaliDate value={r.dueAt} />
              </Text>
              {adding === r.id ? (
                <Stack gap="xs">
                  <Textarea
                    label={w.note}
                    autosize
                    minRows={2}
                    maxLength={2000}
                    required
                    data-autofocus
                    autoFocus
                    value={note}
                    error={noteError}
                    onChange={(e) => setNote(e.currentTarget.value)}
                    onKeyDown={(e) => {
                      // Enter writes a new line; Ctrl+Enter adds the call (the call form must not submit).
                      e.stopPropagation();
                      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                        e.preventDefault();
                        void confirm(r.id);
                      }
                    }}
                    data-testid="repeat-note"
                  />
                  {add.formError ? (
                    <Text size="sm" c="red" role="alert">
                      {add.formError}
                    </Text>
                  ) : null}
                  <Group gap="xs">
                    <Button loading={add.fetching} onClick={() => void confirm(r.id)} data-testid="repeat-confirm">
                      {w.confirm}
                    </Button>
                    <Button variant="subtle" onClick={() => setAdding(null)}>
                      {w.cancel}
                    </Button>
                  </Group>
                </Stack>
              ) : (
                <Button
                  variant="light"
                  color="orange"
                  size="xs"
                  onClick={() => {
                    setAdding(r.id);
                    setNote(description);
                    setNoteError(null);
                  }}
                  data-testid="repeat-add"
                >
                  {w.add}
                </Button>
              )}
            </Stack>
          </Paper>
        ))}
      </Stack>
    </Alert>
  );
}
