import { Tabs } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMessages } from '../../i18n.js';
import NotFound from '../../shell/NotFound.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { LoadingState } from '../../ui/states.js';
import { useViewer } from '../../viewer.js';
import { messagingWords } from './words.js';

// Each tab its own chunk: the template editor brings the SMS length calculator, the list does not need it.
const MessagesTab = lazy(() => import('./MessagesTab.js'));
const TemplatesTab = lazy(() => import('./TemplatesTab.js'));
const AccountTab = lazy(() => import('./AccountTab.js'));
const OptOutsTab = lazy(() => import('./OptOutsTab.js'));
const CampaignsTab = lazy(() => import('./CampaignsTab.js'));
const IvrTab = lazy(() => import('./IvrTab.js'));
const NoticesTab = lazy(() => import('./NoticesTab.js'));

/** The area's tabs: their address under /messaging (the first is /messaging itself), their words and screens. */
const tabs = [
  { value: 'messages', path: '', label: 'tab.messages', Screen: MessagesTab },
  { value: 'campaigns', path: 'campaigns', label: 'tab.campaigns', Screen: CampaignsTab },
  { value: 'templates', path: 'templates', label: 'tab.templates', Screen: TemplatesTab },
  { value: 'account', path: 'account', label: 'tab.account', Screen: AccountTab },
  { value: 'opt-outs', path: 'opt-outs', label: 'tab.optOuts', Screen: OptOutsTab },
  { value: 'ivr', path: 'ivr', label: 'tab.ivr', Screen: IvrTab, permission: 'ivr:read' },
  { value: 'notices', path: 'notices', label: 'tab.notices', Screen: NoticesTab },
] as const;

/**
 * «اطلاع‌رسانی»: the information officer's and the centre manager's messaging (section (d)) — delivery reports,
 * campaigns (targeted information, prepared and approved by two people), the wording of the transactional messages,
 * the SMS account, opt-outs, the IVR entry menu, the website notices — one tab each, each at its own address
 * (/messaging, /messaging/campaigns, /messaging/templates, /messaging/account, /messaging/opt-outs, /messaging/ivr,
 * /messaging/notices) so a tab can be linked to and going back returns to it. Only the campaigns tab has addresses
 * below it (/messaging/campaigns/new, /messaging/campaigns/<uuid>).
 */
export default function Messaging() {
  const w = useMessages(messagingWords);
  const navigate = useNavigate();
  const { viewer } = useViewer();
  const { tab: path = '', id } = useParams();
  // A tab that needs a permission beyond the area's (the IVR menu: ivr:read) is shown only to those holding it.
  const shown = tabs.filter((t) => !('permission' in t) || (viewer?.permissions.includes(t.permission) ?? false));
  const current = shown.find((t) => t.path === path);
  if (!current || (id && current.value !== 'campaigns')) return <NotFound />;
  return (
    <>
      <ScreenTitle description={w.areaDescription}>{w.area}</ScreenTitle>
      <Tabs
        value={current.value}
        onChange={(value) => {
          const next = shown.find((t) => t.value === value);
          if (next) navigate(next.path ? `/messaging/${next.path}` : '/messaging');
        }}
        keepMounted={false}
        variant="outline"
        // Narrower tabs than Mantine's: they take two lines at most at phone width.
        styles={{ tab: { paddingInline: 'var(--mantine-spacing-xs)' } }}
      >
        <Tabs.List aria-label={w.tabs} mb="md" data-testid="messaging-tabs">
          {shown.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} data-testid={`messaging-tab-${t.value}`}>
              {w[t.label]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {shown.map(({ value, Screen }) => (
          <Tabs.Panel key={value} value={value}>
            <Suspense fallback={<LoadingState />}>
              <Screen />
            </Suspense>
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
