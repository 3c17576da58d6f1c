import {
  Alert,
  Anchor,
  Button,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useClient, useQuery } from 'urql';
import { digitsOnly, displayText, localDigits } from '../../format.js';
import { RequestSummary, UnitName } from '../../graphql/fragments.js';
import { graphql } from '../../graphql/graphql.js';
import { type MessageKey, useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { HistoryTimeline, StepDetail } from '../../ui/HistoryTimeline.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { useCategoryName, useUnitOptions } from '../../ui/options.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { usePermission, useViewer } from '../../viewer.js';
import { ComplainAboutRequest } from '../complaints/ComplainAboutRequest.js';
import { RequestFollowUp } from '../followup/RequestFollowUp.js';
import { LinkRequestToIncidentMutation } from '../incidents/operations.js';
import {
  actionWords,
  allowedActions,
  type RequestActionName,
  requestActions,
  TransitionRequestMutation,
} from './actions.js';
import { type Priority, PriorityBadge, RequestStatusBadges } from './RequestBadges.js';
import { CallBack, InternalNote, ReturnedNotice, useTeamOptions } from './UnitWork.js';

const messages = {
  fa: {
    request: 'درخواست',
    back: 'بازگشت به فهرست درخواست‌ها',
    notFound: 'درخواستی با این کد رهگیری در شرکت شما نیست.',
    details: 'مشخصات',
    category: 'موضوع',
    priority: 'اولویت',
    priorityReason: 'دلیل اولویت',
    channel: 'مجرای دریافت',
    description: 'شرح',
    address: 'نشانی',
    caller: 'تماس‌گیرنده',
    assignedUnit: 'واحد مسئول',
    locationUnit: 'محدوده',
    registeredAt: 'زمان ثبت',
    registeredBy: 'ثبت‌کننده',
    dueAt: 'مهلت رسیدگی',
    dispatchedAt: 'زمان ارجاع',
    resolvedAt: 'زمان رفع',
    closedAt: 'زمان بستن',
    incident: 'حادثه مرتبط',
    outage: 'قطعی برنامه‌ریزی‌شده آب',
    none: '—',
    actions: 'اقدام‌ها',
    noActions: 'اقدامی از سوی شما در این وضعیت ممکن نیست.',
    unitId: 'واحد مقصد',
    chooseUnit: 'واحد را انتخاب کنید',
    suggested: 'پیشنهاد مسیریابی (دسته و محل درخواست):',
    note: 'شرح کار انجام‌شده',
    reason: 'دلیل',
    duplicateOf: 'کد رهگیری درخواست اصلی',
    duplicateNotFound: 'درخواستی با این کد رهگیری یافت نشد',
    confirm: 'انجام',
    done: 'اقدام ثبت شد.',
    link: 'پیوند به حادثه',
    incidentId: 'حادثهٔ باز',
    chooseIncident: 'حادثه را انتخاب کنید',
    linkSubmit: 'پیوند به این حادثه',
    linked: 'درخواست به حادثه پیوند خورد.',
    noOpenIncidents: 'حادثهٔ بازی نیست.',
    history: 'سابقه',
    actor: 'انجام‌دهنده',
    'event.REGISTERED': 'ثبت درخواست',
    'event.DISPATCHED': 'ارجاع',
    'event.STATUS_CHANGED': 'تغییر وضعیت',
    'event.LINKED_INCIDENT': 'پیوند به حادثه',
    'event.NOTE': 'یادداشت',
    'event.PRIORITY_CHANGED': 'تغییر اولویت',
    'event.REPEAT_CALL': 'تماس دوباره',
    'event.FOLLOW_UP': 'پیگیری',
    'followUp.opened': 'پروندهٔ پیگیری گشوده شد',
    'followUp.triggered': 'پیگیری: دلیل تازه',
    'followUp.warned': 'هشدار به واحد: بیشتر زمان گذشته است',
    'followUp.ask_unit': 'پیگیری: درخواست از واحد',
    'followUp.remind': 'پیگیری: یادآوری به واحد',
    'followUp.unit_answer': 'پیگیری: پاسخ واحد',
    'followUp.accept_answer': 'پیگیری: پاسخ واحد پذیرفته شد',
    'followUp.return_answer': 'پیگیری: پاسخ واحد بازگردانده شد',
    'followUp.callback': 'پیگیری: تماس با مشترک',
    'followUp.answer_customer': 'پیگیری: پاسخ پیامکی به مشترک',
    'followUp.note': 'پیگیری: یادداشت',
    'followUp.escalate': 'پیگیری: ارجاع به سطح بالاتر',
    'followUp.close': 'پروندهٔ پیگیری بسته شد',
    incidentOpen: 'باز',
    incidentResolved: 'رفع‌شده',
    teamId: 'اکیپ',
    chooseTeam: 'اکیپ را انتخاب کنید',
    noTeams: 'واحد مسئول اکیپی زیرمجموعهٔ خود ندارد.',
    publicNote: 'آنچه به شهروند گفته می‌شود (اختیاری)',
    publicNoteHint: 'در صفحهٔ پیگیری شهروند نشان داده می‌شود؛ شرح کار بالا داخلی می‌ماند.',
    returnReason: 'دلیل بازگرداندن (مرکز آن را می‌بیند)',
    'action.RETURN_TO_CENTRE': 'بازگرداندن به مرکز',
    'action.HAND_TO_TEAM': 'سپردن به اکیپ',
    citizenReopen: 'گزارش «رفع نشده» از سوی شهروند',
    citizen: 'شهروند (صفحهٔ پیگیری)',
  },
  en: {
    request: 'Request',
    back: 'Back to the requests',
    notFound: 'No request of your company has this tracking code.',
    details: 'Details',
    category: 'Category',
    priority: 'Priority',
    priorityReason: 'Priority reason',
    channel: 'Channel',
    description: 'Description',
    address: 'Address',
    caller: 'Caller',
    assignedUnit: 'Assigned unit',
    locationUnit: 'Area',
    registeredAt: 'Registered',
    registeredBy: 'Registered by',
    dueAt: 'Due',
    dispatchedAt: 'Dispatched',
    resolvedAt: 'Resolved',
    closedAt: 'Closed',
    incident: 'Linked incident',
    outage: 'Planned water cut',
    none: '—',
    actions: 'Actions',
    noActions: 'You have no action on a request in this status.',
    unitId: 'Unit to dispatch to',
    chooseUnit: 'Choose the unit',
    suggested: 'Suggested by routing (the category and location):',
    note: 'What was done',
    reason: 'Reason',
    duplicateOf: 'Tracking code of the original request',
    duplicateNotFound: 'No request has this tracking code',
    confirm: 'Do it',
    done: 'The action was recorded.',
    link: 'Link to an incident',
    incidentId: 'Open incident',
    chooseIncident: 'Choose the incident',
    linkSubmit: 'Link to this incident',
    linked: 'The request is linked to the incident.',
    noOpenIncidents: 'There is no open incident.',
    history: 'History',
    actor: 'By',
    'event.REGISTERED': 'Registered',
    'event.DISPATCHED': 'Dispatched',
    'event.STATUS_CHANGED': 'Status changed',
    'event.LINKED_INCIDENT': 'Linked to an incident',
    'event.NOTE': 'Note',
    'event.PRIORITY_CHANGED': 'Priority changed',
    'event.REPEAT_CALL': 'Repeat call',
    'event.FOLLOW_UP': 'Follow-up',
    'followUp.opened': 'Follow-up case opened',
    'followUp.triggered': 'Follow-up: a further reason',
    'followUp.warned': 'Unit warned: most of the time is gone',
    'followUp.ask_unit': 'Follow-up: the unit asked',
    'followUp.remind': 'Follow-up: the unit reminded',
    'followUp.unit_answer': 'Follow-up: the unit answered',
    'followUp.accept_answer': 'Follow-up: the unit’s answer accepted',
    'followUp.return_answer': 'Follow-up: the unit’s answer returned',
    'followUp.callback': 'Follow-up: customer called back',
    'followUp.answer_customer': 'Follow-up: SMS answer to the customer',
    'followUp.note': 'Follow-up: note',
    'followUp.escalate': 'Follow-up: escalated a level up',
    'followUp.close': 'Follow-up case closed',
    incidentOpen: 'open',
    incidentResolved: 'resolved',
    teamId: 'Team',
    chooseTeam: 'Choose the team',
    noTeams: 'The assigned unit has no team under it.',
    publicNote: 'What the citizen is told (optional)',
    publicNoteHint: 'Shown on the citizen’s tracking page; the note above stays internal.',
    returnReason: 'Why it is returned (the centre reads it)',
    'action.RETURN_TO_CENTRE': 'Returned to the centre',
    'action.HAND_TO_TEAM': 'Handed to a team',
    citizenReopen: 'Reported “not fixed” by the citizen',
    citizen: 'Citizen (tracking page)',
  },
};
type Words = (typeof messages)['fa'];

const RequestDetailQuery = graphql(
  `
  query RequestDetail($trackingCode: String!) {
    requestByTrackingCode(trackingCode: $trackingCode) {
      ...RequestSummary
      priorityReason
      channel
      description
      address
      callerName
      callerMobileMasked
      registeredBy
      registeredByName
      dispatchedAt
      resolvedAt
      closedAt
      assignedUnit {
        ...UnitName
      }
      locationUnit {
        ...UnitName
      }
      suggestedUnit {
        ...UnitName
      }
      incident {
        id
        title
        status
      }
      outage {
        id
        area
        startsAt
        endsAt
      }
      events {
        kind
        action
        followUpStep
        actorSubject
        actorName
        note
        occurredAt
        fromStatus
        toStatus
      }
      publicNote
      followUpOpen
      followUpCases {
        id
        state
      }
      returnedToCentre {
        reason
        returnedAt
        unit {
          ...UnitName
        }
      }
    }
  }
`,
  [RequestSummary, UnitName],
);

const RequestIdQuery = graphql(`
  query RequestIdByTrackingCode($trackingCode: String!) {
    requestByTrackingCode(trackingCode: $trackingCode) {
      id
    }
  }
`);

const OpenIncidentsQuery = graphql(
  `
  query OpenIncidentsForLink {
    incidents(status: OPEN, first: 100) {
      nodes {
        id
        title
        unit {
          ...UnitName
        }
      }
    }
  }
`,
  [UnitName],
);

type Detail = NonNullable<import('gql.tada').ResultOf<typeof RequestDetailQuery>['requestByTrackingCode']>;

/** One request: its details, the actions the viewer may take, linking to an incident, and its history. */
export default function RequestDetail() {
  const { trackingCode = '' } = useParams();
  const m = useMessages(messages);
  const code = digitsOnly(trackingCode);
  const [result, reexecute] = useQuery({ query: RequestDetailQuery, variables: { trackingCode: code } });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const request = result.data?.requestByTrackingCode;

  const back = (
    <Anchor component={Link} to="/desk">
      {m.back}
    </Anchor>
  );
  if (result.error) return <ErrorState error={result.error} onRetry={refresh} />;
  if (!result.data) return <LoadingState />;
  if (!request)
    return (
      <>
        <ScreenTitle>
          {m.request} <TrackingCodeText code={code} />
        </ScreenTitle>
        <EmptyState action={back}>{m.notFound}</EmptyState>
      </>
    );

  return (
    <>
      <ScreenTitle
        description={back}
        actions={
          <RequestStatusBadges status={request.status} overdue={request.overdue} returned={request.returnedToCentre} />
        }
      >
        {m.request} <TrackingCodeText code={request.trackingCode} />
      </ScreenTitle>
      <ReturnedNotice returned={request.returnedToCentre} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md">
          <Facts request={request} m={m} />
          <RequestFollowUp request={request} onDone={refresh} />
          <ComplainAboutRequest requestId={request.id} />
          <Actions request={request} m={m} onDone={refresh} />
          <InternalNote requestId={request.id} onDone={refresh} />
          <IncidentLink request={request} m={m} onDone={refresh} />
        </Stack>
        <History request={request} m={m} />
      </SimpleGrid>
    </>
  );
}

function Facts({ request, m }: { request: Detail; m: Words }) {
  const { t, language } = useI18n();
  const pick = useBilingual();
  const categoryName = useCategoryName();
  const rows: [string, React.ReactNode][] = [
    [m.category, categoryName(request.categoryCode, request.categoryNameFa)],
    [m.priority, <PriorityBadge key="p" priority={request.priority as Priority} />],
    ...(request.priorityReason
      ? ([[m.priorityReason, displayText(request.priorityReason, language)]] as [string, React.ReactNode][])
      : []),
    [m.channel, t(`channel.${request.channel}` as MessageKey)],
    [
      m.description,
      <Text key="d" style={{ whiteSpace: 'pre-wrap' }}>
        {displayText(request.description, language) || m.none}
      </Text>,
    ],
    [m.address, displayText(request.address, language) || m.none],
    [
      m.caller,
      request.callerName || request.callerMobileMasked ? (
        <span key="c">
          {request.callerName ? <bdi>{displayText(request.callerName, language)}</bdi> : null}
          {request.callerName && request.callerMobileMasked ? ' — ' : null}
          {request.callerMobileMasked ? (
            <span className="ltr-value">{localDigits(request.callerMobileMasked, language)}</span>
          ) : null}
          {request.callerMobileMasked ? (
            <CallBack requestId={request.id} assignedUnitId={request.assignedUnit?.id ?? null} />
          ) : null}
        </span>
      ) : (
        m.none
      ),
    ],
    [m.assignedUnit, request.assignedUnit ? pick(request.assignedUnit.nameFa, request.assignedUnit.nameEn) : m.none],
    [m.locationUnit, request.locationUnit ? pick(request.locationUnit.nameFa, request.locationUnit.nameEn) : m.none],
    [m.registeredAt, <JalaliDate key="r" value={request.registeredAt} />],
    [m.registeredBy, <Person key="rb" name={request.registeredByName} subject={request.registeredBy} />],
    [m.dueAt, <JalaliDate key="due" value={request.dueAt} />],
    [m.dispatchedAt, request.dispatchedAt ? <JalaliDate key="da" value={request.dispatchedAt} /> : m.none],
    [m.resolvedAt, request.resolvedAt ? <JalaliDate key="ra" value={request.resolvedAt} /> : m.none],
    [m.closedAt, request.closedAt ? <JalaliDate key="ca" value={request.closedAt} /> : m.none],
    ...(request.publicNote
      ? ([[m.publicNote, displayText(request.publicNote, language)]] as [string, React.ReactNode][])
      : []),
    [
      m.incident,
      request.incident ? (
        <Anchor key="i" component={Link} to={`/incidents?incident=${encodeURIComponent(request.incident.id)}`}>
          <bdi>{displayText(request.incident.title, language)}</bdi> (
          {request.incident.status === 'OPEN' ? m.incidentOpen : m.incidentResolved})
        </Anchor>
      ) : (
        m.none
      ),
    ],
    [
      m.outage,
      request.outage ? (
        <span key="o">
          {displayText(request.outage.area, language)} (<JalaliDate value={request.outage.startsAt} /> –{' '}
          <JalaliDate value={request.outage.endsAt} />)
        </span>
      ) : (
        m.none
      ),
    ],
  ];
  return (
    <Section id="request-details" title={m.details}>
      <Table data-testid="request-details">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" w="35%">
                {label}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

function Actions({ request, m, onDone }: { request: Detail; m: Words; onDone: () => void }) {
  const { viewer } = useViewer();
  const { t } = useI18n();
  const pick = useBilingual();
  const words = useMessages(actionWords);
  const client = useClient();
  const units = useUnitOptions(true);
  const [action, setAction] = useState<RequestActionName | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Choosing an action moves the focus to what it asks for (or to its button).
  useEffect(() => {
    if (action) formRef.current?.querySelector<HTMLElement>('select, textarea, input, button[type="submit"]')?.focus();
  }, [action]);
  const [done, setDone] = useState(false);
  const form = useForm({
    initialValues: { unitId: '', teamId: '', note: '', publicNote: '', reason: '', duplicateOf: '' },
    validate: {
      unitId: (v) => (action === 'DISPATCH' && !v ? t('fieldRequired') : null),
      teamId: (v) => (action === 'HAND_TO_TEAM' && !v ? t('fieldRequired') : null),
      note: (v) => (action === 'RESOLVE' && !v.trim() ? t('fieldRequired') : null),
      reason: (v) => (action && requestActions[action].needs === 'reason' && !v.trim() ? t('fieldRequired') : null),
      duplicateOf: (v) => (action === 'MARK_DUPLICATE' && !digitsOnly(v) ? t('fieldRequired') : null),
    },
  });
  const transition = useMutationWithErrors(TransitionRequestMutation, (d) => d.transitionRequest, {
    form,
    fieldMap: { duplicateOfId: 'duplicateOf', ...(action === 'HAND_TO_TEAM' ? { unitId: 'teamId' } : {}) },
  });
  const teams = useTeamOptions(action === 'HAND_TO_TEAM' ? request.assignedUnit?.id : null);
  const allowed = allowedActions(viewer, request);
  if (allowed.length === 0 && !viewer?.permissions.some((p) => p === 'requests:dispatch' || p === 'requests:work'))
    return null;

  const submit = form.onSubmit(async (values) => {
    if (!action) return;
    let duplicateOfId: string | null = null;
    if (action === 'MARK_DUPLICATE') {
      const found = await client
        .query(RequestIdQuery, { trackingCode: digitsOnly(values.duplicateOf) }, { requestPolicy: 'network-only' })
        .toPromise();
      duplicateOfId = found.data?.requestByTrackingCode?.id ?? null;
      if (!duplicateOfId) {
        form.setFieldError('duplicateOf', m.duplicateNotFound);
        return;
      }
    }
    const needs = requestActions[action].needs;
    const outcome = await transition.run({
      input: {
        requestId: request.id,
        action,
        ...(needs === 'unitId' ? { unitId: values.unitId } : {}),
        ...(needs === 'teamId' ? { unitId: values.teamId } : {}),
        ...(needs === 'note' ? { note: values.note } : {}),
        ...(action === 'RESOLVE' && values.publicNote.trim() ? { publicNote: values.publicNote } : {}),
        ...(needs === 'reason' ? { reason: values.reason } : {}),
        ...(duplicateOfId ? { duplicateOfId } : {}),
      },
    });
    if (outcome.ok) {
      setAction(null);
      form.reset();
      setDone(true);
      onDone();
      // Done: the keyboard goes on from the notice that says so (then the next action, the history).
      focusNext(noticeSelector);
    }
  });

  const needs = action ? requestActions[action].needs : null;
  return (
    <Section id="request-actions" title={m.actions}>
      {done ? (
        <Notice mb="sm" onClose={() => setDone(false)}>
          {m.done}
        </Notice>
      ) : null}
      {allowed.length === 0 ? (
        <Text c="dimmed">{m.noActions}</Text>
      ) : (
        <Group gap="xs" mb={action ? 'sm' : 0} data-testid="request-actions">
          {allowed.map((name) => (
            <Button
              key={name}
              variant={action === name ? 'filled' : 'light'}
              aria-pressed={action === name}
              onClick={() => {
                setDone(false);
                transition.setFormError(null);
                form.clearErrors();
                setAction(action === name ? null : name);
                // Dispatching starts from where routing would send the request; the person may pick another unit.
                if (name === 'DISPATCH') form.setFieldValue('unitId', request.suggestedUnit?.id ?? '');
              }}
              data-testid={`request-action-${name}`}
            >
              {words[name]}
            </Button>
          ))}
        </Group>
      )}
      {action ? (
        <form ref={formRef} onSubmit={submit} onKeyDown={formKeys()} noValidate data-testid="request-action-form">
          <Stack gap="sm">
            {needs === 'unitId' ? (
              <NativeSelect
                label={m.unitId}
                required
                data={[{ value: '', label: m.chooseUnit }, ...units.options]}
                description={
                  request.suggestedUnit
                    ? `${m.suggested} ${pick(request.suggestedUnit.nameFa, request.suggestedUnit.nameEn)}`
                    : undefined
                }
                {...form.getInputProps('unitId')}
                data-testid="request-action-unit"
              />
            ) : null}
            {needs === 'note' ? (
              <Textarea
                label={m.note}
                required
                autosize
                minRows={3}
                {...form.getInputProps('note')}
                data-testid="request-action-note"
              />
            ) : null}
            {action === 'RESOLVE' ? (
              <Textarea
                label={m.publicNote}
                description={m.publicNoteHint}
                autosize
                minRows={2}
                {...form.getInputProps('publicNote')}
                data-testid="request-action-public-note"
              />
            ) : null}
            {needs === 'teamId' ? (
              teams.length ? (
                <NativeSelect
                  label={m.teamId}
                  required
                  data={[{ value: '', label: m.chooseTeam }, ...teams]}
                  {...form.getInputProps('teamId')}
                  data-testid="request-action-team"
                />
              ) : (
                <Text c="dimmed">{m.noTeams}</Text>
              )
            ) : null}
            {needs === 'reason' ? (
              <Textarea
                label={action === 'RETURN_TO_CENTRE' ? m.returnReason : m.reason}
                required
                autosize
                minRows={2}
                {...form.getInputProps('reason')}
                data-testid="request-action-reason"
              />
            ) : null}
            {needs === 'duplicateOf' ? (
              <TextInput
                label={m.duplicateOf}
                required
                inputMode="numeric"
                dir="ltr"
                {...form.getInputProps('duplicateOf')}
                data-testid="request-action-duplicate-of"
              />
            ) : null}
            <FormError>{transition.formError}</FormError>
            <FormButtons
              gap="xs"
              label={`${words[action]} — ${m.confirm}`}
              loading={transition.fetching}
              submitTestId="request-action-submit"
              onCancel={() => setAction(null)}
            />
          </Stack>
        </form>
      ) : null}
    </Section>
  );
}

function IncidentLink({ request, m, onDone }: { request: Detail; m: Words; onDone: () => void }) {
  const canLink = usePermission('incidents:write');
  const open = ['REGISTERED', 'DISPATCHED', 'IN_PROGRESS', 'REOPENED'].includes(request.status);
  const show = canLink && open && request.incident?.status !== 'OPEN';
  const [incidents] = useQuery({ query: OpenIncidentsQuery, pause: !show });
  const { t } = useI18n();
  const pick = useBilingual();
  const [linked, setLinked] = useState(false);
  const form = useForm({
    initialValues: { incidentId: '' },
    validate: { incidentId: (v) => (v ? null : t('fieldRequired')) },
  });
  const link = useMutationWithErrors(LinkRequestToIncidentMutation, (d) => d.linkRequestToIncident, { form });
  if (!show)
    return linked ? (
      <Alert color="teal" role="status" tabIndex={-1} data-notice="">
        {m.linked}
      </Alert>
    ) : null;
  const options = (incidents.data?.incidents.nodes ?? []).map((i) => ({
    value: i.id,
    label: `${i.title} — ${pick(i.unit.nameFa, i.unit.nameEn)}`,
  }));
  return (
    <Section id="request-link" title={m.link}>
      {incidents.error ? (
        <ErrorState error={incidents.error} />
      ) : incidents.fetching && !incidents.data ? (
        <LoadingState />
      ) : options.length === 0 ? (
        <Text c="dimmed">{m.noOpenIncidents}</Text>
      ) : (
        <form
          noValidate
          onKeyDown={formKeys()}
          onSubmit={form.onSubmit(async (values) => {
            const outcome = await link.run({ incidentId: values.incidentId, requestId: request.id });
            if (outcome.ok) {
              setLinked(true);
              form.reset();
              onDone();
              focusNext(noticeSelector);
            }
          })}
        >
          <Stack gap="sm">
            <NativeSelect
              label={m.incidentId}
              required
              data={[{ value: '', label: m.chooseIncident }, ...options]}
              {...form.getInputProps('incidentId')}
              data-testid="request-link-incident"
            />
            <FormError>{link.formError}</FormError>
            <FormButtons label={m.linkSubmit} loading={link.fetching} submitTestId="request-link-submit" />
          </Stack>
        </form>
      )}
    </Section>
  );
}

function History({ request, m }: { request: Detail; m: Words }) {
  const { t, language } = useI18n();
  const arrow = language === 'fa' ? '←' : '→';
  const status = (s: string | null) => (s ? t(`status.${s}` as MessageKey) : '');
  return (
    <Section id="request-history" title={m.history} headingGap="sm">
      {request.events.length === 0 ? (
        <EmptyState />
      ) : (
        <HistoryTimeline
          steps={request.events.map((e) => ({
            title: `${eventLabel(e, m)}${
              e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus
                ? ` — ${status(e.fromStatus)} ${arrow} ${status(e.toStatus)}`
                : ''
            }`,
            occurredAt: e.occurredAt,
            actor: e.actorSubject === 'public:web' ? m.citizen : <Person name={e.actorName} subject={e.actorSubject} />,
            data: { kind: e.kind },
            details: e.note ? <StepDetail long>{displayText(e.note, language)}</StepDetail> : null,
          }))}
          label={m.history}
          actorLabel={m.actor}
          testId="request-timeline"
          stepTestId="timeline-event"
        />
      )}
    </Section>
  );
}

/** A step of the history by what was done: the unit's return and hand-over, the citizen's "not fixed". */
function eventLabel(e: Detail['events'][number], m: Words): string {
  if (e.action === 'RETURN_TO_CENTRE' || e.action === 'HAND_TO_TEAM') return m[`action.${e.action}`];
  if (e.action === 'REOPEN' && e.actorSubject === 'public:web') return m.citizenReopen;
  // A follow-up step (section b) by what it was; a step this portal does not know yet, as «پیگیری».
  if (e.kind === 'FOLLOW_UP' && e.followUpStep && `followUp.${e.followUpStep}` in m)
    return m[`followUp.${e.followUpStep}` as keyof Words];
  return m[`event.${e.kind}` as keyof Words];
}

/** A member of staff by name (their subject on hover); the subject itself when the company has no name for it. */
function Person({ name, subject }: { name: string | null; subject: string }) {
  return name ? (
    <span title={subject} data-testid="person">
      {name}
    </span>
  ) : (
    <span dir="ltr" data-testid="person">
      {subject}
    </span>
  );
}
