import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Loader,
  Popover,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useClient, useQuery } from 'urql';
import { formatDateTime, formatNumber } from '../format.js';
import { UnitName } from '../graphql/fragments.js';
import { graphql, type ResultOf } from '../graphql/graphql.js';
import { useBilingual, useI18n, useMessages } from '../i18n.js';
import { escalationWords, fillWords } from '../screens/followup/words.js';
import { humaniseMinutes } from '../screens/queue/countdown.js';
import { TrackingCodeText } from '../ui/TrackingCodeText.js';

const messages = {
  fa: {
    title: 'اعلان‌ها',
    bell: 'اعلان‌ها ({n} خوانده‌نشده)',
    allRead: 'همه خوانده شد',
    empty: 'اعلانی نیست.',
    unread: 'خوانده‌نشده',
    ago: '{time} پیش',
    failed: 'اعلان‌ها خوانده نشد؛ دوباره تلاش کنید.',
  },
  en: {
    title: 'Notifications',
    bell: 'Notifications ({n} unread)',
    allRead: 'Mark all read',
    empty: 'No notifications.',
    unread: 'unread',
    ago: '{time} ago',
    failed: 'The notifications could not be loaded; try again.',
  },
};

const UnreadCountQuery = graphql(`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`);

const NotificationsQuery = graphql(
  `
  query Notifications($first: Int) {
    notifications(first: $first) {
      id
      kind
      level
      createdAt
      read
      request {
        id
        trackingCode
      }
      complaint {
        id
        trackingCode
      }
      followUpCase {
        id
      }
      unit {
        ...UnitName
      }
    }
  }
`,
  [UnitName],
);

const MarkReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids) {
      __typename
      ... on MarkNotificationsReadSuccess {
        data
      }
    }
  }
`);

type Notification = ResultOf<typeof NotificationsQuery>['notifications'][number];

const pollMs = 60_000;

function BellIcon() {
  return (
    <svg
      width="22"
      height="22"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** «۵ دقیقه پیش» within a day, else the Jalali date and time. */
function When({ value }: { value: string }) {
  const m = useMessages(messages);
  const { language } = useI18n();
  const minutes = Math.max(0, Math.floor((Date.now() - Date.parse(value)) / 60_000));
  const text =
    minutes < 24 * 60
      ? fillWords(m.ago, { time: humaniseMinutes(minutes, language) })
      : formatDateTime(value, language);
  return (
    <time dateTime={value} title={formatDateTime(value, language)}>
      {text}
    </time>
  );
}

/**
 * The header's bell (followups:read): how many of one's notifications are unread (asked every minute and when the
 * list opens), and the latest 20 — why in Persian, the request's tracking code, the unit told, how long ago; the
 * unread in bold. A click marks one read and opens its case (else its request); «همه خوانده شد» marks them all.
 * The list is a popover: Tab moves through it, Esc closes it and gives the focus back to the bell.
 */
export default function NotificationBell() {
  const m = useMessages(messages);
  const w = useMessages(escalationWords);
  const { language } = useI18n();
  const pick = useBilingual();
  const navigate = useNavigate();
  const client = useClient();
  const [opened, setOpened] = useState(false);
  const [countResult, refetchCount] = useQuery({ query: UnreadCountQuery, requestPolicy: 'network-only' });
  const [listResult, refetchList] = useQuery({
    query: NotificationsQuery,
    variables: { first: 20 },
    pause: !opened,
    requestPolicy: 'network-only',
  });
  const [marking, setMarking] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => refetchCount({ requestPolicy: 'network-only' }), pollMs);
    return () => clearInterval(timer);
  }, [refetchCount]);

  const unread = countResult.data?.unreadNotificationCount ?? 0;
  const count = formatNumber(unread, language);
  const list = listResult.data?.notifications ?? [];

  const refresh = useCallback(() => {
    refetchCount({ requestPolicy: 'network-only' });
    refetchList({ requestPolicy: 'network-only' });
  }, [refetchCount, refetchList]);

  const toggle = () => {
    const next = !opened;
    setOpened(next);
    // Opening asks for the list afresh (unpausing it) and the count with it.
    if (next) refetchCount({ requestPolicy: 'network-only' });
  };

  const markRead = async (ids: string[] | null) => {
    setMarking(true);
    try {
      await client.mutation(MarkReadMutation, ids ? { ids } : {}, { requestPolicy: 'network-only' }).toPromise();
    } finally {
      setMarking(false);
    }
  };

  const open = async (n: Notification) => {
    if (!n.read) await markRead([n.id]);
    setOpened(false);
    refetchCount({ requestPolicy: 'network-only' });
    const to = n.followUpCase
      ? `/followup/${encodeURIComponent(n.followUpCase.id)}`
      : n.complaint
        ? `/complaints/${encodeURIComponent(n.complaint.id)}`
        : n.request
          ? `/desk/${encodeURIComponent(n.request.trackingCode)}`
          : null;
    if (to) navigate(to);
  };

  const kindText = (n: Notification) =>
    n.kind === 'ESCALATED'
      ? fillWords(w['kind.ESCALATED'], { n: formatNumber(n.level ?? 0, language) })
      : ((w as Record<string, string>)[`kind.${n.kind}`] ?? n.kind);

  return (
    <Indicator
      label={<span aria-hidden="true">{count}</span>}
      disabled={unread === 0}
      size={18}
      offset={6}
      color="red.9"
      inline
      data-testid="notification-indicator"
    >
      <Popover
        opened={opened}
        onChange={setOpened}
        position="bottom-end"
        width={360}
        shadow="md"
        trapFocus
        returnFocus
        closeOnEscape
        withinPortal
        middlewares={{ flip: true, shift: { padding: 8 } }}
      >
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            size="lg"
            onClick={toggle}
            aria-label={fillWords(m.bell, { n: count })}
            data-testid="notification-bell"
            data-unread={unread}
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown
          p="xs"
          aria-label={m.title}
          data-testid="notification-popover"
          style={{ maxWidth: 'calc(100vw - 16px)' }}
        >
          <Group justify="space-between" gap="xs" mb="xs" wrap="nowrap">
            <Text fw={700} component="h2" fz="md" m={0}>
              {m.title}
            </Text>
            <Button
              variant="subtle"
              size="compact-sm"
              disabled={unread === 0}
              loading={marking}
              onClick={async () => {
                await markRead(null);
                refresh();
              }}
              data-testid="notification-all-read"
            >
              {m.allRead}
            </Button>
          </Group>
          {listResult.error && !listResult.data ? (
            <Text c="red.9" size="sm" role="alert">
              {m.failed}
            </Text>
          ) : !listResult.data ? (
            <Group justify="center" py="sm">
              <Loader size="sm" aria-label={m.title} />
            </Group>
          ) : list.length === 0 ? (
            <Text c="dimmed" size="sm" py="sm" ta="center" data-testid="notification-empty">
              {m.empty}
            </Text>
          ) : (
            <Stack
              component="ul"
              gap={2}
              m={0}
              p={0}
              style={{ listStyle: 'none', maxHeight: 'min(60vh, 480px)', overflowY: 'auto' }}
              aria-label={m.title}
            >
              {list.map((n) => {
                const code = n.complaint?.trackingCode ?? n.request?.trackingCode ?? null;
                return (
                  <li key={n.id}>
                    <UnstyledButton
                      className="notification-item"
                      w="100%"
                      p="xs"
                      onClick={() => void open(n)}
                      data-testid="notification-item"
                      data-id={n.id}
                      data-kind={n.kind}
                      data-read={n.read}
                      style={{
                        borderRadius: 'var(--mantine-radius-sm)',
                        background: n.read ? undefined : 'var(--mantine-color-blue-0)',
                      }}
                    >
                      <Text size="sm" fw={n.read ? 400 : 700}>
                        {kindText(n)}
                        {n.read ? null : <VisuallyHidden>{` (${m.unread})`}</VisuallyHidden>}
                      </Text>
                      <Text size="sm" fw={n.read ? 400 : 700}>
                        {code ? <TrackingCodeText code={code} /> : null}
                        {n.unit ? ` — ${pick(n.unit.nameFa, n.unit.nameEn)}` : ''}
                      </Text>
                      <Text size="xs" c="dimmed">
                        <When value={n.createdAt} />
                      </Text>
                    </UnstyledButton>
                  </li>
                );
              })}
            </Stack>
          )}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
