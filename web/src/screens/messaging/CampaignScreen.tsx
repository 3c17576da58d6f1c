import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { displayText, formatNumber, listSeparator, localDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { PersonName } from '../../ui/PersonName.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { ErrorState, LoadingState } from '../../ui/states.js';
import { usePermission, useViewer } from '../../viewer.js';
import { CampaignStateBadge } from './CampaignBadge.js';
import { type BuilderOutcome, CampaignBuilder, ReachFigures } from './CampaignBuilder.js';
import type { ListReport } from './campaignList.js';
import {
  ApproveCampaignMutation,
  type CampaignDetail,
  CampaignQuery,
  CancelCampaignMutation,
  campaignGlobalId,
  campaignUuid,
  RejectCampaignMutation,
} from './campaignOperations.js';
import {
  type CampaignState,
  campaignWords,
  cancellableCampaign,
  inQuietHours,
  useAudienceText,
} from './campaignWords.js';
import { MessageText } from './MessageText.js';
import { renderTemplate } from './sms.js';
import { type MessageState, messagingWords, stateColours } from './words.js';

const messages = {
  fa: {
    back: 'بازگشت به فهرست پیام‌رسانی‌ها',
    notFound: 'پیام‌رسانی‌ای با این نشانی در شرکت شما نیست.',
    returned: 'مدیر مرکز این پیام‌رسانی را بازگرداند',
    returnedBy: 'بازگرداندهٔ',
    text: 'متن پیامک',
    asSent: 'پیامک همان‌گونه که فرستاده می‌شود',
    asRead: 'تماس صوتی: متنی که خوانده می‌شود',
    perRecipient: 'گزارش تحویل هر گیرنده (پالایش‌پذیر، با خروجی اکسل)',
    audience: 'مخاطبان',
    reach: 'دسترسی و بها اگر اکنون فرستاده شود',
    written: 'پیام نوشته‌شده',
    optedOutThen: 'انصراف‌داده (کنار گذاشته شد)',
    schedule: 'زمان ارسال',
    asap: 'بی‌درنگ پس از تأیید',
    emergencyYes: 'اضطراری: در ساعت سکوت هم فرستاده می‌شود',
    quietWaits: 'اکنون ساعت سکوت است: ارسال تا ساعت ۸ صبح منتظر می‌ماند.',
    history: 'روند',
    prepared: 'تهیه',
    submitted: 'ارسال برای تأیید',
    approved: 'تأیید',
    sentBack: 'بازگرداندن',
    updated: 'آخرین تغییر',
    by: 'به دست',
    decision: 'تصمیم مدیر مرکز',
    decisionHint: 'با تأیید، پیام در زمان خود (بیرون از ساعت سکوت، مگر اضطراری) برای گیرندگان فرستاده می‌شود.',
    approve: 'تأیید و ارسال',
    confirmApprove: 'این پیام برای {count} نفر فرستاده می‌شود. تأیید می‌کنید؟',
    yesApprove: 'بله، تأیید و ارسال',
    sendBack: 'بازگرداندن',
    reason: 'دلیل بازگرداندن',
    reasonHint: 'به تهیه‌کننده نشان داده می‌شود تا پیش‌نویس را اصلاح کند.',
    sendBackConfirm: 'بازگرداندن به تهیه‌کننده',
    no: 'انصراف',
    ownCampaign:
      'این پیام‌رسانی را خودتان تهیه کرده‌اید؛ بنا بر قاعدهٔ تهیه‌کننده–تأییدکننده، تأیید یا بازگرداندن آن با مدیر دیگری است.',
    waitsForManager: 'منتظر تصمیم مدیر مرکز است؛ تا آن هنگام تغییر نمی‌کند (برای تغییر، مدیر آن را بازمی‌گرداند).',
    approvedNote: 'تأیید شده است و در زمان خود فرستاده می‌شود.',
    approvedDone: 'پیام‌رسانی تأیید شد و در زمان خود فرستاده می‌شود.',
    sentBackDone: 'پیام‌رسانی با دلیل به تهیه‌کننده بازگردانده شد.',
    progress: 'پیشرفت ارسال',
    progressBar: 'پیام‌ها بر پایهٔ وضعیت',
    progressNone: 'هنوز پیامی نوشته نشده است.',
    progressHint: 'گزارش تک‌تک پیام‌ها در زبانهٔ «پیام‌ها» است (آن فهرست هنوز پالایهٔ پیام‌رسانی ندارد).',
    count: 'شمار',
    state: 'وضعیت',
    refreshing: 'هر ۵ ثانیه تازه می‌شود.',
    cancel: 'لغو پیام‌رسانی',
    confirmCancel: 'این پیام‌رسانی لغو شود؟ پیام‌هایی که هنوز تحویل نشده‌اند فرستاده نمی‌شوند.',
    yesCancel: 'بله، لغو شود',
    cancelled: 'پیام‌رسانی لغو شد.',
    report: 'گزارش بارگذاری فهرست',
    accepted: 'پذیرفته',
    duplicates: 'تکراری (یک بار شمرده شد)',
    rejected: 'ردشده',
    rejectedLines: 'سطرهای ردشده',
    line: 'سطر',
    why: 'دلیل',
    firstOnly: 'تنها {shown} سطر نخست از {all} سطر ردشده نشان داده شده است.',
    notSaved: 'کار انجام نشد',
  },
  en: {
    back: 'Back to the campaigns',
    notFound: 'Your company has no campaign at this address.',
    returned: 'The centre manager sent this campaign back',
    returnedBy: 'Sent back by',
    text: 'Message text',
    asSent: 'The SMS as it will be sent',
    asRead: 'Voice call: the text read aloud',
    perRecipient: 'Delivery report per recipient (filterable, exportable to Excel)',
    audience: 'Audience',
    reach: 'Reach and cost if sent now',
    written: 'messages written',
    optedOutThen: 'opted out (left out)',
    schedule: 'When to send',
    asap: 'As soon as approved',
    emergencyYes: 'Emergency: sent in quiet hours too',
    quietWaits: 'It is quiet hours now: sending waits until 08:00.',
    history: 'History',
    prepared: 'Prepared',
    submitted: 'Submitted',
    approved: 'Approved',
    sentBack: 'Sent back',
    updated: 'Last changed',
    by: 'by',
    decision: 'The centre manager’s decision',
    decisionHint: 'Once approved it is sent at its time (outside quiet hours, unless an emergency).',
    approve: 'Approve and send',
    confirmApprove: 'This goes to {count} people. Approve?',
    yesApprove: 'Yes, approve and send',
    sendBack: 'Send back',
    reason: 'Why it is sent back',
    reasonHint: 'Shown to the preparer, to mend the draft.',
    sendBackConfirm: 'Send back to the preparer',
    no: 'Cancel',
    ownCampaign: 'You prepared this campaign: under the maker-checker rule another manager approves or sends it back.',
    waitsForManager:
      'It waits for the centre manager’s decision and cannot change meanwhile (to change it, the manager sends it back).',
    approvedNote: 'Approved: it is sent at its time.',
    approvedDone: 'The campaign is approved: it is sent at its time.',
    sentBackDone: 'The campaign is sent back to its preparer with the reason.',
    progress: 'Sending progress',
    progressBar: 'Messages by state',
    progressNone: 'No message is written yet.',
    progressHint: 'Each message’s report is in the «Messages» tab (its list cannot yet be filtered by campaign).',
    count: 'Count',
    state: 'State',
    refreshing: 'Refreshed every 5 seconds.',
    cancel: 'Cancel the campaign',
    confirmCancel: 'Cancel this campaign? Its messages not yet handed over are not sent.',
    yesCancel: 'Yes, cancel it',
    cancelled: 'The campaign is cancelled.',
    report: 'The list’s upload',
    accepted: 'Accepted',
    duplicates: 'Duplicates (counted once)',
    rejected: 'Rejected',
    rejectedLines: 'Rejected lines',
    line: 'Line',
    why: 'Reason',
    firstOnly: 'Only the first {shown} of {all} rejected lines are shown.',
    notSaved: 'Not done',
  },
};
type Words = (typeof messages)['fa'];

/** What a screen carries over when the builder moves from /new to the saved campaign's own address. */
interface Carried {
  notice?: string;
  report?: ListReport | null;
  error?: string | null;
}

/** /messaging/campaigns/new: the builder; once saved, the campaign's own address (with what was done). */
export function NewCampaign() {
  const navigate = useNavigate();
  const prepare = usePermission('campaigns:prepare');
  const m = useMessages(messages);
  const { t } = useI18n();
  if (!prepare)
    return (
      <Stack>
        <Alert color="yellow">{t('notAllowed')}</Alert>
        <BackLink m={m} />
      </Stack>
    );
  return (
    <Paper withBorder p="md">
      <CampaignBuilder
        campaign={null}
        onDone={(outcome) =>
          navigate(`/messaging/campaigns/${campaignUuid(outcome.campaign.id)}`, {
            state: { notice: outcome.notice, report: outcome.report, error: outcome.error } satisfies Carried,
          })
        }
      />
    </Paper>
  );
}

/** One campaign: the builder while it is a draft (for those who prepare), else what it is, its decision and progress. */
export function CampaignScreen({ uuid }: { uuid: string }) {
  const m = useMessages(messages);
  const location = useLocation();
  const carried = (location.state ?? {}) as Carried;
  const prepare = usePermission('campaigns:prepare');
  const [result, reexecute] = useQuery({
    query: CampaignQuery,
    variables: { id: campaignGlobalId(uuid) },
    requestPolicy: 'network-only',
  });
  const [campaign, setCampaign] = useState<CampaignDetail | null>(null);
  const [notice, setNotice] = useState<string | null>(carried.notice ?? null);
  const [report, setReport] = useState<ListReport | null>(carried.report ?? null);
  const [error, setError] = useState<string | null>(carried.error ?? null);
  useEffect(() => {
    const node = result.data?.node;
    // A reading older than what a mutation just answered (a refetch begun before it) is not shown over it.
    if (node?.__typename === 'Campaign')
      setCampaign((shown) => (!shown || Date.parse(node.updatedAt) >= Date.parse(shown.updatedAt) ? node : shown));
  }, [result.data]);
  useEffect(() => {
    if (carried.notice) focusNext(noticeSelector);
  }, [carried.notice]);

  // Approved or being sent: its progress is read again every few seconds (the job runner moves it on).
  const live = campaign?.state === 'APPROVED' || campaign?.state === 'SENDING';
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), 5_000);
    return () => clearInterval(timer);
  }, [live, reexecute]);

  if (!campaign) {
    if (result.error)
      return <ErrorState error={result.error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
    if (result.data && result.data.node?.__typename !== 'Campaign')
      return (
        <Stack>
          <Alert color="yellow" data-testid="campaign-not-found">
            {m.notFound}
          </Alert>
          <BackLink m={m} />
        </Stack>
      );
    return <LoadingState />;
  }

  const changed = (next: CampaignDetail, words: string | null, extra: Partial<Carried> = {}) => {
    setCampaign(next);
    setReport(extra.report ?? null);
    setError(extra.error ?? null);
    setNotice(words);
    if (words) focusNext(noticeSelector);
  };
  const state = campaign.state as CampaignState;
  const editing = state === 'DRAFT' && prepare;

  return (
    <Stack gap="md" data-testid="campaign-screen" data-state={state} data-id={campaign.id}>
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Title order={2} size="h3" data-testid="campaign-heading" style={{ overflowWrap: 'anywhere' }}>
            <DisplayText text={campaign.title} />
          </Title>
          <CampaignStateBadge state={state} emergency={campaign.emergency} />
        </Stack>
        <BackLink m={m} />
      </Group>
      {notice ? (
        <Notice onClose={() => setNotice(null)} data-testid="campaign-notice">
          {notice}
        </Notice>
      ) : null}
      {error ? (
        <Alert color="red" role="alert" title={m.notSaved} data-testid="campaign-error">
          {error}
        </Alert>
      ) : null}
      {state === 'DRAFT' && campaign.rejectionReason ? <ReturnedNotice campaign={campaign} m={m} /> : null}
      {report ? <ListReportView report={report} m={m} /> : null}

      {editing ? (
        <Paper withBorder p="md">
          <CampaignBuilder
            key={campaign.updatedAt}
            campaign={campaign}
            onDone={(outcome: BuilderOutcome) =>
              changed(outcome.campaign, outcome.notice, { report: outcome.report, error: outcome.error })
            }
          />
        </Paper>
      ) : (
        <CampaignFacts campaign={campaign} m={m} />
      )}

      {state === 'SUBMITTED' ? <Decision campaign={campaign} m={m} onChanged={changed} /> : null}
      {state === 'APPROVED' || state === 'SENDING' || state === 'SENT' || state === 'CANCELLED' ? (
        <ProgressSection campaign={campaign} m={m} live={live} />
      ) : null}
      {!editing ? <History campaign={campaign} m={m} /> : null}
      {prepare && cancellableCampaign.includes(state) ? (
        <CancelCampaign campaign={campaign} m={m} onChanged={changed} />
      ) : null}
    </Stack>
  );
}

function DisplayText({ text }: { text: string }) {
  const { language } = useI18n();
  return <>{displayText(text, language)}</>;
}

function BackLink({ m }: { m: Words }) {
  return (
    <Anchor component={Link} to="/messaging/campaigns" size="sm" data-testid="campaign-back-link">
      {m.back}
    </Anchor>
  );
}

/**
 * A person by name when it is the viewer (the API gives campaign people by account id only); an account id is kept
 * whole on one line (never broken at its hyphen).
 */
function Person({ subject }: { subject: string | null | undefined }) {
  const { viewer } = useViewer();
  const own = subject === viewer?.subject;
  return (
    <span style={own ? undefined : { whiteSpace: 'nowrap' }}>
      <PersonName name={own ? viewer?.displayName : null} subject={subject} />
    </span>
  );
}

/** The reason the centre manager gave when sending the campaign back, on the draft, for its preparer. */
function ReturnedNotice({ campaign, m }: { campaign: CampaignDetail; m: Words }) {
  const { language } = useI18n();
  return (
    <Alert color="orange" title={m.returned} data-testid="campaign-returned">
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="campaign-rejection-reason">
        {displayText(campaign.rejectionReason, language)}
      </Text>
      <Text size="xs" mt={4}>
        {m.returnedBy} <Person subject={campaign.decidedBy} /> — <JalaliDate value={campaign.decidedAt} />
      </Text>
    </Alert>
  );
}

/** The list's upload: accepted, duplicates, rejected, and each rejected line with its number and reason. */
function ListReportView({ report, m }: { report: ListReport; m: Words }) {
  const { language } = useI18n();
  const figures: [string, number, string][] = [
    [m.accepted, report.accepted, 'list-accepted'],
    [m.duplicates, report.duplicates, 'list-duplicates'],
    [m.rejected, report.rejected, 'list-rejected'],
  ];
  return (
    <Section id="campaign-list-report" title={m.report} data-testid="campaign-list-report">
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs" mb="sm">
        {figures.map(([label, value, testId]) => (
          <Paper key={testId} withBorder p="xs">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={700} data-testid={testId} data-value={value}>
              {formatNumber(value, language)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {report.rejectedLines.length > 0 ? (
        <>
          <Table striped aria-label={m.rejectedLines} data-testid="list-rejected-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{m.line}</Table.Th>
                <Table.Th scope="col">{m.why}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rejectedLines.map((r) => (
                <Table.Tr key={r.line} data-testid="list-rejected-line" data-line={r.line}>
                  <Table.Td>{formatNumber(r.line, language)}</Table.Td>
                  <Table.Td>{language === 'fa' ? r.reasonFa : r.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {report.rejected > report.rejectedLines.length ? (
            <Text size="xs" c="dimmed" mt={4}>
              {m.firstOnly
                .replace('{shown}', formatNumber(report.rejectedLines.length, language))
                .replace('{all}', formatNumber(report.rejected, language))}
            </Text>
          ) : null}
        </>
      ) : null}
    </Section>
  );
}

/** Everything about a campaign, read-only (once submitted, or for someone who does not prepare campaigns). */
function CampaignFacts({ campaign, m }: { campaign: CampaignDetail; m: Words }) {
  const w = useMessages(campaignWords);
  const { language } = useI18n();
  const { viewer } = useViewer();
  const audienceText = useAudienceText([campaign]);
  const state = campaign.state as CampaignState;
  const waitsQuiet =
    !campaign.emergency &&
    (state === 'APPROVED' || state === 'SUBMITTED') &&
    inQuietHours(
      campaign.scheduledAt && Date.parse(campaign.scheduledAt) > Date.now() ? campaign.scheduledAt : Date.now(),
    );
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Section id="campaign-text" title={m.text}>
        <Stack gap={4} component="figure" m={0} aria-label={campaign.channel === 'voice' ? m.asRead : m.asSent}>
          <Text size="sm" c="dimmed" component="figcaption">
            {campaign.channel === 'voice' ? m.asRead : m.asSent}
          </Text>
          <Paper bg="gray.0" p="sm" radius="lg" withBorder>
            <MessageText
              text={campaign.preview?.text ?? renderTemplate(campaign.body, { company: viewer?.tenant?.nameFa ?? '' })}
              size="sm"
              data-testid="campaign-text"
            />
          </Paper>
        </Stack>
      </Section>
      <Section id="campaign-audience" title={m.audience}>
        <Stack gap="sm">
          <Text size="sm" data-testid="campaign-audience-text">
            {audienceText(campaign.audience)}
          </Text>
          {campaign.preview ? (
            <>
              <Text size="sm" fw={500}>
                {m.reach}
              </Text>
              <ReachFigures preview={campaign.preview} />
            </>
          ) : campaign.recipients != null ? (
            <Text size="sm" data-testid="campaign-written" data-value={campaign.recipients}>
              {formatNumber(campaign.recipients, language)} {m.written}
              {campaign.optedOut
                ? `${listSeparator(language)}${formatNumber(campaign.optedOut, language)} ${m.optedOutThen}`
                : ''}
            </Text>
          ) : null}
        </Stack>
      </Section>
      <Section id="campaign-schedule" title={m.schedule}>
        <Stack gap={4}>
          <Text size="sm" data-testid="campaign-scheduled">
            {campaign.scheduledAt ? <JalaliDate value={campaign.scheduledAt} /> : m.asap}
          </Text>
          {campaign.emergency ? (
            <Text size="sm" c="red.9" fw={600}>
              {m.emergencyYes}
            </Text>
          ) : null}
          {state === 'DRAFT' || state === 'SUBMITTED' || state === 'APPROVED' ? (
            <Text size="xs" c="dimmed">
              {w.quietHours}
            </Text>
          ) : null}
          {waitsQuiet ? (
            <Text size="sm" fw={600} data-testid="campaign-quiet-waits">
              {m.quietWaits}
            </Text>
          ) : null}
          {state === 'SUBMITTED' ? (
            <Text size="sm" mt="xs">
              {m.waitsForManager}
            </Text>
          ) : null}
          {state === 'APPROVED' ? (
            <Text size="sm" mt="xs">
              {m.approvedNote}
            </Text>
          ) : null}
        </Stack>
      </Section>
    </SimpleGrid>
  );
}

/** Who did what, when: prepared, submitted, approved or sent back, last changed. */
function History({ campaign, m }: { campaign: CampaignDetail; m: Words }) {
  // Sending back keeps its reason (until the next submission); approving leaves none.
  const decided = campaign.decidedAt ? (campaign.rejectionReason ? m.sentBack : m.approved) : null;
  const rows: [string, string | null, string | null][] = [
    [m.prepared, campaign.createdAt, campaign.preparedBy],
    [m.submitted, campaign.submittedAt, null],
    [decided ?? '', campaign.decidedAt, campaign.decidedBy],
    [m.updated, campaign.updatedAt, null],
  ];
  return (
    <Section id="campaign-history" title={m.history}>
      <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} data-testid="campaign-history">
        {rows
          .filter(([label, at]) => label && at)
          .map(([label, at, who]) => (
            <Text key={label} size="sm" component="li">
              {label}: <JalaliDate value={at} />
              {who ? (
                <>
                  {' '}
                  {m.by} <Person subject={who} />
                </>
              ) : null}
            </Text>
          ))}
      </Stack>
    </Section>
  );
}

/**
 * The centre manager's decision on a submitted campaign: approve (after saying how many it reaches) or send back with
 * a reason — never on one's own (the maker-checker rule, which the server enforces too: its refusal shows here).
 */
function Decision({
  campaign,
  m,
  onChanged,
}: {
  campaign: CampaignDetail;
  m: Words;
  onChanged: (next: CampaignDetail, words: string | null) => void;
}) {
  const { viewer } = useViewer();
  const { language, t } = useI18n();
  const approvePermission = usePermission('campaigns:approve');
  const [step, setStep] = useState<'approve' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const approve = useMutationWithErrors(ApproveCampaignMutation, (d) => d.approveCampaign);
  const reject = useMutationWithErrors(RejectCampaignMutation, (d) => d.rejectCampaign);
  if (!approvePermission) return null;
  const own = campaign.preparedBy === viewer?.subject;
  const count = campaign.preview?.recipients ?? 0;
  return (
    <Section id="campaign-decision" title={m.decision} data-testid="campaign-decision">
      {own ? (
        <Alert color="gray" data-testid="campaign-own">
          {m.ownCampaign}
        </Alert>
      ) : (
        <Stack gap="sm">
          <Text size="sm">{m.decisionHint}</Text>
          {step === null ? (
            <Group gap="xs">
              <Button color="teal.9" onClick={() => setStep('approve')} data-testid="campaign-approve">
                {m.approve}
              </Button>
              <Button
                variant="light"
                color="orange.9"
                onClick={() => {
                  setStep('reject');
                  focusNext('[data-testid=campaign-reject-reason]');
                }}
                data-testid="campaign-reject"
              >
                {m.sendBack}
              </Button>
            </Group>
          ) : null}
          {step === 'approve' ? (
            <Stack gap={6} role="group" aria-label={m.approve}>
              <Text size="sm" fw={600}>
                {m.confirmApprove.replace('{count}', formatNumber(count, language))}
              </Text>
              <Group gap="xs">
                <Button
                  color="teal.9"
                  loading={approve.fetching}
                  onClick={async () => {
                    const outcome = await approve.run({ id: campaign.id });
                    setStep(null);
                    if (outcome.ok) onChanged({ ...outcome.data, __typename: 'Campaign' }, m.approvedDone);
                  }}
                  data-testid="campaign-approve-confirm"
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
                const outcome = await reject.run({ id: campaign.id, reason: reason.trim() });
                if (outcome.ok) {
                  setStep(null);
                  onChanged({ ...outcome.data, __typename: 'Campaign' }, m.sentBackDone);
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
                data-testid="campaign-reject-reason"
              />
              <Group gap="xs" mt="xs">
                <Button type="submit" loading={reject.fetching} data-testid="campaign-reject-confirm">
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
      <FormError mt="sm" data-testid="campaign-decision-error">
        {approve.formError ?? (reject.formError && !reasonError ? reject.formError : null)}
      </FormError>
    </Section>
  );
}

/** The order the progress bar shows the states in: done first, then on their way, then what did not go. */
const progressStates: readonly MessageState[] = [
  'DELIVERED',
  'SENT',
  'SENDING',
  'QUEUED',
  'UNDELIVERED',
  'EXPIRED',
  'FAILED',
  'CANCELLED',
];

/** The campaign's messages by state: one bar in parts, and the counts in a table (while sending, and after). */
function ProgressSection({ campaign, m, live }: { campaign: CampaignDetail; m: Words; live: boolean }) {
  const w = useMessages(messagingWords);
  const { language } = useI18n();
  const counts = progressStates.map(
    (s) => [s, campaign.progress[s.toLowerCase() as keyof CampaignDetail['progress']]] as const,
  );
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  return (
    <Section id="campaign-progress" title={m.progress} data-testid="campaign-progress" data-total={total}>
      {total === 0 ? (
        <Text size="sm" c="dimmed">
          {m.progressNone}
        </Text>
      ) : (
        <Stack gap="sm">
          <Progress.Root size={22} aria-label={m.progressBar}>
            {counts
              .filter(([, n]) => n > 0)
              .map(([s, n]) => (
                <Progress.Section
                  key={s}
                  value={(n / total) * 100}
                  color={`${stateColours[s]}.7`}
                  aria-label={`${w[`state.${s}`]}: ${localDigits(n, language)}`}
                />
              ))}
          </Progress.Root>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" component="dl" m={0}>
            {counts.map(([s, n]) => (
              <Paper key={s} withBorder p="xs">
                <Text component="dt" size="xs" c="dimmed">
                  {w[`state.${s}`]}
                </Text>
                <Text component="dd" m={0} fw={700} data-testid={`campaign-progress-${s.toLowerCase()}`} data-value={n}>
                  {formatNumber(n, language)}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
        </Stack>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        {m.progressHint}
        {live ? ` ${m.refreshing}` : ''}
      </Text>
      {total > 0 ? (
        <Anchor
          component={Link}
          to={`/messaging?campaign=${encodeURIComponent(campaign.id)}`}
          size="sm"
          mt="xs"
          display="inline-block"
          data-testid="campaign-recipients-link"
        >
          {m.perRecipient}
        </Anchor>
      ) : null}
    </Section>
  );
}

/** «لغو پیام‌رسانی» after a confirmation: what is not handed over yet is not sent. */
function CancelCampaign({
  campaign,
  m,
  onChanged,
}: {
  campaign: CampaignDetail;
  m: Words;
  onChanged: (next: CampaignDetail, words: string | null) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutationWithErrors(CancelCampaignMutation, (d) => d.cancelCampaign);
  return (
    <Stack gap={6} align="flex-start">
      {confirming ? (
        <Stack gap={6} role="group" aria-label={m.cancel}>
          <Text size="sm">{m.confirmCancel}</Text>
          <Group gap="xs">
            <Button
              color="red.9"
              loading={cancel.fetching}
              onClick={async () => {
                const outcome = await cancel.run({ id: campaign.id });
                setConfirming(false);
                if (outcome.ok) onChanged({ ...outcome.data, __typename: 'Campaign' }, m.cancelled);
              }}
              data-testid="campaign-cancel-confirm"
            >
              {m.yesCancel}
            </Button>
            <Button variant="subtle" onClick={() => setConfirming(false)}>
              {m.no}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Button variant="light" color="red" onClick={() => setConfirming(true)} data-testid="campaign-cancel">
          {m.cancel}
        </Button>
      )}
      <FormError>{cancel.formError}</FormError>
    </Stack>
  );
}
