import { Button } from '@mantine/core';
import { useI18n } from '../i18n.js';

/** فارسی ⇄ English; the choice is kept in localStorage. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  const other = language === 'fa' ? 'en' : 'fa';
  return (
    <Button
      variant="subtle"
      size="compact-md"
      lang={other}
      title={t('languageSwitchLabel')}
      data-testid="language-switch"
      onClick={() => setLanguage(other)}
    >
      {t('languageSwitch')}
    </Button>
  );
}
