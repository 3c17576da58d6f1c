import { ActionIcon, Box } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMessages } from '../i18n.js';
import { SearchForm } from '../screens/search/SearchForm.js';
import { usePermission } from '../viewer.js';

const messages = {
  fa: { open: 'جست‌وجو', shortcut: 'Ctrl+K' },
  en: { open: 'Search', shortcut: 'Ctrl+K' },
};

/** Ctrl+K (⌘K) on the physical K key, so it works on a Persian keyboard layout too (there K types «ن»). */
export const isSearchShortcut = (event: KeyboardEvent) =>
  event.code === 'KeyK' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;

/**
 * The shell's search box (staff holding search:read): in the header on a desk, an icon to the search screen on a
 * phone. Ctrl+K focuses it from anywhere, even from inside a form's field (on a phone it opens the search screen).
 */
export function HeaderSearch() {
  const m = useMessages(messages);
  const allowed = usePermission('search:read');
  const input = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  useEffect(() => {
    if (!allowed) return;
    const onKey = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event)) return;
      event.preventDefault();
      const box = input.current;
      // Hidden on a phone (display: none): go to the search screen, whose box takes the focus.
      if (box && box.offsetParent !== null) {
        box.focus();
        box.select();
      } else navigate('/search');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [allowed, navigate]);
  if (!allowed) return null;
  return (
    <>
      <Box visibleFrom="md" data-testid="header-search">
        <SearchForm ref={input} compact testId="header-search" hint={m.shortcut} initial={params.get('q') ?? ''} />
      </Box>
      <ActionIcon
        component={Link}
        to="/search"
        hiddenFrom="md"
        variant="subtle"
        size="lg"
        aria-label={m.open}
        data-testid="header-search-open"
      >
        <svg
          width="20"
          height="20"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          aria-hidden="true"
        >
          <circle cx="11" cy="11" r="7" />
          <path d="m20 20-3.5-3.5" />
        </svg>
      </ActionIcon>
    </>
  );
}
