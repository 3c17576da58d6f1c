import { ActionIcon, CopyButton, Tooltip } from '@mantine/core';
import { useI18n } from '../i18n.js';

/** A copy-to-clipboard icon button that says "copied" once it has: for tracking codes and links. */
export function CopyIconButton({ value, label, testId }: { value: string; label: string; testId: string }) {
  const { t } = useI18n();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t('copied') : t('copy')} withArrow>
          <ActionIcon
            variant={copied ? 'filled' : 'light'}
            size="lg"
            onClick={copy}
            aria-label={copied ? t('copied') : label}
            data-testid={testId}
          >
            <svg
              aria-hidden="true"
              width="20"
              height="20"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
            >
              {copied ? (
                <path d="M5 12l5 5L20 7" />
              ) : (
                <>
                  <rect x="9" y="9" width="12" height="12" rx="2" />
                  <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
                </>
              )}
            </svg>
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}
