import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useI18n } from '../i18n.js';

export default function NotFound() {
  const { t } = useI18n();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('notFound')}
      </Title>
      <Text>
        <Anchor component={Link} to="/">
          {t('backHome')}
        </Anchor>
      </Text>
    </Stack>
  );
}
