import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { displayText, formatNumber } from '../../format.js';
import { IncidentSummary, PageInfoFields, RequestSummary } from '../../graphql/fragments.js';
import { ErrorFields, graphql } from '../../graphql/graphql.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError, noticeSelector } from '../../ui/alerts.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { useCategoryName, useCategoryOptions, useUnitOptions } from '../../ui/options.js';
import { PagedList } from '../../ui/PagedList.js';
import { PersonName } from '../../ui/PersonName.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { withParams } from '../../ui/searchParams.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.js';
import { TableHead } from '../../ui/TableHead.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { useConnection } from '../../ui/useConnection.js';
import { usePermission, useViewer } from '../../viewer.js';
import { ownUnitId } from '../desk/actions.js';
import { RequestStatusBadges } from '../desk/RequestBadges.js';
import { OpenIncidentMutation } from './operations.js';

const messages = {
  fa: {
    title: 'حوادث',
    description:
      'یک مشکل در شبکه (مثلاً شکستگی لوله) که تماس‌ها و درخواست‌های بسیاری به آن پیوند می‌خورند؛ رفع آن درخواست‌های پیوندخورده را هم رفع می‌کند.',
    openNew: 'ثبت حادثهٔ جدید',
    newTitle: 'حادثهٔ جدید',
    titleField: 'عنوان (چه و کجا)',
    category: 'موضوع',
    chooseCategory: 'موضوع را انتخاب کنید',
    unit: 'واحد',
    chooseUnit: 'واحد را انتخاب کنید',
    address: 'نشانی',
    submitOpen: 'ثبت حادثه',
    opened: 'حادثه ثبت شد.',
    status: 'وضعیت',
    all: 'همه',
    open: 'باز',
    resolved: 'رفع‌شده',
    list: 'فهرست حوادث',
    openedAt: 'زمان ثبت',
    linked: 'درخواست‌های پیوندخورده',
    calls: 'تماس‌ها',
    empty: 'حادثه‌ای نیست.',
    more: 'نمایش حوادث بیشتر',
    show: 'نمایش',
    incident: 'حادثه',
    close: 'بستن جزئیات',
    openedBy: 'ثبت‌کننده',
    resolvedAt: 'زمان رفع',
    resolutionNote: 'شرح رفع',
    linkedNone: 'درخواستی به این حادثه پیوند نخورده است.',
    trackingCode: 'کد رهگیری',
    dueAt: 'مهلت',
    resolve: 'رفع حادثه',
    note: 'شرح کار انجام‌شده',
    noteHint: 'همین شرح در سابقهٔ همهٔ درخواست‌های باز پیوندخورده ثبت می‌شود و آن‌ها هم رفع می‌شوند.',
    submitResolve: 'رفع حادثه و درخواست‌های پیوندخورده',
    resolvedCount: 'حادثه رفع شد؛ درخواست‌های رفع‌شده همراه آن:',
  },
  en: {
    title: 'Incidents',
    description:
      'One problem in the field (a burst main) that many calls and requests link to; resolving it resolves them.',
    openNew: 'Open an incident',
    newTitle: 'New incident',
    titleField: 'Title (what and where)',
    category: 'Category',
    chooseCategory: 'Choose the category',
    unit: 'Unit',
    chooseUnit: 'Choose the unit',
    address: 'Address',
    submitOpen: 'Open the incident',
    opened: 'The incident is open.',
    status: 'Status',
    all: 'All',
    open: 'Open',
    resolved: 'Resolved',
    list: 'Incidents',
    openedAt: 'Opened',
    linked: 'Linked requests',
    calls: 'Calls',
    empty: 'No incident.',
    more: 'Show more incidents',
    show: 'Show',
    incident: 'Incident',
    close: 'Close the details',
    openedBy: 'Opened by',
    resolvedAt: 'Resolved',
    resolutionNote: 'Resolution',
    linkedNone: 'No request is linked to this incident.',
    trackingCode: 'Tracking code',
    dueAt: 'Due',
    resolve: 'Resolve the incident',
    note: 'What was done',
    noteHint: 'This note goes into the history of every open linked request, which is resolved with it.',
    submitResolve: 'Resolve the incident and its linked requests',
    resolvedCount: 'The incident is resolved; requests resolved with it:',
  },
};
type Words = (typeof messages)['fa'];

const IncidentsQuery = graphql(
  `
  query Incidents($first: Int!, $after: String, $status: IncidentStatus) {
    incidents(first: $first, after: $after, status: $status) {
      nodes {
        ...IncidentSummary
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`,
  [IncidentSummary, PageInfoFields],
);

const IncidentDetailQuery = graphql(
  `
  query IncidentDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Incident {
        ...IncidentSummary
        openedBy
        openedByName
        resolvedAt
        resolutionNote
        linkedRequests(first: 100) {
          nodes {
            ...RequestSummary
          }
        }
      }
    }
  }
`,
  [IncidentSummary, RequestSummary],
);

const ResolveIncidentMutation = graphql(
  `
  mutation ResolveIncident($incidentId: ID!, $note: String!) {
    resolveIncident(incidentId: $incidentId, note: $note) {
      __typename
      ... on ResolveIncidentSuccess {
        data {
          resolvedRequestCount
          incident {
            id
            status
            resolvedAt
            resolutionNote
          }
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

function IncidentStatusBadge({ status, m }: { status: 'OPEN' | 'RESOLVED'; m: Words }) {
  return (
    <Badge
      miw="max-content"
      color={status === 'OPEN' ? 'orange' : 'teal'}
      variant="light"
      size="lg"
      styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
    >
      {status === 'OPEN' ? m.open : m.resolved}
    </Badge>
  );
}

/** Incidents: the list, opening one, its linked requests, resolving it with one note. */
export default function Incidents() {
  const m = useMessages(messages);
  const { language } = useI18n();
  const pick = useBilingual();
  const canWrite = usePermission('incidents:write');
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'OPEN';
  const selected = params.get('incident');
  const [creating, setCreating] = useState(false);
  const variables = useMemo(
    () => ({ first: 30, status: status === 'OPEN' || status === 'RESOLVED' ? (status as 'OPEN' | 'RESOLVED') : null }),
    [status],
  );
  const list = useConnection(IncidentsQuery, variables, (d) => d.incidents);
  // Opening an incident adds a step to the history (Back closes it); changing the filter only replaces the address.
  const setParam = (name: string, value: string | null) =>
    setParams((previous) => withParams(previous, { [name]: value }), { replace: name !== 'incident' });

  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          canWrite ? (
            <Button onClick={() => setCreating(!creating)} aria-expanded={creating} data-testid="incident-open-toggle">
              {m.openNew}
            </Button>
          ) : null
        }
      >
        {m.title}
      </ScreenTitle>
      {creating ? (
        <OpenIncidentForm
          m={m}
          onOpened={(id) => {
            setCreating(false);
            list.reload();
            setParam('incident', id);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      {selected ? (
        <IncidentDetail id={selected} m={m} onClose={() => setParam('incident', null)} onResolved={list.reload} />
      ) : null}
      <NativeSelect
        label={m.status}
        maw={240}
        mb="sm"
        value={status}
        onChange={(e) => setParam('status', e.currentTarget.value)}
        data={[
          { value: 'OPEN', label: m.open },
          { value: 'RESOLVED', label: m.resolved },
          { value: 'all', label: m.all },
        ]}
        data-testid="incident-filter-status"
      />
      <PagedList list={list} emptyText={m.empty} moreLabel={m.more}>
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover aria-label={m.list} data-testid="incident-list">
            <TableHead columns={[m.incident, m.category, m.unit, m.openedAt, m.status, m.linked, m.calls]} />
            <Table.Tbody>
              {list.items.map((incident) => (
                <Table.Tr
                  key={incident.id}
                  data-testid="incident-row"
                  data-selected={incident.id === selected}
                  bg={incident.id === selected ? 'blue.0' : undefined}
                >
                  <Table.Td>
                    <Anchor component={Link} to={`?${withParams(params, { incident: incident.id })}`} fw={600}>
                      {displayText(incident.title, language)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{pick(incident.categoryNameFa, incident.categoryNameEn)}</Table.Td>
                  <Table.Td>{pick(incident.unit.nameFa, incident.unit.nameEn)}</Table.Td>
                  <Table.Td>
                    <JalaliDate value={incident.openedAt} />
                  </Table.Td>
                  <Table.Td>
                    <IncidentStatusBadge status={incident.status} m={m} />
                  </Table.Td>
                  <Table.Td>{formatNumber(incident.linkedRequestCount, language)}</Table.Td>
                  <Table.Td data-testid="incident-calls">
                    {formatNumber(incident.linkedContactCount, language)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </PagedList>
    </>
  );
}

function OpenIncidentForm({
  m,
  onOpened,
  onCancel,
}: {
  m: Words;
  onOpened: (id: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const units = useUnitOptions(true);
  const categories = useCategoryOptions(true);
  const form = useForm({
    initialValues: {
      title: '',
      categoryCode: '',
      unitId: ownUnitId(viewer, 'incidents:write'),
      address: '',
    },
    validate: {
      title: (v) => (v.trim() ? null : t('fieldRequired')),
      categoryCode: (v) => (v ? null : t('fieldRequired')),
      unitId: (v) => (v ? null : t('fieldRequired')),
    },
  });
  const open = useMutationWithErrors(OpenIncidentMutation, (d) => d.openIncident, { form });
  return (
    <Section id="incident-new" title={m.newTitle} headingGap="sm" mb="md">
      <form
        noValidate
        data-testid="incident-open-form"
        onKeyDown={formKeys()}
        onSubmit={form.onSubmit(async (values) => {
          const outcome = await open.run({
            input: {
              title: values.title,
              categoryCode: values.categoryCode,
              unitId: values.unitId,
              ...(values.address.trim() ? { address: values.address } : {}),
            },
          });
          if (outcome.ok) {
            onOpened(outcome.data.id);
            // Opened: the incident itself is next (its requests to link, its resolution).
            focusNext('#incident-detail');
          }
        })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={m.titleField}
            required
            maxLength={200}
            {...form.getInputProps('title')}
            data-testid="incident-title"
          />
          <NativeSelect
            label={m.category}
            required
            data={[{ value: '', label: m.chooseCategory }, ...categories.options]}
            {...form.getInputProps('categoryCode')}
            data-testid="incident-category"
          />
          <NativeSelect
            label={m.unit}
            required
            data={[{ value: '', label: m.chooseUnit }, ...units.options]}
            {...form.getInputProps('unitId')}
            data-testid="incident-unit"
          />
          <TextInput
            label={m.address}
            maxLength={500}
            {...form.getInputProps('address')}
            data-testid="incident-address"
          />
        </SimpleGrid>
        <FormError mt="sm">{open.formError}</FormError>
        <FormButtons
          mt="sm"
          label={m.submitOpen}
          loading={open.fetching}
          submitTestId="incident-open-submit"
          onCancel={onCancel}
        />
      </form>
    </Section>
  );
}

function IncidentDetail({
  id,
  m,
  onClose,
  onResolved,
}: {
  id: string;
  m: Words;
  onClose: () => void;
  onResolved: () => void;
}) {
  const { t, language } = useI18n();
  const pick = useBilingual();
  const canWrite = usePermission('incidents:write');
  const categoryName = useCategoryName();
  const [result, reexecute] = useQuery({ query: IncidentDetailQuery, variables: { id } });
  const [resolvedCount, setResolvedCount] = useState<number | null>(null);
  const form = useForm({
    initialValues: { note: '' },
    validate: { note: (v) => (v.trim() ? null : t('fieldRequired')) },
  });
  const resolve = useMutationWithErrors(ResolveIncidentMutation, (d) => d.resolveIncident, { form });
  const node = result.data?.node;
  const incident = node?.__typename === 'Incident' ? node : null;

  return (
    <Paper
      withBorder
      p="md"
      mb="md"
      component="section"
      aria-labelledby="incident-detail"
      data-testid="incident-detail"
    >
      {result.error ? (
        <ErrorState error={result.error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      ) : !result.data ? (
        <LoadingState />
      ) : !incident ? (
        <EmptyState />
      ) : (
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start">
            <Title order={2} size="h4" id="incident-detail" tabIndex={-1}>
              {displayText(incident.title, language)}
            </Title>
            <Group gap="xs">
              <IncidentStatusBadge status={incident.status} m={m} />
              <Button variant="subtle" size="compact-sm" onClick={onClose}>
                {m.close}
              </Button>
            </Group>
          </Group>
          <Text size="sm">
            {pick(incident.categoryNameFa, incident.categoryNameEn)} —{' '}
            {pick(incident.unit.nameFa, incident.unit.nameEn)}
            {incident.address ? ` — ${displayText(incident.address, language)}` : ''}
          </Text>
          <Text size="sm" c="dimmed">
            {m.openedAt}: <JalaliDate value={incident.openedAt} /> — {m.openedBy}:{' '}
            <PersonName name={incident.openedByName} subject={incident.openedBy} />
          </Text>
          {incident.resolvedAt ? (
            <Text size="sm">
              {m.resolvedAt}: <JalaliDate value={incident.resolvedAt} />
              {incident.resolutionNote
                ? ` — ${m.resolutionNote}: ${displayText(incident.resolutionNote, language)}`
                : ''}
            </Text>
          ) : null}
          {resolvedCount !== null ? (
            <Alert color="teal" role="status" tabIndex={-1} data-notice="" data-testid="incident-resolved">
              {m.resolvedCount} {formatNumber(resolvedCount, language)}
            </Alert>
          ) : null}
          <Title order={3} size="h5">
            {m.linked} ({formatNumber(incident.linkedRequestCount, language)})
          </Title>
          {incident.linkedRequests.nodes.length === 0 ? (
            <Text c="dimmed">{m.linkedNone}</Text>
          ) : (
            <Table aria-label={m.linked} data-testid="incident-linked-requests">
              <TableHead columns={[m.trackingCode, m.category, m.status, m.dueAt]} />
              <Table.Tbody>
                {incident.linkedRequests.nodes.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/desk/${r.trackingCode}`}>
                        <TrackingCodeText code={r.trackingCode} />
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{categoryName(r.categoryCode, r.categoryNameFa)}</Table.Td>
                    <Table.Td>
                      <RequestStatusBadges status={r.status} overdue={r.overdue} />
                    </Table.Td>
                    <Table.Td>
                      <JalaliDate value={r.dueAt} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {canWrite && incident.status === 'OPEN' ? (
            <form
              noValidate
              data-testid="incident-resolve-form"
              onKeyDown={formKeys()}
              onSubmit={form.onSubmit(async (values) => {
                const outcome = await resolve.run({ incidentId: incident.id, note: values.note });
                if (outcome.ok) {
                  setResolvedCount(outcome.data.resolvedRequestCount);
                  form.reset();
                  reexecute({ requestPolicy: 'network-only' });
                  onResolved();
                  focusNext(noticeSelector);
                }
              })}
            >
              <Stack gap="xs">
                <Title order={3} size="h5">
                  {m.resolve}
                </Title>
                <Textarea
                  label={m.note}
                  description={m.noteHint}
                  required
                  autosize
                  minRows={2}
                  maxLength={4000}
                  {...form.getInputProps('note')}
                  data-testid="incident-resolve-note"
                />
                <FormError>{resolve.formError}</FormError>
                <FormButtons
                  label={m.submitResolve}
                  color="teal.9"
                  loading={resolve.fetching}
                  submitTestId="incident-resolve-submit"
                />
              </Stack>
            </form>
          ) : null}
        </Stack>
      )}
    </Paper>
  );
}
