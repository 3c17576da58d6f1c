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
                  <svg
                    aria-hidden="true"
                    width="20"
                    height="20"
                    viewBox="0 0 24 24"
                    fill="none"
                    stroke="currentColor"
                    strokeWidth="2"
                  >
                    {copied ? (
                      <path d="M5 12l5 5L20 7" />
                    ) : (
                      <>
                        <rect x="9" y="9" width="12" height="12" rx="2" />
                        <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
                      </>
                    )}
                  </svg>
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Paper>
  );
}
