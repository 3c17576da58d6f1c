import { Alert, Anchor, Button, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link } from 'react-router';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { usePermission } from '../../viewer.js';
import { FollowUpStateBadge } from './FollowUpBadges.js';
import { type FollowUpState, OpenFollowUpCaseMutation } from './operations.js';

const messages = {
  fa: {
    followUp: 'پیگیری',
    open: 'پروندهٔ پیگیری این درخواست باز است.',
    see: 'دیدن پرونده',
    openCase: 'گشودن پرونده پیگیری',
    reason: 'دلیل پیگیری',
    reasonHint: 'چرا این درخواست باید با واحد پیگیری شود؛ در پرونده و سابقهٔ درخواست می‌ماند.',
    opened: 'پروندهٔ پیگیری گشوده شد.',
  },
  en: {
    followUp: 'Follow-up',
    open: 'A follow-up case is open on this request.',
    see: 'See the case',
    openCase: 'Open a follow-up case',
    reason: 'Why it is followed up',
    reasonHint: 'Why this request must be pursued with its unit; kept with the case and in the request’s history.',
    opened: 'The follow-up case is open.',
  },
};

interface RequestFollowUpProps {
  request: { id: string; followUpOpen: boolean; followUpCases: readonly { id: string; state: FollowUpState }[] | null };
  onDone: () => void;
}

/**
 * On a request: «پیگیری» when a case is open (a link to it for those who read cases), else — for those who may —
 * opening one by hand with the reason.
 */
export function RequestFollowUp({ request, onDone }: RequestFollowUpProps) {
  const m = useMessages(messages);
  const { t } = useI18n();
  const mayOpen = usePermission('followups:open');
  const [opening, setOpening] = useState(false);
  const [opened, setOpened] = useState(false);
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim() ? null : t('fieldRequired')) },
  });
  const open = useMutationWithErrors(OpenFollowUpCaseMutation, (d) => d.openFollowUpCase, {
    form,
    fieldMap: { requestId: 'reason' },
  });
  if (request.followUpOpen) {
    const kase = request.followUpCases?.find((c) => c.state !== 'CLOSED');
    return (
      <Alert
        color="orange"
        variant="light"
        title={m.followUp}
        data-testid="request-followup"
        data-notice={opened ? '' : undefined}
        tabIndex={opened ? -1 : undefined}
      >
        <Stack gap={4} align="flex-start">
          <Text size="sm">{opened ? m.opened : m.open}</Text>
          {kase ? (
            <Anchor
              component={Link}
              to={`/followup/${encodeURIComponent(kase.id)}`}
              // Dark enough on the orange notice (the theme's link colour is not).
              c="blue.9"
              fw={600}
              data-testid="request-followup-link"
            >
              {m.see} <FollowUpStateBadge state={kase.state} />
            </Anchor>
          ) : null}
        </Stack>
      </Alert>
    );
  }
  if (!mayOpen) return null;
  return (
    <Section id="request-followup-title" title={m.followUp}>
      {opening ? (
        <form
          noValidate
          onKeyDown={formKeys()}
          onSubmit={form.onSubmit(async (values) => {
            const outcome = await open.run({ requestId: request.id, reason: values.reason });
            if (outcome.ok) {
              form.reset();
              setOpening(false);
              setOpened(true);
              onDone();
              focusNext(noticeSelector);
            }
          })}
          data-testid="request-followup-form"
        >
          <Stack gap="sm">
            <Textarea
              label={m.reason}
              description={m.reasonHint}
              required
              autosize
              minRows={2}
              {...form.getInputProps('reason')}
              data-testid="request-followup-reason"
            />
            <FormError>{open.formError}</FormError>
            <FormButtons
              gap="xs"
              label={m.openCase}
              loading={open.fetching}
              submitTestId="request-followup-submit"
              onCancel={() => setOpening(false)}
            />
          </Stack>
        </form>
      ) : (
        <Stack gap="sm" align="flex-start">
          {opened ? <Notice onClose={() => setOpened(false)}>{m.opened}</Notice> : null}
          <Button variant="light" onClick={() => setOpening(true)} data-testid="request-followup-open">
            {m.openCase}
          </Button>
        </Stack>
      )}
    </Section>
  );
}
