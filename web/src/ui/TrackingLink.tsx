import { Group, Paper, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { CopyIconButton } from './CopyIconButton.js';

/**
 * A citizen's tracking link (`/track?tenant=…&t=…`) shown whole on this portal's origin, with a copy button: the
 * key to a request's or an incident's public status, to keep or to send.
 */
export function TrackingLink({
  path,
  label,
  copyLabel,
  hint,
  testId = 'track-link',
}: {
  path: string;
  label: string;
  copyLabel: string;
  hint: string;
  testId?: string;
}) {
  const labelId = useId();
  const link = new URL(path, window.location.origin).href;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="xs">
        <Text fw={600} id={labelId}>
          {label}
        </Text>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Text
            component="output"
            aria-labelledby={labelId}
            className="ltr-value"
            data-testid={testId}
            style={{ wordBreak: 'break-all', flex: 1 }}
          >
            {link}
          </Text>
          <CopyIconButton value={link} label={copyLabel} testId={`${testId}-copy`} />
        </Group>
        <Text size="sm">{hint}</Text>
      </Stack>
    </Paper>
  );
}

/** The portal's tracking page for a public token of the company. */
export const trackPath = (tenantCode: string, publicToken: string) =>
  `/track?tenant=${encodeURIComponent(tenantCode)}&t=${publicToken}`;
