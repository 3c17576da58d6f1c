import { Badge, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useI18n, useMessages } from '../../i18n.js';
import { CopyIconButton } from '../../ui/CopyIconButton.js';
import { ErrorState, LoadingState } from '../../ui/states.js';
import { useViewer } from '../../viewer.js';
import { publicCall } from '../citizen/tenants.js';

const messages = {
  fa: {
    intro:
      'اعلان‌های وب‌سایت از قطعی‌های برنامه‌ریزی‌شده و حادثه‌های باز ساخته می‌شوند، همان‌گونه که در این فهرست می‌بینید؛ وب‌سایت شرکت آن‌ها را از این نشانی‌ها می‌گیرد (بی‌نیاز از ورود، بی هیچ دادهٔ شخصی). برای دگرگون کردن آن‌ها، قطعی یا حادثه را ویرایش کنید.',
    feeds: 'نشانی‌ها برای وب‌سایت',
    json: 'JSON',
    atom: 'Atom',
    copyJson: 'رونوشت نشانی JSON',
    copyAtom: 'رونوشت نشانی Atom',
    current: 'اکنون',
    upcoming: 'به‌زودی',
    outage: 'قطعی برنامه‌ریزی‌شده',
    incident: 'حادثه',
    none: 'اکنون اعلانی نیست: نه قطعی برنامه‌ریزی‌شده‌ای در ۷ روز آینده، نه حادثهٔ بازی.',
    listTitle: 'آنچه وب‌سایت اکنون نشان می‌دهد',
    refresh: 'تازه کردن',
  },
  en: {
    intro:
      'The website notices are made from the planned water cuts and the open incidents, as listed here; the company’s website takes them from these addresses (no sign-in, nothing personal). To change one, edit the cut or the incident.',
    feeds: 'Addresses for the website',
    json: 'JSON',
    atom: 'Atom',
    copyJson: 'Copy the JSON address',
    copyAtom: 'Copy the Atom address',
    current: 'Now',
    upcoming: 'Upcoming',
    outage: 'Planned water cut',
    incident: 'Incident',
    none: 'No notice now: no planned cut in the next 7 days and no open incident.',
    listTitle: 'What the website shows now',
    refresh: 'Refresh',
  },
};

interface Notice {
  id: string;
  kind: 'planned_outage' | 'incident';
  state: 'current' | 'upcoming';
  title: string;
  summary: string;
}

/**
 * «اعلان‌های وب‌سایت»: the company's public notices feed (GET /public/<company>/notices.json and .atom) as its website
 * gets it — the addresses to copy and the notices in it now. Read from the public route itself, so what is shown is
 * what the website shows.
 */
export default function NoticesTab() {
  const m = useMessages(messages);
  const { t } = useI18n();
  const { viewer } = useViewer();
  const code = viewer?.tenant?.code ?? '';
  const [notices, setNotices] = useState<Notice[] | null>(null);
  const [failed, setFailed] = useState<Error | null>(null);
  const base = `${window.location.origin}/public/${encodeURIComponent(code)}/notices`;

  const load = useCallback(async () => {
    setFailed(null);
    const result = await publicCall<{ notices: Notice[] }>(`${encodeURIComponent(code)}/notices.json`, {
      cache: 'no-store',
    });
    if (result.ok) setNotices(result.body.notices);
    else setFailed(new Error('network' in result && result.network ? t('errorNetwork') : t('errorGeneric')));
  }, [code, t]);

  useEffect(() => {
    if (code) void load();
  }, [code, load]);

  return (
    <Stack gap="md">
      <Text size="sm">{m.intro}</Text>
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="xs">
          {m.feeds}
        </Title>
        <Stack gap="xs">
          {(
            [
              ['json', `${base}.json`, m.copyJson],
              ['atom', `${base}.atom`, m.copyAtom],
            ] as const
          ).map(([kind, url, copy]) => (
            <Group key={kind} gap="xs" wrap="nowrap">
              <Badge variant="light" w={56}>
                {m[kind]}
              </Badge>
              <Code
                dir="ltr"
                style={{ overflowWrap: 'anywhere', flex: 1, minWidth: 0 }}
                data-testid={`notices-url-${kind}`}
              >
                {url}
              </Code>
              <CopyIconButton value={url} label={copy} testId={`notices-copy-${kind}`} />
            </Group>
          ))}
        </Stack>
      </Paper>
      <Group justify="space-between">
        <Title order={3} size="h5">
          {m.listTitle}
        </Title>
        <Button size="compact-sm" variant="light" onClick={() => void load()} data-testid="notices-refresh">
          {m.refresh}
        </Button>
      </Group>
      {failed ? (
        <ErrorState error={failed} onRetry={() => void load()} />
      ) : notices === null ? (
        <LoadingState />
      ) : notices.length === 0 ? (
        <Text c="dimmed" data-testid="notices-none">
          {m.none}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {notices.map((n) => (
            <Paper key={n.id} withBorder p="sm" component="li" data-testid="notice-row" data-kind={n.kind}>
              <Group gap="xs" mb={4}>
                <Badge color={n.kind === 'incident' ? 'red' : 'blue'} variant="light">
                  {n.kind === 'incident' ? m.incident : m.outage}
                </Badge>
                <Badge color={n.state === 'current' ? 'orange' : 'gray'} variant="outline">
                  {n.state === 'current' ? m.current : m.upcoming}
                </Badge>
              </Group>
              <Text fw={600}>{n.title}</Text>
              <Text size="sm">{n.summary}</Text>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
