import { Text } from '@mantine/core';
import { type MessageKey, useI18n } from '../i18n.js';
import { ScreenTitle } from './ScreenTitle.js';

/** A screen still to be built: its title and a sentence saying so. */
export function Placeholder({ title }: { title: MessageKey }) {
  const { t } = useI18n();
  return (
    <>
      <ScreenTitle>{t(title)}</ScreenTitle>
      <Text>{t('placeholderScreen')}</Text>
    </>
  );
}
