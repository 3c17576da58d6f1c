import { Badge } from '@mantine/core';
import { useI18n, useMessages } from '../../i18n.js';
import { humaniseMinutes } from '../queue/countdown.js';
import type { FollowUpState } from './operations.js';
import { followUpWord, followUpWords } from './words.js';

// Light backgrounds with dark words (WCAG AA), the colour saying the same as the words.
const stateColours: Record<FollowUpState, string> = {
  OPEN: 'blue',
  WAITING_UNIT: 'orange',
  ANSWERED: 'grape',
  CLOSED: 'gray',
};

/** Where a case stands, in words, coloured by who has it. */
export function FollowUpStateBadge({ state }: { state: FollowUpState }) {
  const w = useMessages(followUpWords);
  return (
    <Badge
      color={stateColours[state]}
      variant="light"
      size="lg"
      miw="max-content"
      tt="none"
      styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
      data-testid="followup-state"
      data-state={state}
    >
      {followUpWord(w, 'state', state)}
    </Badge>
  );
}

/** The time a case is measured against: the time agreed with the unit when one was, else the request's due time. */
export function measuredDue(kase: { agreedDueAt: string | null; request: { dueAt: string } }): string {
  return kase.agreedDueAt ?? kase.request.dueAt;
}

/** «۳ ساعت دیر» past `due` (red), «۲ ساعت و ۱۰ دقیقه مانده» before it, at `now`. */
export function Lateness({ due, now }: { due: string; now: number }) {
  const { language } = useI18n();
  const w = useMessages(followUpWords);
  const left = Date.parse(due) - now;
  const late = left < 0;
  const text = `${humaniseMinutes(Math.floor(Math.abs(left) / 60_000), language)} ${late ? w.late : w.left}`;
  return (
    <Badge
      color={late ? 'red.9' : 'gray'}
      variant={late ? 'filled' : 'light'}
      size="lg"
      radius="sm"
      tt="none"
      fw={600}
      miw="max-content"
      data-testid="followup-lateness"
      data-late={late}
    >
      {text}
    </Badge>
  );
}
