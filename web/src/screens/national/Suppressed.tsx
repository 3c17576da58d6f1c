import { Text, Tooltip } from '@mantine/core';
import { formatNumber } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { nationalWords } from './words.js';

export interface HeldCount {
  value?: number | null;
  belowMinimum: boolean;
  withheld?: boolean;
}

/**
 * A count below company level: the number; «<۵» when the API held it back for being 1 to 4 cases; «محفوظ» when it
 * held it back so that such a count beside it cannot be worked out by subtraction. Each with why, on hover or focus.
 */
export function SuppressedCount({ count }: { count: HeldCount }) {
  const { language } = useI18n();
  const w = useMessages(nationalWords);
  const held = count.belowMinimum
    ? { text: w.belowMinimum, hint: w.belowMinimumHint, testId: 'below-minimum' }
    : count.withheld
      ? { text: w.withheld, hint: w.withheldHint, testId: 'withheld' }
      : null;
  if (held)
    return (
      <Tooltip label={held.hint} multiline w={260} withArrow>
        <Text component="abbr" size="sm" title={held.hint} data-testid={held.testId} tabIndex={0}>
          {held.text}
        </Text>
      </Tooltip>
    );
  return <>{count.value == null ? '—' : formatNumber(count.value, language)}</>;
}

/** A held-back count as text (the Excel file): «<5» or «withheld», never the number. */
export function heldText(count: HeldCount, w: { belowMinimum: string; withheld: string }): string | number | null {
  return count.belowMinimum ? w.belowMinimum : count.withheld ? w.withheld : (count.value ?? null);
}
