import { Badge } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../../format.js';
import { useI18n } from '../../i18n.js';

/**
 * The call's talk time, in whole seconds from when the call started (the screen of a call is mounted afresh for
 * each call). `seconds` is what the timer shows; `stop()` freezes it when the call is recorded, and the contact
 * carries that same figure (talkSeconds).
 */
export function useCallTimer(startedAt: Date) {
  const elapsed = () => Math.max(0, Math.floor((Date.now() - startedAt.getTime()) / 1000));
  const [seconds, setSeconds] = useState(elapsed);
  const [running, setRunning] = useState(true);
  const shown = useRef(seconds);
  shown.current = seconds;

  // biome-ignore lint/correctness/useExhaustiveDependencies: one interval per call while it runs
  useEffect(() => {
    if (!running) return;
    const id = window.setInterval(() => setSeconds(elapsed()), 1000);
    return () => window.clearInterval(id);
  }, [running]);

  return {
    seconds,
    running,
    /** The figure the timer shows now (for the contact), read at the moment of recording. */
    current: () => shown.current,
    /** Stops the timer showing `at`, the figure the contact was recorded with. */
    stop: (at: number) => {
      setRunning(false);
      setSeconds(at);
    },
  };
}

export function CallTimer({ seconds, running, label }: { seconds: number; running: boolean; label: string }) {
  const { language } = useI18n();
  return (
    <Badge
      size="lg"
      variant={running ? 'light' : 'outline'}
      color={running ? 'blue' : 'gray'}
      data-testid="call-timer"
      aria-label={`${label}: ${formatDuration(seconds, language)}`}
      role="timer"
    >
      <span aria-hidden>
        {label} <span dir="ltr">{formatDuration(seconds, language)}</span>
      </span>
    </Badge>
  );
}
