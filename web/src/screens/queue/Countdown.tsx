import { Badge } from '@mantine/core';
import { useI18n, useMessages } from '../../i18n.js';
import { countdownOf, countdownText, type Urgency } from './countdown.js';

const messages = {
  fa: { soon: 'نزدیک مهلت:' },
  en: { soon: 'Nearly due:' },
};

/** Colour by urgency, and words that say the same for those who do not see the colour. */
const colours: Record<Urgency, { color: string; variant: 'filled' | 'light' | 'outline' }> = {
  late: { color: 'red.9', variant: 'filled' },
  soon: { color: 'orange', variant: 'light' },
  ok: { color: 'gray', variant: 'light' },
};

export const urgencyBorder: Record<Urgency, string> = {
  late: 'var(--mantine-color-red-8)',
  soon: 'var(--mantine-color-orange-7)',
  ok: 'var(--mantine-color-gray-3)',
};

/** An open request's time left («۲ ساعت و ۱۰ دقیقه مانده») or lateness («۳ ساعت دیرکرد»), at `now`. */
export function Countdown({ dueAt, registeredAt, now }: { dueAt: string; registeredAt: string; now: number }) {
  const { language } = useI18n();
  const m = useMessages(messages);
  const countdown = countdownOf(dueAt, registeredAt, now);
  const { color, variant } = colours[countdown.urgency];
  return (
    <Badge
      color={color}
      variant={variant}
      size="lg"
      radius="sm"
      tt="none"
      fw={600}
      data-testid="countdown"
      data-urgency={countdown.urgency}
    >
      {countdown.urgency === 'soon' ? `${m.soon} ` : ''}
      {countdownText(countdown, language)}
    </Badge>
  );
}
