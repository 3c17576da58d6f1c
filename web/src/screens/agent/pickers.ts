import type { ComboboxItem, ComboboxParsedItem } from '@mantine/core';
import { digitsOnly, searchKey } from '../../format.js';

/** Families whose requests send a crew somewhere: they need the place (area and address). */
export const fieldFamilies = new Set(['WATER_NETWORK', 'WASTEWATER', 'WATER_QUALITY', 'CONNECTION']);

/** 0912…, 912…, 98912…, +98912… → 09121234567; anything else null. */
export function mobileOf(input: string): string | null {
  const digits = digitsOnly(input);
  const match = /^(?:0098|98|0)?(9\d{9})$/.exec(digits);
  return match ? `0${match[1]}` : null;
}

/** Options whose words contain every typed word, whatever the spelling (ي/ی, ك/ک, digits, ZWNJ). */
export function wordFilter({ options, search }: { options: ComboboxParsedItem[]; search: string }) {
  const words = searchKey(search).split(' ').filter(Boolean);
  const matches = (item: ComboboxItem) => {
    const key = searchKey(`${item.label} ${item.value}`);
    return words.every((w) => key.includes(w));
  };
  return options
    .map((option) =>
      'group' in option
        ? { ...option, items: option.items.filter(matches) }
        : matches(option as ComboboxItem)
          ? option
          : null,
    )
    .filter((o): o is ComboboxParsedItem => o !== null && (!('group' in o) || o.items.length > 0));
}

/**
 * A searchable picker's text is selected when it gets focus, so typing replaces the chosen name instead of being
 * appended to it.
 */
export const selectOnFocus = { onFocus: (event: { currentTarget: HTMLInputElement }) => event.currentTarget.select() };
