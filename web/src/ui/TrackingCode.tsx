import { ActionIcon, CopyButton, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { groupForReading } from '../format.js';
import { useI18n } from '../i18n.js';

/**
 * A tracking code shown large, in the language's digits and grouped by four to be read out over the phone,
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
            data-testid="tracking-code"
            data-code={digits}
            aria-labelledby="tracking-code-label"
          >
            {groupForReading(digits, language)}
          </output>
          <CopyButton value={digits}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('copied') : t('copy')} withArrow>
                <ActionIcon
                  variant={copied ? 'filled' : 'light'}
                  size="lg"
                  onClick={copy}
                  aria-label={copied ? t('copied') : `${t('copy')} — ${label}`}
                  data-testid="tracking-code-copy"
                >
                  <span aria-hidden>{copied ? '✓' : '⧉'}</span>
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Paper>
  );
}
