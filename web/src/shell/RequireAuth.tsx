import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';
import { useAuth } from '../auth.js';
import { useI18n } from '../i18n.js';
import { ErrorState, LoadingState } from '../ui/states.js';

/**
 * Signed-in pages: while the stored session is read, a spinner; signed out, straight to the issuer's login page
 * (authorization code + PKCE), coming back to the page asked for.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, error, signingOut, signIn } = useAuth();
  const { t } = useI18n();
  const started = useRef(false);

  useEffect(() => {
    if (user === null && !error && !signingOut && !started.current) {
      started.current = true;
      void signIn();
    }
  }, [user, error, signingOut, signIn]);

  if (user) return children;
  if (error)
    return (
      <main>
        <Center mih="60vh" p="md">
          <Paper withBorder p="xl" maw={480} w="100%">
            <Stack>
              <Title order={1} size="h3">
                {t('signInTitle')}
              </Title>
              <ErrorState error={error} title={t('signInFailed')} />
              <Text size="sm">{t('signInHint')}</Text>
              <Button onClick={() => void signIn()}>{t('signIn')}</Button>
            </Stack>
          </Paper>
        </Center>
      </main>
    );
  return (
    <main>
      <LoadingState label={user === null ? t('signingIn') : t('loading')} />
    </main>
  );
}
