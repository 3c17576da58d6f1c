import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { type RefObject, useEffect } from 'react';
import { useBilingual, useMessages } from '../../i18n.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { TrackingCode } from '../../ui/TrackingCode.js';
import { TrackingLink, trackPath } from '../../ui/TrackingLink.js';
import { Can, useViewer } from '../../viewer.js';
import { callMessages } from './callMessages.js';
import { messages } from './messages.js';
import { type Incident, IncidentLine } from './summaries.js';

export interface Progress {
  requestId?: string;
  trackingCode?: string;
  assignedUnit?: { nameFa: string; nameEn: string | null } | null;
  dueAt?: string;
}

export type Done =
  | {
      kind: 'request';
      progress: Progress;
      categoryCode: string;
      emergency: boolean;
      unitId: string | null;
      address: string;
    }
  | { kind: 'repeat'; progress: Progress }
  | { kind: 'linked'; incident: Incident }
  | { kind: 'informed' }
  | { kind: 'outage' };

/** A registered request's tracking code, its unit and due time: shown as soon as the server has answered it. */
export function RegisteredRequest({ progress }: { progress: Progress }) {
  const m = useMessages(messages);
  const pick = useBilingual();
  if (!progress.trackingCode) return null;
  return (
    <>
      <TrackingCode code={progress.trackingCode} label={m.trackingCode} />
      <Text>{m.readOut}</Text>
      {progress.assignedUnit ? (
        <Text>
          {m.assignedTo}: {pick(progress.assignedUnit.nameFa, progress.assignedUnit.nameEn)} — {m.due}:{' '}
          <JalaliDate value={progress.dueAt} />
        </Text>
      ) : null}
    </>
  );
}

interface Props {
  done: Done;
  newCallRef: RefObject<HTMLButtonElement | null>;
  onNewCall: () => void;
  incidentOpened: boolean;
  onOpenIncident: () => void;
  openingIncident: boolean;
  openIncidentError: string | null;
}

/** The end of a call: what was recorded, what to read out, and the next call (which takes the focus). */
export function CallDone({ done, newCallRef, onNewCall, ...incident }: Props) {
  const m = useMessages(messages);
  const w = useMessages(callMessages);
  const tenantCode = useViewer().viewer?.tenant?.code;
  useEffect(() => {
    newCallRef.current?.focus();
  }, [newCallRef]);
  return (
    <Stack gap="md" data-testid="call-done" aria-live="polite">
      {done.kind === 'request' ? (
        <>
          <Title order={2} size="h3">
            {m.requestRegistered}
          </Title>
          <RegisteredRequest progress={done.progress} />
          {incident.incidentOpened ? (
            <Alert color="teal" data-testid="incident-opened">
              {m.incidentOpened}
            </Alert>
          ) : done.emergency && done.unitId ? (
            <Can permission="incidents:write">
              <Paper withBorder p="sm">
                <Stack gap="xs" align="flex-start">
                  <Text size="sm">{m.openIncidentHint}</Text>
                  <Button
                    variant="light"
                    color="orange"
                    onClick={incident.onOpenIncident}
                    loading={incident.openingIncident}
                    data-testid="open-incident"
                  >
                    {m.openIncident}
                  </Button>
                  {incident.openIncidentError ? (
                    <Alert color="red" role="alert">
                      {incident.openIncidentError}
                    </Alert>
                  ) : null}
                </Stack>
              </Paper>
            </Can>
          ) : null}
        </>
      ) : done.kind === 'repeat' ? (
        <>
          <Title order={2} size="h3" data-testid="repeat-call-added">
            {m.repeatCallAdded}
          </Title>
          <RegisteredRequest progress={done.progress} />
        </>
      ) : done.kind === 'linked' ? (
        <>
          <Alert color="teal" title={m.linkedCallTitle} data-testid="linked-to-incident">
            <Stack gap="xs">
              <IncidentLine incident={done.incident} />
              <Text>{m.linkedCallDone}</Text>
            </Stack>
          </Alert>
          {/* The caller has no request of their own: the incident's public status is what they can follow. */}
          {tenantCode ? (
            <TrackingLink
              path={trackPath(tenantCode, done.incident.publicToken)}
              label={w.incidentReference}
              copyLabel={w.copyIncidentLink}
              hint={w.incidentReferenceHint}
              testId="incident-track-link"
            />
          ) : null}
        </>
      ) : (
        <Alert color="teal" title={m.contactRecorded} data-testid="contact-recorded">
          {done.kind === 'outage' ? m.outageDone : m.informedDone}
        </Alert>
      )}
      <Button ref={newCallRef} onClick={onNewCall} size="md" data-testid="new-call-after">
        {m.newCall}
      </Button>
    </Stack>
  );
}
