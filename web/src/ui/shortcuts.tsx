import { Kbd, Modal, Table, Text } from '@mantine/core';
import { type KeyboardEvent as ReactKeyboardEvent, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useMessages } from '../i18n.js';

/**
 * Keyboard shortcuts matched on the physical key (`event.code`: KeyN, Enter, Slash), never on the character
 * (`event.key`): on a Persian layout KeyN types «د», and Alt+N must still work. A screen declares its shortcuts with
 * `useShortcuts`; they are active while it is mounted and `<ShortcutsOverlay />` (in the shell) lists them on `?`.
 */
export interface Shortcut {
  /** The physical key, as `KeyboardEvent.code`: 'KeyN', 'Enter', 'Slash'. */
  code: string;
  /** Ctrl (or ⌘ on a Mac). */
  mod?: boolean;
  alt?: boolean;
  shift?: boolean;
  /** What it does, in the user's language (the overlay's words). */
  label: string;
  /** Run on the key anywhere on the page; without it the shortcut is only listed (a form handles it itself). */
  run?: () => void;
}

type Keys = Pick<Shortcut, 'code' | 'mod' | 'alt' | 'shift'>;

/** The key with exactly these modifiers (Enter also on the number pad). */
export function matchesKeys(event: KeyboardEvent | ReactKeyboardEvent, keys: Keys): boolean {
  const code = event.code === 'NumpadEnter' ? 'Enter' : event.code;
  return (
    code === keys.code &&
    (event.ctrlKey || event.metaKey) === Boolean(keys.mod) &&
    event.altKey === Boolean(keys.alt) &&
    event.shiftKey === Boolean(keys.shift)
  );
}

/** Keys as people read them: Ctrl+Enter, Alt+N, ?. */
export function keysLabel(keys: Keys): string {
  if (keys.code === 'Slash' && keys.shift && !keys.mod && !keys.alt) return '?';
  const key = keys.code.replace(/^Key|^Digit/, '');
  return [keys.mod ? 'Ctrl' : null, keys.alt ? 'Alt' : null, keys.shift ? 'Shift' : null, key]
    .filter(Boolean)
    .join('+');
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

// The registry: the shortcuts of every mounted screen, in mount order (the overlay reads it).
let registered: { id: number; shortcuts: Shortcut[] }[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const snapshot = () => registered;

/** The shortcuts active now, for the overlay. */
export function useRegisteredShortcuts(): Shortcut[] {
  return useSyncExternalStore(subscribe, snapshot, snapshot).flatMap((group) => group.shortcuts);
}

/**
 * Declares shortcuts while the calling component is mounted. A shortcut with a modifier works from inside a field
 * too (Alt+N while typing the caller's number); a bare key only outside fields.
 */
export function useShortcuts(shortcuts: Shortcut[]): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  const signature = shortcuts.map((s) => `${keysLabel(s)}|${s.label}`).join('\n');

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-registered when the keys or their words change
  useEffect(() => {
    const id = nextId++;
    registered = [...registered, { id, shortcuts: latest.current }];
    notify();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      for (const shortcut of latest.current) {
        if (!shortcut.run || !matchesKeys(event, shortcut)) continue;
        const modified = shortcut.mod || shortcut.alt;
        if (!modified && typingIn(event.target)) continue;
        event.preventDefault();
        shortcut.run();
        return;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      registered = registered.filter((group) => group.id !== id);
      notify();
    };
  }, [signature]);
}

/** A picker or search box: Enter there chooses or searches, it never submits the form around it. */
function isPickerOrSearch(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLInputElement)) return false;
  return (
    target.type === 'search' ||
    target.getAttribute('role') === 'combobox' ||
    target.hasAttribute('aria-haspopup') ||
    target.dataset.enterSubmits === 'false'
  );
}

/**
 * A form's keys, for its `onKeyDown`: Ctrl+Enter submits from any of its fields (a text box, a picker, a radio);
 * a plain Enter in a picker or search box never submits (the browser would, implicitly). Enter in a plain
 * one-line field still submits, as browsers do. Without `submit`, Ctrl+Enter submits the `<form>` the keys are on
 * (or the one inside it) as its submit button would, validation included.
 */
export function formKeys(submit?: () => void) {
  return (event: ReactKeyboardEvent<HTMLElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (matchesKeys(event, { code: 'Enter', mod: true })) {
      event.preventDefault();
      event.stopPropagation();
      if (submit) submit();
      else {
        const element = event.currentTarget;
        const form = element instanceof HTMLFormElement ? element : element.querySelector('form');
        form?.requestSubmit();
      }
    } else if (matchesKeys(event, { code: 'Enter' }) && isPickerOrSearch(event.target)) event.preventDefault();
  };
}

/**
 * After an action, the focus goes on to the next thing to do: the element `target` finds, as soon as the screen shows
 * it (the action's outcome may come with a later answer: a refetched list, a new version's row). Gives up after a
 * few seconds, leaving the focus where it is.
 */
export function focusNext(target: string | (() => HTMLElement | null | undefined), withinMs = 5000): void {
  const find = typeof target === 'string' ? () => document.querySelector<HTMLElement>(target) : target;
  const started = performance.now();
  const attempt = () => {
    const element = find();
    if (element?.isConnected) element.focus();
    else if (performance.now() - started < withinMs) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

const overlayMessages = {
  fa: {
    title: 'میان‌برهای صفحه‌کلید',
    keys: 'کلید',
    action: 'کار',
    open: 'نمایش همین فهرست',
    close: 'بستن',
    layout: 'میان‌برها با هر چیدمان صفحه‌کلید (فارسی یا انگلیسی) کار می‌کنند.',
  },
  en: {
    title: 'Keyboard shortcuts',
    keys: 'Keys',
    action: 'Does',
    open: 'Show this list',
    close: 'Close',
    layout: 'Shortcuts work on any keyboard layout (Persian or English).',
  },
};

/** `?` (Shift+/ — «؟» on a Persian layout) outside a field: the shortcuts of the screen, in a dialog. */
export function ShortcutsOverlay() {
  const m = useMessages(overlayMessages);
  const [opened, setOpened] = useState(false);
  const open = { code: 'Slash', shift: true, label: m.open, run: () => setOpened(true) };
  useShortcuts([open]);
  const shortcuts = useRegisteredShortcuts();
  return (
    <Modal
      opened={opened}
      onClose={() => setOpened(false)}
      title={m.title}
      closeButtonProps={{ 'aria-label': m.close }}
      data-testid="shortcuts-overlay"
    >
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{m.keys}</Table.Th>
            <Table.Th scope="col">{m.action}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shortcuts.map((s) => (
            <Table.Tr key={`${keysLabel(s)}|${s.label}`}>
              <Table.Td>
                <Kbd dir="ltr">{keysLabel(s)}</Kbd>
              </Table.Td>
              <Table.Td>{s.label}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed" mt="sm">
        {m.layout}
      </Text>
    </Modal>
  );
}
