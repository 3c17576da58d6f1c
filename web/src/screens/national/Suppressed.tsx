import { Text, Tooltip } from '@mantine/core';
import { formatNumber } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { nationalWords } from './words.js';

/** A count below company level: the number, or «<۵» with why when the API held it back (1 to 4 cases). */
export function SuppressedCount({ count }: { count: { value?: number | null; belowMinimum: boolean } }) {
  const { language } = useI18n();
  const w = useMessages(nationalWords);
  if (count.belowMinimum)
    return (
      <Tooltip label={w.belowMinimumHint} multiline w={260} withArrow>
        <Text component="abbr" size="sm" title={w.belowMinimumHint} data-testid="below-minimum" tabIndex={0}>
          {w.belowMinimum}
        </Text>
      </Tooltip>
    );
  return <>{count.value == null ? '—' : formatNumber(count.value, language)}</>;
}
