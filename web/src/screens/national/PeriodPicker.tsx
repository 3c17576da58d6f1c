import { Group, NativeSelect, SegmentedControl, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n, useMessages } from '../../i18n.js';
import { defaultPeriod, kindOf, type PeriodKind, periodOptions } from './period.js';
import { nationalWords } from './words.js';

const periodPattern = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

/** The period of a national screen, kept in the address (?period=1405-08) so a link shows the same figures. */
export function usePeriod(): [string, (key: string) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('period');
  const period = asked && periodPattern.test(asked) ? asked : defaultPeriod('month');
  const setPeriod = (key: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('period', key);
        return next;
      },
      { replace: true },
    );
  return [period, setPeriod];
}

/** Month / quarter / year, then which one (Jalali, in words); the last whole month unless chosen. */
export function PeriodPicker({ period, onChange }: { period: string; onChange: (key: string) => void }) {
  const { language } = useI18n();
  const w = useMessages(nationalWords);
  const kind = kindOf(period);
  const options = useMemo(() => periodOptions(kind, language), [kind, language]);
  const data = options.some((o) => o.key === period) ? options : [{ key: period, label: period }, ...options];
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" data-testid="period-picker">
      <div>
        <Text component="span" id="period-kind-label" size="sm" fw={500} display="block" mb={4}>
          {w.periodKind}
        </Text>
        <SegmentedControl
          aria-labelledby="period-kind-label"
          value={kind}
          onChange={(value) => onChange(defaultPeriod(value as PeriodKind))}
          data={[
            { value: 'month', label: w.month },
            { value: 'quarter', label: w.quarter },
            { value: 'year', label: w.year },
          ]}
          data-testid="period-kind"
        />
      </div>
      <NativeSelect
        label={w.period}
        value={period}
        onChange={(event) => onChange(event.currentTarget.value)}
        data={data.map((o) => ({ value: o.key, label: o.label }))}
        data-testid="period-select"
        miw={180}
      />
    </Group>
  );
}
