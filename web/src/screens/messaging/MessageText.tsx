import { Text, type TextProps } from '@mantine/core';
import { localDigits } from '../../format.js';
import { useI18n } from '../../i18n.js';

const urlPattern = /(https?:\/\/[^\s]+)/g;

/**
 * A message's text as the customer reads it, line breaks kept: digits in the language's own (a tracking code reads
 * «۱۴۰۵…» in Persian), except inside a link, which stays as it must be typed, left to right.
 */
export function MessageText({ text, ...props }: TextProps & { text: string; 'data-testid'?: string }) {
  const { language } = useI18n();
  const parts = text.split(urlPattern);
  return (
    <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} {...props}>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          // Its own left-to-right box: a link broken over lines keeps its characters in order (a bare isolate
          // let the `?` before a line break jump to the other end).
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, in order
          <bdi key={index} dir="ltr" style={{ display: 'inline-block', maxWidth: '100%', textAlign: 'left' }}>
            {part}
          </bdi>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, in order
          <span key={index}>{localDigits(part, language)}</span>
        ),
      )}
    </Text>
  );
}
