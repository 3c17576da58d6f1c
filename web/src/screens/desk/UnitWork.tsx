import { Alert, Anchor, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { displayText, localDigits } from '../../format.js';
import { UnitName } from '../../graphql/fragments.js';
import { ErrorFields, graphql } from '../../graphql/graphql.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { usePermission, useViewer } from '../../viewer.js';
import { withinOwnUnit } from './actions.js';

/**
 * What a unit needs on a request beside its lifecycle (issue 10): the centre is told why a unit sent a request
 * back, staff write internal notes (never shown to the citizen), and whoever calls the reporter back reveals the
 * full number (the server audits every reveal).
 */

const messages = {
  fa: {
    returnedTitle: 'بازگشتی از واحد',
    returnedBy: 'این درخواست را واحد «{unit}» به مرکز بازگرداند؛ دلیل:',
    returnedBadge: 'بازگشتی',
    reveal: 'نمایش شمارهٔ کامل برای تماس',
    revealHint: 'نمایش شماره در سابقهٔ ممیزی ثبت می‌شود.',
    callBack: 'تماس با {number}',
    noMobile: 'تماس‌گیرنده شمارهٔ همراهی نگذاشته است.',
    notes: 'یادداشت داخلی',
    notesHint: 'فقط کارکنان می‌بینند؛ هرگز در صفحهٔ پیگیری شهروند نشان داده نمی‌شود.',
    note: 'متن یادداشت',
    addNote: 'افزودن یادداشت',
    noteAdded: 'یادداشت به سابقه افزوده شد.',
  },
  en: {
    returnedTitle: 'Returned by the unit',
    returnedBy: 'The unit “{unit}” returned this request to the centre. Reason:',
    returnedBadge: 'Returned',
    reveal: 'Show the full number to call back',
    revealHint: 'Showing the number is recorded in the audit trail.',
    callBack: 'Call {number}',
    noMobile: 'The caller left no mobile number.',
    notes: 'Internal note',
    notesHint: 'Staff only; never shown on the citizen’s tracking page.',
    note: 'Note',
    addNote: 'Add the note',
    noteAdded: 'The note was added to the history.',
  },
};

const RevealCallerMobileMutation = graphql(
  `
  mutation RevealCallerMobile($requestId: ID!) {
    revealCallerMobile(requestId: $requestId) {
      __typename
      ... on RevealCallerMobileSuccess {
        data {
          mobile
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

const AddRequestNoteMutation = graphql(
  `
  mutation AddRequestNote($requestId: ID!, $note: String!) {
    addRequestNote(requestId: $requestId, note: $note) {
      __typename
      ... on AddRequestNoteSuccess {
        data {
          id
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

const TeamOptionsQuery = graphql(
  `
  query TeamOptions {
    units(first: 200) {
      nodes {
        ...UnitName
        kind
        active
        parent {
          id
        }
      }
    }
  }
`,
  [UnitName],
);

/** The teams (and any unit) under `unitId`, as select options: where a unit may hand its request. */
export function useTeamOptions(unitId: string | null | undefined) {
  const [result] = useQuery({ query: TeamOptionsQuery, pause: !unitId });
  const pick = useBilingual();
  return useMemo(() => {
    const units = result.data?.units.nodes ?? [];
    const below = new Set<string>(unitId ? [unitId] : []);
    // Parents before children is not promised: sweep until a sweep adds nothing.
    for (let grew = true; grew; ) {
      grew = false;
      for (const u of units)
        if (u.parent && below.has(u.parent.id) && !below.has(u.id)) {
          below.add(u.id);
          grew = true;
        }
    }
    return units
      .filter((u) => u.id !== unitId && below.has(u.id) && u.active)
      .map((u) => ({ value: u.id, label: pick(u.nameFa, u.nameEn) }));
  }, [result.data, unitId, pick]);
}

interface Returned {
  reason: string;
  returnedAt: string;
  unit: { nameFa: string; nameEn: string | null } | null;
}

/** The centre's notice that a unit sent this request back, with its reason (until it is dispatched again). */
export function ReturnedNotice({ returned }: { returned: Returned | null | undefined }) {
  const m = useMessages(messages);
  const { language } = useI18n();
  const pick = useBilingual();
  if (!returned) return null;
  return (
    <Alert color="orange" title={m.returnedTitle} mb="md" data-testid="returned-notice">
      <Text size="sm">
        {m.returnedBy.replace('{unit}', returned.unit ? pick(returned.unit.nameFa, returned.unit.nameEn) : '—')}{' '}
        <JalaliDate value={returned.returnedAt} />
      </Text>
      <Text fw={600} mt={4} style={{ whiteSpace: 'pre-wrap' }} data-testid="returned-reason">
        {displayText(returned.reason, language)}
      </Text>
    </Alert>
  );
}

/**
 * The caller's full number, revealed on demand for a call back (tel: link); the reveal is audited by the server.
 * Operational units reveal only for the requests assigned to their unit (or one below it: the server decides).
 */
export function CallBack({ requestId, assignedUnitId }: { requestId: string; assignedUnitId: string | null }) {
  const m = useMessages(messages);
  const { language } = useI18n();
  const { viewer } = useViewer();
  const may = usePermission('callers:reveal') && (!withinOwnUnit(viewer, 'callers:reveal') || Boolean(assignedUnitId));
  const reveal = useMutationWithErrors(RevealCallerMobileMutation, (d) => d.revealCallerMobile);
  const [mobile, setMobile] = useState<string | null | undefined>(undefined);
  if (!may) return null;
  if (mobile !== undefined)
    return mobile ? (
      <Anchor href={`tel:${mobile}`} className="ltr-value" data-testid="caller-full-number">
        {m.callBack.replace('{number}', localDigits(mobile, language))}
      </Anchor>
    ) : (
      <Text size="sm" c="dimmed">
        {m.noMobile}
      </Text>
    );
  return (
    <Stack gap={2} align="flex-start">
      <Button
        size="compact-sm"
        variant="light"
        loading={reveal.fetching}
        title={m.revealHint}
        onClick={async () => {
          const outcome = await reveal.run({ requestId });
          if (outcome.ok) setMobile(outcome.data.mobile ?? null);
        }}
        data-testid="reveal-caller"
      >
        {m.reveal}
      </Button>
      <FormError>{reveal.formError}</FormError>
    </Stack>
  );
}

/** Adds an internal note to the request's history (staff only). */
export function InternalNote({ requestId, onDone }: { requestId: string; onDone: () => void }) {
  const m = useMessages(messages);
  const { t } = useI18n();
  const may = usePermission('requests:note');
  const [added, setAdded] = useState(false);
  const form = useForm({
    initialValues: { note: '' },
    validate: { note: (v) => (v.trim() ? null : t('fieldRequired')) },
  });
  const add = useMutationWithErrors(AddRequestNoteMutation, (d) => d.addRequestNote, { form });
  if (!may) return null;
  return (
    <Section id="request-note" title={m.notes}>
      {added ? (
        <Notice mb="sm" onClose={() => setAdded(false)}>
          {m.noteAdded}
        </Notice>
      ) : null}
      <form
        noValidate
        onKeyDown={formKeys()}
        onSubmit={form.onSubmit(async (values) => {
          const outcome = await add.run({ requestId, note: values.note });
          if (outcome.ok) {
            form.reset();
            setAdded(true);
            onDone();
            focusNext(noticeSelector);
          }
        })}
      >
        <Stack gap="sm">
          <Textarea
            label={m.note}
            description={m.notesHint}
            required
            autosize
            minRows={2}
            {...form.getInputProps('note')}
            data-testid="request-note-text"
          />
          <FormError>{add.formError}</FormError>
          <Group>
            <FormButtons label={m.addNote} loading={add.fetching} submitTestId="request-note-submit" />
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
