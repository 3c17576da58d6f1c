import { Badge, Stack, Text, Tooltip } from '@mantine/core';
import { displayText } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { nationalWords, type PerformanceClass } from './words.js';

/**
 * Weak / medium / strong: light backgrounds with dark text (the colour is a second cue, never the only one: the
 * word is always there), so each passes the 4.5:1 contrast.
 */
const colours: Record<PerformanceClass, string> = { WEAK: 'red', MEDIUM: 'yellow', STRONG: 'green' };

export function ClassBadge({
  value,
  insufficient = false,
  override,
}: {
  value: PerformanceClass;
  insufficient?: boolean;
  override?: { reason: string; performanceClass: PerformanceClass } | null;
}) {
  const w = useMessages(nationalWords);
  const { language } = useI18n();
  if (insufficient && !override)
    return (
      <Tooltip label={w.insufficientHint} multiline w={260} withArrow>
        <Badge color="gray" variant="light" size="lg" miw="max-content" data-class="INSUFFICIENT" tabIndex={0}>
          <span style={{ color: 'var(--mantine-color-dark-7)' }}>{w.insufficient}</span>
        </Badge>
      </Tooltip>
    );
  return (
    <Stack gap={2} align="flex-start">
      <Badge
        color={colours[value]}
        variant="light"
        size="lg"
        miw="max-content"
        data-class={value}
        styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
      >
        {w[`class.${value}`]}
        {override ? ' *' : ''}
      </Badge>
      {override ? (
        <Text size="xs" c="dimmed" data-testid="class-override" maw={220}>
          {w.overridden}: {displayText(override.reason, language)}
        </Text>
      ) : null}
    </Stack>
  );
}
