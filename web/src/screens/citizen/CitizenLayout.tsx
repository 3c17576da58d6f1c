import { Anchor, Box, Container, Group, Text } from '@mantine/core';
import { Link, Outlet, useLocation } from 'react-router';
import { useI18n } from '../../i18n.js';
import { LanguageSwitch } from '../../shell/LanguageSwitch.js';
import { PhoneLink } from './NotFixed.js';

/** The citizen pages' frame: no sign-in, one column, made for a phone first. */
export default function CitizenLayout() {
  const { t, language } = useI18n();
  const { search } = useLocation();
  const tenant = new URLSearchParams(search).get('tenant');
  const keep = tenant ? `?tenant=${encodeURIComponent(tenant)}` : '';
  return (
    <>
      <Box component="header" py="sm" px="md" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="sm" px={0}>
          <Group justify="space-between" wrap="nowrap">
            <Text fw={700} component="span">
              {t('appName')}
            </Text>
            <LanguageSwitch />
          </Group>
          <Group component="nav" aria-label={t('mainNav')} gap="md" mt={4}>
            <Anchor component={Link} to={`/track${keep}`}>
              {t('nav.track')}
            </Anchor>
            <Anchor component={Link} to={`/submit${keep}`}>
              {t('nav.submit')}
            </Anchor>
            <Anchor component={Link} to={`/complain${keep}`}>
              {t('nav.complain')}
            </Anchor>
            <Text component="span" ms="auto" size="sm">
              {language === 'fa' ? 'حوادث آب و فاضلاب:' : 'Water emergencies:'} <PhoneLink number="122" />
            </Text>
          </Group>
        </Container>
      </Box>
      <Container component="main" id="main" size="sm" py="md" px="md">
        <Outlet />
      </Container>
    </>
  );
}
