import { Badge, Group } from '@mantine/core';
import { useMessages } from '../../i18n.js';
import { type CampaignState, campaignStateColours, campaignWords } from './campaignWords.js';

/** A campaign's state as a coloured badge in words, and «اضطراری» beside it when it may go out in quiet hours. */
export function CampaignStateBadge({ state, emergency = false }: { state: CampaignState; emergency?: boolean }) {
  const w = useMessages(campaignWords);
  return (
    <Group gap={4} wrap="wrap">
      <Badge
        miw="max-content"
        color={campaignStateColours[state]}
        variant="light"
        size="lg"
        styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
        data-testid="campaign-state"
        data-state={state}
      >
        {w[`state.${state}`]}
      </Badge>
      {emergency ? (
        <Badge
          miw="max-content"
          color="red"
          variant="light"
          size="lg"
          styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
          data-testid="campaign-emergency"
        >
          {w.emergency}
        </Badge>
      ) : null}
    </Group>
  );
}
