import { Anchor, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAuth } from '../../auth.js';
import { useI18n } from '../../i18n.js';
import { ErrorState, LoadingState } from '../../ui/states.js';

/** /auth/callback: the issuer sends the browser back here with the authorization code. */
export default function Callback() {
  const { completeSignIn } = useAuth();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const done = useRef(false);

  useEffect(() => {
    if (done.current) return;
    done.current = true;
    completeSignIn()
      .then((to) => navigate(to, { replace: true }))
      .catch((e: unknown) => setError(e));
  }, [completeSignIn, navigate]);

  return (
    <main>
      <Center mih="60vh" p="md">
        {error ? (
          <Paper withBorder p="xl" maw={480} w="100%">
            <Stack>
              <Title order={1} size="h3">
                {t('signInFailed')}
              </Title>
              <ErrorState error={error} />
              <Text>
                <Anchor href="/">{t('signIn')}</Anchor>
              </Text>
            </Stack>
          </Paper>
        ) : (
          <LoadingState label={t('signingIn')} />
        )}
      </Center>
    </main>
  );
}
