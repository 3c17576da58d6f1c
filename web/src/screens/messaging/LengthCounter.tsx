import { Stack, Text, VisuallyHidden } from '@mantine/core';
import { formatNumber, listSeparator } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { smsLength } from './sms.js';

const messages = {
  fa: {
    characters: 'نویسه',
    parts: 'بخش',
    remaining: 'نویسه تا بخش بعد',
    partsNow: 'تعداد بخش‌ها اکنون',
    encodingUcs: 'فارسی: ۷۰ نویسه در یک بخش، ۶۷ در هر بخش پس از آن',
    encodingGsm: 'لاتین: ۱۶۰ نویسه در یک بخش، ۱۵۳ در هر بخش پس از آن',
  },
  en: {
    characters: 'characters',
    parts: 'parts',
    remaining: 'characters left in this part',
    partsNow: 'Parts now',
    encodingUcs: 'Persian: 70 characters in one part, 67 a part after',
    encodingGsm: 'Latin: 160 characters in one part, 153 a part after',
  },
};

/**
 * «۴۵ نویسه، ۱ بخش، ۲۵ نویسه تا بخش بعد» as one types, and which alphabet sets the part's size — the server's own
 * rule (`smsLength`, by path through sms.ts). The template editor counts its text; the campaign builder the text as
 * sent. `testIdPrefix` names its parts (`template-parts`, `campaign-parts`, …).
 */
export function LengthCounter({ text, id, testIdPrefix }: { text: string; id: string; testIdPrefix: string }) {
  const m = useMessages(messages);
  const { language } = useI18n();
  const length = smsLength(text);
  const sep = listSeparator(language);
  return (
    <Stack gap={0} id={id}>
      <Text size="sm" fw={500} data-testid={`${testIdPrefix}-counter`}>
        <span data-testid={`${testIdPrefix}-chars`} data-units={length.units}>
          {formatNumber(length.units, language)} {m.characters}
        </span>
        {sep}
        <span data-testid={`${testIdPrefix}-parts`} data-parts={length.segments}>
          {formatNumber(length.segments, language)} {m.parts}
        </span>
        {sep}
        <span data-testid={`${testIdPrefix}-remaining`} data-remaining={length.remaining}>
          {formatNumber(length.remaining, language)} {m.remaining}
        </span>
      </Text>
      <Text size="xs" c="dimmed">
        {length.encoding === 'UCS-2' ? m.encodingUcs : m.encodingGsm}
      </Text>
      {/* Read out only when the parts change, not at each key. */}
      <VisuallyHidden aria-live="polite">
        {m.partsNow}: {formatNumber(length.segments, language)}
      </VisuallyHidden>
    </Stack>
  );
}
