import { Badge } from '@mantine/core';
import { displayText } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import type { ComplaintChannel, ComplaintStage } from './operations.js';
import { complaintWord, complaintWords, stageLabel } from './words.js';

// Light backgrounds with dark words (WCAG AA), the colour saying the same as the words.
const stageColours: Record<ComplaintStage, string> = {
  RECEIVED: 'blue',
  ACKNOWLEDGED: 'cyan',
  ASSESSED: 'indigo',
  INVESTIGATING: 'orange',
  RESPONSE_DECIDED: 'grape',
  RESPONDED: 'teal',
  CLOSED: 'gray',
};

/** Where a complaint stands, in the rules' words. */
export function ComplaintStageBadge({ stage }: { stage: ComplaintStage }) {
  const { language } = useI18n();
  return (
    <Badge
      color={stageColours[stage]}
      variant="light"
      size="lg"
      miw="max-content"
      tt="none"
      styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
      data-testid="complaint-stage"
      data-stage={stage}
    >
      {stageLabel(stage, language)}
    </Badge>
  );
}

/** «گذشته از مهلت» in red: the current stage is past its deadline. */
export function OverdueBadge() {
  const w = useMessages(complaintWords);
  return (
    <Badge
      color="red.9"
      variant="filled"
      size="md"
      radius="sm"
      tt="none"
      miw="max-content"
      data-testid="complaint-overdue"
    >
      {w.overdue}
    </Badge>
  );
}

/** How the complaint came; سامد with its own reference. */
export function ChannelText({ channel, externalRef }: { channel: ComplaintChannel; externalRef: string | null }) {
  const w = useMessages(complaintWords);
  const { language } = useI18n();
  return (
    <span data-testid="complaint-channel" data-channel={channel}>
      {complaintWord(w, 'channel', channel)}
      {channel === 'SAMAD' && externalRef ? (
        <>
          {' — '}
          <bdi dir="ltr">{displayText(externalRef, language)}</bdi>
        </>
      ) : null}
    </span>
  );
}
