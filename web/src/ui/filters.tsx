import { Button, Group, Paper, SimpleGrid, TextInput } from '@mantine/core';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../i18n.js';
import { parseJalaliDate } from './jalali.js';
import { withParams } from './searchParams.js';

/**
 * A list screen's filters: kept in the component (typing a date is never slowed by navigation) and mirrored in the
 * address, so going back from a row finds them again. `names` must be a constant of the module.
 */
export function useAddressFilters<N extends string>(names: readonly N[]) {
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState(
    () => Object.fromEntries(names.map((name) => [name, params.get(name) ?? ''])) as Record<N, string>,
  );
  const setParamsRef = useRef(setParams);
  setParamsRef.current = setParams;
  useEffect(() => {
    const next = withParams(new URLSearchParams(window.location.search), filters);
    if (next.toString() !== window.location.search.replace(/^\?/, '')) setParamsRef.current(next, { replace: true });
  }, [filters]);
  const set = useCallback((name: N, value: string) => setFilters((previous) => ({ ...previous, [name]: value })), []);
  const clear = useCallback(
    () => setFilters(Object.fromEntries(names.map((name) => [name, ''])) as Record<N, string>),
    [names],
  );
  return { filters, set, clear };
}

/**
 * A range of Jalali days typed as text, both days included: the instants the API takes (`to` is the start of the
 * day after), and whether the range is empty — said beside the field, never asked of the server.
 */
export function jalaliRange(fromText: string, toText: string) {
  const from = fromText.trim() ? parseJalaliDate(fromText) : null;
  const to = toText.trim() ? parseJalaliDate(toText, true) : null;
  return { from, to, badRange: Boolean(from && to && from >= to) };
}

/** The two day inputs of a range (`jalaliRange`), with the date hint and each error beside its field. */
export function JalaliRangeInputs({
  fromText,
  toText,
  range,
  onChange,
  labels,
  testIdPrefix,
}: {
  fromText: string;
  toText: string;
  range: ReturnType<typeof jalaliRange>;
  onChange: (name: 'from' | 'to', value: string) => void;
  /** The fields' labels, and what an empty range says under "to" (it names the "from" field). */
  labels: { from: string; to: string; badRange: string };
  testIdPrefix: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <TextInput
        label={labels.from}
        description={t('jalaliDateHint')}
        value={fromText}
        onChange={(e) => onChange('from', e.currentTarget.value)}
        error={fromText.trim() && !range.from ? t('jalaliDateInvalid') : undefined}
        inputMode="numeric"
        dir="ltr"
        data-testid={`${testIdPrefix}-from`}
      />
      <TextInput
        label={labels.to}
        description={t('jalaliDateHint')}
        value={toText}
        onChange={(e) => onChange('to', e.currentTarget.value)}
        error={toText.trim() && !range.to ? t('jalaliDateInvalid') : range.badRange ? labels.badRange : undefined}
        inputMode="numeric"
        dir="ltr"
        data-testid={`${testIdPrefix}-to`}
      />
    </>
  );
}

/** A list's filters in a labelled section, laid out in a grid, ending with the button that clears them all. */
export function FilterPanel({
  label,
  onClear,
  clearTestId,
  children,
}: {
  label: string;
  onClear: () => void;
  clearTestId: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Paper withBorder p="md" mb="md" component="section" aria-label={label}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        {children}
        <Group align="flex-end">
          <Button variant="subtle" onClick={onClear} data-testid={clearTestId}>
            {t('clearFilters')}
          </Button>
        </Group>
      </SimpleGrid>
    </Paper>
  );
}
