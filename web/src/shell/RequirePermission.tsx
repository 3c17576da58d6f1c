import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.js';
import { type Permission, usePermission } from '../viewer.js';

/** A screen for those who hold `permission`; others are told it is not for their role. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const allowed = usePermission(permission);
  const { t } = useI18n();
  if (allowed) return children;
  return (
    <Alert color="yellow" title={t('errorTitle')} role="alert">
      {t('notAllowed')}
    </Alert>
  );
}
