import { Group, Paper, Stack, Text } from '@mantine/core';
import { formatTrackingCode } from '../format.js';
import { useI18n } from '../i18n.js';
import { CopyIconButton } from './CopyIconButton.js';

/**
 * A tracking code shown large, in its one reading format (`formatTrackingCode`) to be read out over the phone,
 * with a copy button (copies the plain ASCII digits).
 */
export function TrackingCode({ code, label }: { code: string; label: string }) {
  const { t, language } = useI18n();
  const digits = code.replace(/\D/g, '');
  return (
    <Paper withBorder p="md" radius="md" bg="blue.0">
      <Stack gap={4} align="center">
        <Text fw={600} id="tracking-code-label">
          {label}
        </Text>
        <Group gap="sm" wrap="nowrap">
          <output
            className="tracking-code"
            dir="ltr"
            data-testid="tracking-code"
            data-code={digits}
            aria-labelledby="tracking-code-label"
          >
            {formatTrackingCode(digits, language)}
          </output>
          <CopyIconButton value={digits} label={`${t('copy')} — ${label}`} testId="tracking-code-copy" />
        </Group>
      </Stack>
    </Paper>
  );
}
