import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { useI18n } from '../i18n.js';

/** A spinner with its words, announced to screen readers. */
export function LoadingState({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" aria-hidden />
        <Text c="dimmed">{label ?? t('loading')}</Text>
      </Stack>
    </Center>
  );
}

/** Nothing to show: a sentence, and optionally what to do next. */
export function EmptyState({ children, action }: { children?: ReactNode; action?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Center py="lg">
      <Stack align="center" gap="xs">
        <Text c="dimmed">{children ?? t('empty')}</Text>
        {action}
      </Stack>
    </Center>
  );
}

/**
 * The words of an error in the user's language: the API's Persian message (extensions.messageFa) in Persian, the
 * English one otherwise; a network failure as such.
 */
export function errorText(error: unknown, language: 'fa' | 'en', fallback: string, network: string): string {
  if (!error) return fallback;
  const combined = error as Partial<CombinedError>;
  if (combined.networkError) return network;
  const first = combined.graphQLErrors?.[0];
  if (first) {
    const fa = first.extensions?.messageFa;
    return language === 'fa' && typeof fa === 'string' ? fa : first.message || fallback;
  }
  if (error instanceof TypeError) return network;
  return fallback;
}

/** An error box with the message in the user's language and, when given, a retry button. */
export function ErrorState({ error, onRetry, title }: { error?: unknown; onRetry?: () => void; title?: string }) {
  const { t, language } = useI18n();
  return (
    <Alert color="red" title={title ?? t('errorTitle')} role="alert" variant="light">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorText(error, language, t('errorGeneric'), t('errorNetwork'))}</Text>
        {onRetry ? (
          <Button size="xs" variant="outline" color="red" onClick={onRetry}>
            {t('retry')}
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

/**
 * The usual trio for a query result: the error (with retry), a spinner while there is nothing to show yet, the empty
 * sentence, else the content. `loading` means nothing has arrived (`!result.data`), so a list being refreshed keeps
 * showing what it has.
 */
export function QueryState({
  loading,
  error,
  empty,
  onRetry,
  emptyText,
  children,
}: {
  loading: boolean;
  error?: unknown;
  empty?: boolean;
  onRetry?: () => void;
  emptyText?: ReactNode;
  children: ReactNode;
}) {
  if (error) return <ErrorState error={error} {...(onRetry ? { onRetry } : {})} />;
  if (loading) return <LoadingState />;
  if (empty) return <EmptyState>{emptyText}</EmptyState>;
  return children;
}
