import { Badge } from '@mantine/core';
import { useMessages } from '../../i18n.js';
import type { SurveyStatus } from './survey.queries.js';
import { surveyWord, surveyWords } from './surveyWords.js';

// Light backgrounds with dark words (WCAG AA), the colour saying the same as the words.
const statusColours: Record<SurveyStatus, string> = {
  PENDING: 'blue',
  COMPLETED: 'teal',
  REFUSED: 'orange',
  UNREACHABLE: 'gray',
  EXPIRED: 'gray',
};

/** Where a survey stands, in words. */
export function SurveyStatusBadge({ status }: { status: SurveyStatus }) {
  const w = useMessages(surveyWords);
  return (
    <Badge
      color={statusColours[status]}
      variant="light"
      size="lg"
      miw="max-content"
      tt="none"
      styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
      data-testid="survey-status"
      data-status={status}
    >
      {surveyWord(w, 'status', status)}
    </Badge>
  );
}

/** The customer's word on "really fixed?": yes (teal), no (red), or nothing yet. */
export function FixedBadge({ fixed }: { fixed: boolean | null | undefined }) {
  const w = useMessages(surveyWords);
  if (fixed === null || fixed === undefined) return <span>{w.none}</span>;
  return (
    <Badge
      color={fixed ? 'teal' : 'red'}
      variant="light"
      size="md"
      tt="none"
      miw="max-content"
      styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
      data-testid="survey-fixed"
      data-fixed={fixed}
    >
      {fixed ? w.yes : w.no}
    </Badge>
  );
}
