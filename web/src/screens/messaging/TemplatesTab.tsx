import { Badge, Button, Grid, Group, Paper, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { formatDateTime, formatNumber } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { PersonName } from '../../ui/PersonName.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { QueryState } from '../../ui/states.js';
import { usePermission, useViewer } from '../../viewer.js';
import { LengthCounter } from './LengthCounter.js';
import { MessageText } from './MessageText.js';
import {
  ApproveTemplateMutation,
  ProposeTemplateMutation,
  ProposeTemplateResetMutation,
  RejectTemplateMutation,
  type Template,
  TemplatesQuery,
} from './operations.js';
import { renderTemplate, smsLength, templateProblem } from './sms.js';
import { type MessageKind, messagingWords } from './words.js';

const messages = {
  fa: {
    intro:
      'متن پیامک‌هایی که سامانه خودکار می‌فرستد. جای‌نگهدارها (مانند کد پیگیری) هنگام ارسال با مقدار واقعی پر می‌شوند؛ هر پیامک فارسی تا ۷۰ نویسه یک بخش است و از آن بیشتر، هر ۶۷ نویسه یک بخش (هر بخش جدا حساب می‌شود).',
    body: 'متن پیامک',
    enabled: 'این پیام فرستاده شود',
    enabledHint: 'خاموش: این پیام برای هیچ‌کس فرستاده نمی‌شود.',
    off: 'خاموش',
    placeholders: 'جای‌نگهدارها (برای درج در جای نشانگر، بزنید)',
    insert: 'درج',
    preview: 'پیش‌نمایش با مقادیر نمونه',
    previewParts: 'بخش با این مقادیر نمونه',
    version: 'نسخه',
    nationalDefault: 'متن پیش‌فرض کشوری',
    updated: 'آخرین تغییر',
    by: 'به دست',
    save: 'پیشنهاد برای تأیید',
    saved: 'تغییر پیشنهاد شد؛ پس از تأیید مدیر مرکز (کسی جز پیشنهاددهنده) فرستاده می‌شود.',
    reset: 'بازگشت به متن پیش‌فرض',
    confirmReset: 'بازگشت این پیام به متن پیش‌فرض کشوری (و روشن شدن ارسال آن) برای تأیید پیشنهاد می‌شود. ادامه می‌دهید؟',
    yesReset: 'بله، پیشنهاد شود',
    no: 'خیر',
    wasReset: 'بازگشت به متن پیش‌فرض پیشنهاد شد؛ پس از تأیید اعمال می‌شود.',
    proposal: 'تغییر منتظر تأیید',
    proposalReset: 'بازگشت به متن پیش‌فرض کشوری',
    proposalOff: 'خاموش شدن این پیام',
    proposedBy: 'پیشنهاد',
    inForce: 'متنی که اکنون فرستاده می‌شود',
    approve: 'تأیید',
    reject: 'رد',
    approved: 'تغییر تأیید شد؛ پیام‌های بعدی با این متن فرستاده می‌شوند.',
    rejected: 'تغییر رد شد؛ متن پیشین همچنان فرستاده می‌شود.',
    ownProposal: 'این تغییر را خودتان پیشنهاد کرده‌اید؛ تأیید آن با مدیر مرکز دیگری است.',
    waitsForManager: 'منتظر تأیید مدیر مرکز.',
    readOnly: 'ویرایش قالب‌ها با کارشناس اطلاع‌رسانی و مدیر مرکز است.',
    none: 'قالبی نیست.',
    sampleTitle: 'شکستگی لوله در خیابان انقلاب',
    sampleStatus: 'در حال رفع',
    sampleArea: 'خیابان آزادی، کوچه 12',
    sampleReason: 'تعمیر خط انتقال',
  },
  en: {
    intro:
      'The wording of the messages the platform sends on its own. Placeholders (such as the tracking code) are filled in when sent; a Persian SMS holds 70 characters in one part, and past that 67 a part (each part is billed).',
    body: 'Message text',
    enabled: 'Send this message',
    enabledHint: 'Off: this message is sent to no one.',
    off: 'Off',
    placeholders: 'Placeholders (click to insert at the cursor)',
    insert: 'Insert',
    preview: 'Preview with sample values',
    previewParts: 'parts with these sample values',
    version: 'Version',
    nationalDefault: 'The national default wording',
    updated: 'Last changed',
    by: 'by',
    save: 'Propose for approval',
    saved: 'The change is proposed: it is sent once a centre manager other than its proposer approves it.',
    reset: 'Back to the default wording',
    confirmReset: 'Going back to the national wording (and turning the message on) is proposed for approval. Go on?',
    yesReset: 'Yes, propose it',
    no: 'No',
    wasReset: 'Going back to the default wording is proposed: it applies once approved.',
    proposal: 'Change waiting for approval',
    proposalReset: 'Back to the national default wording',
    proposalOff: 'Turning this message off',
    proposedBy: 'Proposed',
    inForce: 'The wording sent now',
    approve: 'Approve',
    reject: 'Turn down',
    approved: 'The change is approved: the next messages use this wording.',
    rejected: 'The change is turned down: the wording in force stays.',
    ownProposal: 'You proposed this change: another centre manager approves it.',
    waitsForManager: 'Waiting for a centre manager’s approval.',
    readOnly: 'The information officer and the centre manager edit the templates.',
    none: 'No template.',
    sampleTitle: 'Burst pipe on Enqelab street',
    sampleStatus: 'Being repaired',
    sampleArea: 'Azadi street, alley 12',
    sampleReason: 'repairs of the main',
  },
};
type Words = (typeof messages)['fa'];

/** The wording of each transactional message: one card per kind, edited with its live length and preview. */
export default function TemplatesTab() {
  const m = useMessages(messages);
  const [result, reexecute] = useQuery({ query: TemplatesQuery });
  const templates = result.data?.messageTemplates ?? [];
  const manage = usePermission('messages:manage');
  const approve = usePermission('templates:approve');
  return (
    <Stack gap="md">
      <Text c="dimmed" size="sm">
        {m.intro}
      </Text>
      {manage ? null : <Text size="sm">{m.readOnly}</Text>}
      <QueryState
        loading={!result.data}
        error={result.error}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        empty={templates.length === 0}
        emptyText={m.none}
      >
        {templates.map((t) => (
          <TemplateCard key={t.kind} template={t} m={m} manage={manage} approve={approve} />
        ))}
      </QueryState>
    </Stack>
  );
}

/** Sample values for the preview: Persian, of the lengths real ones have (a tracking code, a link, dates). */
function useSampleValues(m: Words): Record<string, string> {
  const { viewer } = useViewer();
  const pick = useBilingual();
  const { language } = useI18n();
  return useMemo(() => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    tomorrow.setUTCHours(4, 30, 0, 0); // 08:00 in Tehran
    const code = viewer?.tenant?.code ?? 'tehran';
    return {
      company: viewer?.tenant ? pick(viewer.tenant.nameFa, viewer.tenant.nameEn) : 'آبفا',
      trackingCode: '1405091234',
      link: `https://abfa.ir/track?tenant=${code}&t=SampleToken`,
      title: m.sampleTitle,
      status: m.sampleStatus,
      area: m.sampleArea,
      start: formatDateTime(tomorrow, language),
      end: formatDateTime(tomorrow.getTime() + 6 * 3_600_000, language),
      reason: m.sampleReason,
    };
  }, [viewer, pick, m, language]);
}

function TemplateCard({
  template,
  m,
  manage,
  approve,
}: {
  template: Template;
  m: Words;
  manage: boolean;
  approve: boolean;
}) {
  const w = useMessages(messagingWords);
  const { language, t } = useI18n();
  const { viewer } = useViewer();
  const pick = useBilingual();
  const kind = template.kind as MessageKind;
  const [current, setCurrent] = useState(template);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const samples = useSampleValues(m);
  // The form edits the change waiting for approval when there is one, else the wording in force.
  const editable = (t: Template) => t.proposal ?? t;
  const form = useForm({
    initialValues: { body: editable(template).body, enabled: editable(template).enabled },
    validate: {
      body: (v) => {
        if (!v.trim()) return t('fieldRequired');
        const problem = templateProblem(kind, v);
        return problem ? problem[language] : null;
      },
    },
  });
  const save = useMutationWithErrors(ProposeTemplateMutation, (d) => d.proposeMessageTemplate, { form });
  const reset = useMutationWithErrors(ProposeTemplateResetMutation, (d) => d.proposeMessageTemplateReset);
  const decideApprove = useMutationWithErrors(ApproveTemplateMutation, (d) => d.approveMessageTemplate);
  const decideReject = useMutationWithErrors(RejectTemplateMutation, (d) => d.rejectMessageTemplate);
  const proposal = current.proposal;
  const ownProposal = proposal?.proposedBy === viewer?.subject;
  const body = form.getValues().body;
  // Placeholders the kind cannot fill are said as soon as one is typed whole (the rest of the check on saving).
  const typedProblem = templateProblem(kind, body);
  const liveError = typedProblem?.unknown.length ? typedProblem[language] : null;
  const preview = renderTemplate(body, samples);
  const previewParts = smsLength(preview).segments;
  const idBase = `template-${kind.toLowerCase()}`;

  const applied = (saved: Template, words: string) => {
    setCurrent(saved);
    const values = { body: editable(saved).body, enabled: editable(saved).enabled };
    form.setValues(values);
    form.resetDirty(values);
    setNotice(words);
    focusNext(`#${idBase} ${noticeSelector}`);
  };

  /** Puts `{name}` where the cursor is (or over the selection) and leaves the cursor after it. */
  const insert = (name: string) => {
    const element = textarea.current;
    const value = form.getValues().body;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    const token = `{${name}}`;
    form.setFieldValue('body', value.slice(0, start) + token + value.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby={`${idBase}-title`}
      id={idBase}
      data-testid="template-card"
      data-kind={kind}
    >
      <Group justify="space-between" align="flex-start" mb="xs" gap="xs">
        <Title order={2} size="h4" id={`${idBase}-title`}>
          {w[`kind.${kind}`]}
        </Title>
        <Group gap="xs">
          {current.enabled ? null : (
            <Badge color="gray" variant="light" styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}>
              {m.off}
            </Badge>
          )}
          <Badge
            color={current.version === 0 ? 'blue' : 'teal'}
            variant="light"
            styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
            data-testid="template-version"
            data-version={current.version}
          >
            {current.version === 0 ? m.nationalDefault : `${m.version} ${formatNumber(current.version, language)}`}
          </Badge>
        </Group>
      </Group>
      {current.updatedAt ? (
        <Text size="xs" c="dimmed" mb="sm" data-testid="template-updated">
          {m.updated}: <JalaliDate value={current.updatedAt} /> {m.by}{' '}
          <PersonName
            name={current.updatedBy === viewer?.subject ? viewer?.displayName : null}
            subject={current.updatedBy}
          />
        </Text>
      ) : null}

      {proposal ? (
        <Paper withBorder p="sm" mb="sm" radius="md" bg="yellow.0" data-testid="template-proposal">
          <Stack gap={6}>
            <Group justify="space-between" gap="xs">
              <Text fw={600} size="sm">
                {m.proposal}
              </Text>
              <Text size="xs" c="dimmed">
                {m.proposedBy}: <JalaliDate value={proposal.proposedAt} /> {m.by}{' '}
                <PersonName name={ownProposal ? viewer?.displayName : null} subject={proposal.proposedBy} />
              </Text>
            </Group>
            {proposal.reset ? <Text size="sm">{m.proposalReset}</Text> : null}
            {!proposal.reset && !proposal.enabled ? <Text size="sm">{m.proposalOff}</Text> : null}
            <MessageText text={proposal.body} size="sm" data-testid="template-proposal-body" />
            <Text size="xs" c="dimmed">
              {m.inForce}:
            </Text>
            <MessageText text={current.body} size="xs" c="dimmed" />
            {approve && !ownProposal ? (
              <Group gap="xs">
                <Button
                  size="compact-md"
                  loading={decideApprove.fetching}
                  data-testid="template-approve"
                  onClick={async () => {
                    setNotice(null);
                    const outcome = await decideApprove.run({ kind });
                    if (outcome.ok) applied(outcome.data, m.approved);
                  }}
                >
                  {m.approve}
                </Button>
                <Button
                  size="compact-md"
                  variant="default"
                  loading={decideReject.fetching}
                  data-testid="template-reject"
                  onClick={async () => {
                    setNotice(null);
                    const outcome = await decideReject.run({ kind });
                    if (outcome.ok) applied(outcome.data, m.rejected);
                  }}
                >
                  {m.reject}
                </Button>
              </Group>
            ) : (
              <Text size="xs" data-testid="template-proposal-waits">
                {ownProposal && approve ? m.ownProposal : m.waitsForManager}
              </Text>
            )}
            <FormError>{decideApprove.formError ?? decideReject.formError}</FormError>
          </Stack>
        </Paper>
      ) : null}

      <form
        noValidate
        onKeyDown={formKeys()}
        onSubmit={form.onSubmit(
          async (values) => {
            setNotice(null);
            const outcome = await save.run({ kind, body: values.body, enabled: values.enabled });
            if (outcome.ok) applied(outcome.data, m.saved);
          },
          // Refused before sending (an unknown placeholder, nothing written): back to the text, to mend it.
          () => textarea.current?.focus(),
        )}
      >
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="sm">
              <Textarea
                ref={textarea}
                label={m.body}
                autosize
                minRows={3}
                maxLength={1000}
                readOnly={!manage}
                {...form.getInputProps('body')}
                error={liveError ?? form.errors.body}
                data-testid="template-body"
              />
              <LengthCounter text={body} id={`${idBase}-counter`} testIdPrefix="template" />
              {manage ? (
                <Stack gap={4} role="group" aria-labelledby={`${idBase}-placeholders`}>
                  <Text size="sm" fw={500} id={`${idBase}-placeholders`}>
                    {m.placeholders}
                  </Text>
                  <Group gap={6}>
                    {current.placeholders.map((p) => (
                      <Button
                        key={p.name}
                        size="compact-sm"
                        variant="light"
                        radius="xl"
                        onClick={() => insert(p.name)}
                        aria-label={`${m.insert} ${pick(p.fa, p.en)} {${p.name}}`}
                        data-testid="template-placeholder"
                        data-name={p.name}
                      >
                        {pick(p.fa, p.en)}&nbsp;
                        <bdi dir="ltr">{`{${p.name}}`}</bdi>
                      </Button>
                    ))}
                  </Group>
                </Stack>
              ) : null}
              <Switch
                label={m.enabled}
                description={m.enabledHint}
                disabled={!manage}
                {...form.getInputProps('enabled', { type: 'checkbox' })}
                data-testid="template-enabled"
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap={4} component="figure" m={0} aria-labelledby={`${idBase}-preview`}>
              <Text size="sm" fw={500} id={`${idBase}-preview`} component="figcaption">
                {m.preview}
              </Text>
              <Paper bg="gray.0" p="sm" radius="lg" withBorder>
                <MessageText text={preview} size="sm" data-testid="template-preview" />
              </Paper>
              <Text size="xs" c="dimmed" data-testid="template-preview-parts" data-parts={previewParts}>
                {formatNumber(previewParts, language)} {m.previewParts}
              </Text>
            </Stack>
          </Grid.Col>
        </Grid>
        <FormError mt="sm">{save.formError ?? reset.formError}</FormError>
        {notice ? (
          <Notice mt="sm" onClose={() => setNotice(null)}>
            {notice}
          </Notice>
        ) : null}
        {manage ? (
          <Group mt="sm" gap="xs">
            <Button type="submit" loading={save.fetching} data-testid="template-save">
              {m.save}
            </Button>
            {confirmReset ? (
              <Group gap={4} role="group" aria-label={m.reset}>
                <Text size="sm">{m.confirmReset}</Text>
                <Button
                  size="compact-md"
                  color="red.9"
                  loading={reset.fetching}
                  data-testid="template-reset-confirm"
                  onClick={async () => {
                    setNotice(null);
                    const outcome = await reset.run({ kind });
                    setConfirmReset(false);
                    if (outcome.ok) applied(outcome.data, m.wasReset);
                  }}
                >
                  {m.yesReset}
                </Button>
                <Button size="compact-md" variant="subtle" onClick={() => setConfirmReset(false)}>
                  {m.no}
                </Button>
              </Group>
            ) : (
              <Button
                variant="default"
                disabled={current.version === 0 && !form.isDirty()}
                onClick={() => setConfirmReset(true)}
                data-testid="template-reset"
              >
                {m.reset}
              </Button>
            )}
          </Group>
        ) : null}
      </form>
    </Paper>
  );
}
