import { Button, Group, type GroupProps } from '@mantine/core';
import { useI18n } from '../i18n.js';

/**
 * The buttons under a form: submit (spinning while its mutation runs, so it is not sent twice) and, when the form can
 * be put away, cancel.
 */
export function FormButtons({
  label,
  loading,
  submitTestId,
  color,
  onCancel,
  ...group
}: GroupProps & {
  label: string;
  loading: boolean;
  submitTestId: string;
  color?: string;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  return (
    <Group {...group}>
      <Button type="submit" color={color} loading={loading} data-testid={submitTestId}>
        {label}
      </Button>
      {onCancel ? (
        <Button variant="subtle" onClick={onCancel}>
          {t('cancel')}
        </Button>
      ) : null}
    </Group>
  );
}
