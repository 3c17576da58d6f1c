import { Text, Timeline } from '@mantine/core';
import type { ReactNode } from 'react';
import { JalaliDate } from './JalaliDate.js';

/** One step of a record's history: what was done, when and by whom, and what it said. */
export interface HistoryStep {
  title: ReactNode;
  occurredAt: string;
  actor: ReactNode;
  /** `data-*` attributes of the step (`{ kind: 'NOTE' }` → `data-kind="NOTE"`), for tests. */
  data?: Record<string, string>;
  /** The step's details below its time and actor. */
  details?: ReactNode;
}

/**
 * A record's history (a request, a follow-up case, a complaint) as an ordered list, oldest first: the same timeline
 * on every screen, read by screen readers as a list named `label`.
 */
export function HistoryTimeline({
  steps,
  label,
  actorLabel,
  testId,
  stepTestId,
}: {
  steps: readonly HistoryStep[];
  label: string;
  /** «توسط» / "By". */
  actorLabel: string;
  testId: string;
  stepTestId: string;
}) {
  return (
    <Timeline
      active={steps.length - 1}
      bulletSize={14}
      lineWidth={2}
      data-testid={testId}
      aria-label={label}
      component="ol"
      style={{ listStyleType: 'none', paddingInlineStart: 0 }}
    >
      {steps.map((step, index) => (
        <Timeline.Item
          // biome-ignore lint/suspicious/noArrayIndexKey: a history is append-only, in order
          key={index}
          component="li"
          title={
            <Text fw={600} component="span">
              {step.title}
            </Text>
          }
          data-testid={stepTestId}
          {...Object.fromEntries(Object.entries(step.data ?? {}).map(([k, v]) => [`data-${k}`, v]))}
        >
          <Text size="sm" c="dimmed">
            <JalaliDate value={step.occurredAt} /> — {actorLabel}: {step.actor}
          </Text>
          {step.details}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

/** A detail line of a history step; `long` keeps the text's own line breaks and wraps anywhere. */
export function StepDetail({
  children,
  long = false,
  testId,
}: {
  children: ReactNode;
  long?: boolean;
  testId?: string;
}) {
  return (
    <Text
      size="sm"
      mt={4}
      style={long ? { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } : undefined}
      data-testid={testId}
    >
      {children}
    </Text>
  );
}
