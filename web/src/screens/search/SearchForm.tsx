import { Button, Group, TextInput } from '@mantine/core';
import { forwardRef, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useMessages } from '../../i18n.js';

const messages = {
  fa: {
    label: 'جست‌وجو',
    placeholder: 'کد رهگیری، تلفن، اشتراک، شناسه قبض، نام یا نشانی',
    submit: 'جست‌وجو',
  },
  en: {
    label: 'Search',
    placeholder: 'Tracking code, phone, subscription, bill ID, name or address',
    submit: 'Search',
  },
};

/** The one way a search starts: its own form in a <search> landmark, so Enter in it runs the search and submits nothing else. */
export const SearchForm = forwardRef<
  HTMLInputElement,
  { initial?: string; autoFocus?: boolean; testId: string; compact?: boolean; hint?: string }
>(function SearchForm({ initial = '', autoFocus = false, testId, compact = false, hint }, ref) {
  const m = useMessages(messages);
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  // A new search from the header updates the page's box too.
  useEffect(() => setValue(initial), [initial]);
  return (
    <search aria-label={m.label}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          event.stopPropagation();
          const q = value.trim();
          if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
        }}
      >
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            ref={ref}
            flex={1}
            miw={compact ? 260 : 240}
            size={compact ? 'sm' : 'md'}
            type="search"
            label={compact ? undefined : m.label}
            aria-label={compact ? `${m.label}${hint ? ` (${hint})` : ''}` : undefined}
            placeholder={hint ? `${m.placeholder} — ${hint}` : m.placeholder}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setValue('');
                e.currentTarget.blur();
              }
            }}
            autoFocus={autoFocus}
            data-testid={`${testId}-input`}
            dir="auto"
          />
          {compact ? null : (
            <Button type="submit" size="md" data-testid={`${testId}-submit`}>
              {m.submit}
            </Button>
          )}
        </Group>
      </form>
    </search>
  );
});
