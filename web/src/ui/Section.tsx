import { Paper, type PaperProps, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A bordered part of a screen under its `<h2>`, which also names it for screen readers (`aria-labelledby`). */
export function Section({
  id,
  title,
  headingGap = 'xs',
  children,
  ...paper
}: PaperProps & {
  /** The heading's id, unique on the page. */
  id: string;
  title: ReactNode;
  headingGap?: 'xs' | 'sm';
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id} {...paper}>
      <Title order={2} size="h4" id={id} mb={headingGap}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}
