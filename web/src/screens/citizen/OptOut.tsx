import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { localDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { PhoneLink } from './NotFixed.js';
import { loadCitizenTenants, publicCall } from './tenants.js';

const messages = {
  fa: {
    title: 'لغو پیامک‌های اطلاع‌رسانی',
    from: 'فرستنده:',
    explain:
      'با تأیید، پیامک‌های اطلاع‌رسانی عمومی این شرکت (مانند اعلان‌ها و آگاهی‌رسانی‌ها) دیگر به شماره‌ای که این پیامک را گرفت فرستاده نمی‌شود. پیامک‌های دربارهٔ درخواست‌های خود شما (کد رهگیری، رفع مشکل) همچنان می‌رسد.',
    confirm: 'دیگر پیامک اطلاع‌رسانی نفرستید',
    done: 'انجام شد. شمارهٔ {mobile} دیگر پیامک اطلاع‌رسانی این شرکت را دریافت نمی‌کند.',
    again: 'برای دریافت دوباره با این شماره تماس بگیرید:',
  },
  en: {
    title: 'Stop information messages',
    from: 'From:',
    explain:
      'Once you confirm, this company’s general information messages (announcements and notices) are no longer sent to the number that received this SMS. Messages about your own requests (tracking code, resolution) still come.',
    confirm: 'Send me no more information messages',
    done: 'Done. {mobile} will receive no more information messages from this company.',
    again: 'To receive them again, call:',
  },
};

/**
 * The page a campaign SMS's opt-out link opens (/o/<company>/<token>): it asks first — link previews in messaging
 * apps open links unasked — then records the opt-out (POST /public/<company>/opt-out) and says for which number.
 */
export default function OptOut() {
  const m = useMessages(messages);
  const { language, t } = useI18n();
  const { tenant = '', token = '' } = useParams();
  const [company, setCompany] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void loadCitizenTenants().then((result) => {
      const found = result.ok ? result.body.tenants.find((c) => c.code === tenant) : undefined;
      if (live && found) setCompany(language === 'fa' ? found.nameFa : found.nameEn);
    });
    return () => {
      live = false;
    };
  }, [tenant, language]);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    const result = await publicCall<{ optedOut: boolean; mobile: string }>(`${encodeURIComponent(tenant)}/opt-out`, {
      method: 'POST',
      body: JSON.stringify({ token }),
    });
    setBusy(false);
    if (result.ok) return setDone(result.body.mobile);
    if ('network' in result && result.network) return setError(t('errorNetwork'));
    const [first] = result.errors;
    setError(first ? (language === 'fa' ? first.messageFa : first.message) : t('errorGeneric'));
  };

  return (
    <Stack>
      <Title order={1} size="h2">
        {m.title}
      </Title>
      <Paper withBorder p="md">
        <Stack gap="sm">
          {company ? (
            <Text fw={600} data-testid="opt-out-company">
              {m.from} {company}
            </Text>
          ) : null}
          {done != null ? (
            <Stack gap="xs">
              <Alert color="green" role="status" data-testid="opt-out-done">
                <Text>
                  {m.done.split('{mobile}')[0]}
                  <bdi dir="ltr" data-testid="opt-out-mobile">
                    {localDigits(done, language)}
                  </bdi>
                  {m.done.split('{mobile}')[1]}
                </Text>
              </Alert>
              <Text size="sm">
                {m.again} <PhoneLink number="1523" />
              </Text>
            </Stack>
          ) : (
            <>
              <Text>{m.explain}</Text>
              <FormError>{error}</FormError>
              <Button loading={busy} onClick={confirm} data-testid="opt-out-confirm">
                {m.confirm}
              </Button>
            </>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
