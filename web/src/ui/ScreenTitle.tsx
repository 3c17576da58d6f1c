import { Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The one <h1> of a screen, with optional words under it and actions beside it. */
export function ScreenTitle({
  children,
  description,
  actions,
}: {
  children: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-start" mb="md">
      <div>
        <Title order={1} size="h2">
          {children}
        </Title>
        {description ? <Text c="dimmed">{description}</Text> : null}
      </div>
      {actions}
    </Group>
  );
}
