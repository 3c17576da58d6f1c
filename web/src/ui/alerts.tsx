import { Alert, type AlertProps } from '@mantine/core';
import { useI18n } from '../i18n.js';

/**
 * What went wrong with a form that no single field owns (`formError` of `useMutationWithErrors`): red, and announced
 * at once (`role="alert"`). Nothing while there is no error.
 */
export function FormError({ children, ...props }: Omit<AlertProps, 'children'> & { children: string | null }) {
  return children ? (
    <Alert color="red" role="alert" {...props}>
      {children}
    </Alert>
  ) : null;
}

/**
 * Something done (saved, cancelled, recorded): announced politely, dismissed by the user. It can take the focus
 * (`focusNext(noticeSelector)`) so the keyboard goes on from what was just done.
 */
export function Notice({ onClose, ...props }: AlertProps & { onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Alert
      color="teal"
      role="status"
      tabIndex={-1}
      data-notice=""
      withCloseButton
      onClose={onClose}
      closeButtonLabel={t('dismiss')}
      {...props}
    />
  );
}

/** The notice shown after an action (the one `Notice` on the screen at a time). */
export const noticeSelector = '[data-notice]';
