import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { Outlet, NavLink as RouterNavLink, useLocation } from 'react-router';
import { useAuth } from '../auth.js';
import { type MessageKey, useBilingual, useI18n } from '../i18n.js';
import { ShortcutsOverlay } from '../ui/shortcuts.js';
import { ErrorState, LoadingState } from '../ui/states.js';
import { type Permission, useViewer, ViewerProvider } from '../viewer.js';
import { HeaderBell } from './HeaderBell.js';
import { HeaderSearch } from './HeaderSearch.js';
import { LanguageSwitch } from './LanguageSwitch.js';

/** The signed-in screens and who may see them in the menu (the routes check the same permissions). */
export const navigation: { to: string; label: MessageKey; permission: Permission; exact?: boolean }[] = [
  { to: '/national', label: 'nav.national', permission: 'national:read', exact: true },
  { to: '/national/kpi/SERVICE_LEVEL', label: 'nav.nationalKpi', permission: 'national:read' },
  { to: '/national/incidents', label: 'nav.nationalIncidents', permission: 'national:read' },
  { to: '/national/evaluations', label: 'nav.nationalEvaluations', permission: 'national:read' },
  { to: '/overview', label: 'nav.overview', permission: 'overview:read' },
  { to: '/agent', label: 'nav.agent', permission: 'contacts:write' },
  { to: '/desk', label: 'nav.desk', permission: 'requests:read' },
  { to: '/followup', label: 'nav.followup', permission: 'followups:read', exact: true },
  { to: '/followup/overview', label: 'nav.escalation', permission: 'followups:read' },
  { to: '/complaints', label: 'nav.complaints', permission: 'complaints:read' },
  { to: '/surveys', label: 'nav.surveys', permission: 'surveys:read', exact: true },
  { to: '/surveys/scores', label: 'nav.surveyScores', permission: 'surveys:read' },
  { to: '/contacts', label: 'nav.contacts', permission: 'contacts:read' },
  { to: '/queue', label: 'nav.queue', permission: 'requests:work' },
  { to: '/incidents', label: 'nav.incidents', permission: 'incidents:read' },
  { to: '/outages', label: 'nav.outages', permission: 'incidents:read' },
  { to: '/knowledge', label: 'nav.knowledge', permission: 'knowledge:read' },
  { to: '/messaging', label: 'nav.messaging', permission: 'messages:read' },
  { to: '/statistics', label: 'nav.statistics', permission: 'statistics:read' },
  { to: '/benchmark', label: 'nav.benchmark', permission: 'benchmark:read' },
];

const followUpManagerScreens = ['/followup/overview', '/followup/settings'];

/** Whether a menu entry is the current screen (the provinces' entry only on its own page, not the others under it). */
function isCurrent(item: (typeof navigation)[number], pathname: string): boolean {
  // The worklist is current on a case too; the escalation overview on its settings too.
  if (item.to === '/followup')
    return (
      pathname === '/followup' || (pathname.startsWith('/followup/') && !followUpManagerScreens.includes(pathname))
    );
  if (item.to === '/followup/overview') return followUpManagerScreens.includes(pathname);
  // The surveys' entry is current on their tabs and on a survey's call page, not on the scores.
  if (item.to === '/surveys')
    return pathname === '/surveys' || (pathname.startsWith('/surveys/') && pathname !== '/surveys/scores');
  if (item.to.startsWith('/national/kpi/')) return pathname.startsWith('/national/kpi/');
  if (item.exact) return pathname === item.to || pathname.startsWith(`${item.to}/company/`);
  return pathname === item.to || pathname.startsWith(`${item.to}/`);
}

function Header({ opened, toggle }: { opened: boolean; toggle: () => void }) {
  const { viewer } = useViewer();
  const { signOut } = useAuth();
  const { t } = useI18n();
  const pick = useBilingual();
  const roles = viewer?.roles.map((r) => t(`role.${r}` as MessageKey)).join('، ');
  return (
    <Group h="100%" px="md" gap={4} justify="space-between" wrap="nowrap">
      <Group gap="xs" wrap="nowrap">
        <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('mainNav')} />
        {/* One line on a phone too, beside the header's icons and buttons. */}
        <Text fw={700} fz={{ base: 'md', sm: 'lg' }} component="span" style={{ whiteSpace: 'nowrap' }}>
          {t('appShort')}
        </Text>
        {viewer?.tenant ? (
          <Badge variant="light" size="lg" data-testid="viewer-tenant" visibleFrom="xs">
            {pick(viewer.tenant.nameFa, viewer.tenant.nameEn)}
          </Badge>
        ) : null}
      </Group>
      <Group gap="xs" wrap="nowrap">
        {viewer ? (
          <Stack gap={0} align="flex-end" visibleFrom="sm">
            <Text size="sm" fw={600} data-testid="viewer-name">
              {viewer.displayName ?? viewer.subject}
            </Text>
            <Text size="xs" c="dimmed" data-testid="viewer-role">
              {roles}
              {viewer.unit ? ` — ${pick(viewer.unit.nameFa, viewer.unit.nameEn)}` : ''}
            </Text>
          </Stack>
        ) : null}
        <HeaderSearch />
        <HeaderBell />
        <LanguageSwitch />
        <Button variant="outline" size="compact-md" onClick={() => void signOut()} data-testid="sign-out">
          {t('signOut')}
        </Button>
      </Group>
    </Group>
  );
}

function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const { viewer } = useViewer();
  const { t } = useI18n();
  const location = useLocation();
  const items = navigation.filter((item) => viewer?.permissions.includes(item.permission));
  return (
    <Stack gap={2}>
      {items.map((item) => (
        <NavLink
          key={item.to}
          component={RouterNavLink}
          to={item.to}
          end={item.exact}
          label={t(item.label)}
          active={isCurrent(item, location.pathname)}
          onClick={onNavigate}
        />
      ))}
    </Stack>
  );
}

function Body() {
  const { viewer, fetching, error, retry } = useViewer();
  const { signIn } = useAuth();
  const { t } = useI18n();
  // The token was refused (expired session, keys rotated): sign in again, back to this page.
  const unauthenticated = (error?.response as Response | undefined)?.status === 401;
  useEffect(() => {
    if (unauthenticated) void signIn();
  }, [unauthenticated, signIn]);
  if (unauthenticated) return <LoadingState label={t('signingIn')} />;
  if (error) return <ErrorState error={error} onRetry={retry} />;
  if (!viewer || fetching) return <LoadingState />;
  // The national office belongs to no company: its screens are its own (national:read), nothing else is.
  if (!viewer.tenant && !viewer.permissions.includes('national:read'))
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('appName')}
        </Title>
        <Text>{t('noTenantRole')}</Text>
      </Stack>
    );
  return <Outlet />;
}

function Shell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { t } = useI18n();
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <AppShell.Header>
        <Header opened={opened} toggle={toggle} />
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('mainNav')}>
        <Navigation onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Body />
      </AppShell.Main>
      <ShortcutsOverlay />
    </AppShell>
  );
}

/** The signed-in portal: header (name, company, role, language, sign-out), menu by permission, the screen. */
export default function PortalShell() {
  return (
    <ViewerProvider>
      <Shell />
    </ViewerProvider>
  );
}
