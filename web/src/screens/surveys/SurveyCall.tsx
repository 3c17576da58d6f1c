import { Anchor, Grid, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useMessages } from '../../i18n.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { usePermission } from '../../viewer.js';
import { AttemptResult, CallPanel } from './CallPanel.js';
import { type AttemptDone, SurveyAttempt } from './SurveyAttempt.js';
import { SurveyStatusBadge } from './SurveyBadges.js';
import { AttemptHistory, DrawReason, RequestFacts, SurveyDetails } from './SurveyFacts.js';
import { SurveyScript } from './SurveyScript.js';
import { type SurveyCall as SurveyCallData, SurveyCallQuery } from './survey.queries.js';
import { useSurveyAnswers } from './useSurveyAnswers.js';

const messages = {
  fa: {
    title: 'نظرسنجی تلفنی',
    back: 'بازگشت به فهرست تماس‌ها',
    notFound: 'این نظرسنجی در شرکت شما نیست یا دسترسی به آن ندارید.',
  },
  en: {
    title: 'Telephone survey',
    back: 'Back to the calls to make',
    notFound: 'This survey is not of your company, or not yours to see.',
  },
};

/**
 * One survey's call page (/surveys/<id>): the number to dial once taken, the script of its own questionnaire version
 * answered as the customer speaks (each answer saved at once), what the call came to, and beside them the request's
 * summary, why it was drawn and its calls so far. After the call, its result and the next survey of the worklist.
 */
export default function SurveyCall() {
  const { surveyId = '' } = useParams();
  const m = useMessages(messages);
  const [result, reexecute] = useQuery({
    query: SurveyCallQuery,
    variables: { id: surveyId },
    requestPolicy: 'network-only',
  });
  // What the last action gave back (the survey as it is now), until the query brings it too.
  const [latest, setLatest] = useState<SurveyCallData | null>(null);
  const [done, setDone] = useState<AttemptDone | null>(null);
  const node = result.data?.node;
  const queried = node?.__typename === 'Survey' && node.id === surveyId ? (node as SurveyCallData) : null;
  const survey = latest?.id === surveyId ? latest : queried;
  useEffect(() => {
    if (done && done.survey.id !== surveyId) setDone(null);
  }, [done, surveyId]);
  const back = (
    <Anchor component={Link} to="/surveys" data-testid="survey-back">
      {m.back}
    </Anchor>
  );
  if (result.error && !survey)
    return <ErrorState error={result.error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  // Nothing yet, or still the survey before (the next one is on its way).
  if (!survey && (result.fetching || !result.data || (node && node.id !== surveyId))) return <LoadingState />;
  if (!survey)
    return (
      <>
        <ScreenTitle>{m.title}</ScreenTitle>
        <EmptyState action={back}>{m.notFound}</EmptyState>
      </>
    );
  const changed = (next: SurveyCallData) => setLatest(next);
  return (
    <>
      <ScreenTitle description={back} actions={<SurveyStatusBadge status={survey.status} />}>
        {m.title} {survey.request ? <TrackingCodeText code={survey.request.trackingCode} /> : null}
      </ScreenTitle>
      <CallBody
        key={survey.id}
        survey={survey}
        done={done?.survey.id === survey.id ? done : null}
        onChanged={changed}
        onDone={(next) => {
          setDone(next);
          setLatest(next.survey);
        }}
      />
    </>
  );
}

function CallBody({
  survey,
  done,
  onChanged,
  onDone,
}: {
  survey: SurveyCallData;
  done: AttemptDone | null;
  onChanged: (survey: SurveyCallData) => void;
  onDone: (done: AttemptDone) => void;
}) {
  const canConduct = usePermission('surveys:conduct');
  const answers = useSurveyAnswers(survey);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const pending = survey.status === 'PENDING';
  const inHand = pending && survey.takenByMe && canConduct;
  return (
    <Grid gap="md" align="flex-start">
      <Grid.Col span={{ base: 12, md: 7 }} miw={0}>
        <Stack gap="md">
          {done ? <AttemptResult done={done} /> : null}
          <CallPanel survey={survey} canConduct={canConduct} onTaken={onChanged} />
          <SurveyScript
            questions={survey.questionnaire.questions}
            version={survey.questionnaire.version}
            answers={answers}
            editable={inHand}
            pending={pending && canConduct}
            fieldErrors={fieldErrors}
          />
          {inHand ? (
            <SurveyAttempt survey={survey} answers={answers} onDone={onDone} onFieldErrors={setFieldErrors} />
          ) : null}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }} miw={0}>
        <Stack gap="md">
          <RequestFacts survey={survey} />
          <DrawReason survey={survey} />
          <SurveyDetails survey={survey} />
          <AttemptHistory survey={survey} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
