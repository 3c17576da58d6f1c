import { Anchor, Button, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { localDigits, normalizePersian } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { errorMessage } from '../../ui/errors.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { publicCall } from './tenants.js';

const messages = {
  fa: {
    question: 'مشکل هنوز برطرف نشده است؟',
    open: 'گزارش «رفع نشده»',
    until: 'تا این زمان می‌توانید گزارش دهید:',
    reason: 'چه مشکلی هنوز مانده است؟',
    send: 'ارسال و بازگشایی درخواست',
    cancel: 'انصراف',
    required: 'لازم است',
    byLinkOnly: 'برای گزارش «رفع نشده» پیوند پیگیری‌ای را که گرفتید باز کنید، یا با ۱۵۲۳ تماس بگیرید.',
  },
  en: {
    question: 'Is the problem still there?',
    open: 'Report “not fixed”',
    until: 'You can report it until:',
    reason: 'What is still wrong?',
    send: 'Send and reopen the request',
    cancel: 'Cancel',
    required: 'Required',
    byLinkOnly: 'To report “not fixed”, open the tracking link you were given, or call 1523.',
  },
};

/** «۱۲۲» (or another line) as a tel: link: a tap calls it on a phone. */
export function PhoneLink({ number }: { number: '122' | '1523' }) {
  const { language } = useI18n();
  return (
    <Anchor href={`tel:${number}`} fw={700} data-testid={`tel-${number}`}>
      {localDigits(number, language)}
    </Anchor>
  );
}

/**
 * "Not fixed": within the days the server allows after the resolution, the citizen who opened their link says the
 * problem is still there; the request is reopened with their words (POST /public/<company>/not-fixed, by the link's
 * token only). `onReopened` gets the new status.
 */
export function NotFixed<S>({
  tenant,
  token,
  until,
  onReopened,
}: {
  tenant: string;
  token: string | null;
  until: string;
  onReopened: (status: S) => void;
}) {
  const m = useMessages(messages);
  const { language, t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim() ? null : m.required) },
  });
  if (!token)
    return (
      <Text size="sm" c="dimmed" data-testid="not-fixed-by-link">
        {m.byLinkOnly}
      </Text>
    );
  const send = form.onSubmit(async (values) => {
    setBusy(true);
    setFormError(null);
    const result = await publicCall<S>(`${encodeURIComponent(tenant)}/not-fixed`, {
      method: 'POST',
      body: JSON.stringify({ token, reason: normalizePersian(values.reason) }),
    });
    setBusy(false);
    if (result.ok) {
      setOpen(false);
      form.reset();
      onReopened(result.body);
      focusNext('[data-testid="track-reopened"]');
      return;
    }
    if ('network' in result && result.network) return setFormError(t('errorNetwork'));
    const [first] = result.errors;
    if (first?.field === 'reason') form.setFieldError('reason', errorMessage(first, language));
    else setFormError(first ? (language === 'fa' ? first.messageFa : first.message) : t('errorGeneric'));
  });
  return (
    <Paper withBorder p="sm" data-testid="not-fixed">
      <Stack gap="xs">
        <Text fw={600}>{m.question}</Text>
        <Text size="sm">
          {m.until} <JalaliDate value={until} />
        </Text>
        {open ? (
          <form onSubmit={send} onKeyDown={formKeys()} noValidate>
            <Stack gap="xs">
              <Textarea
                label={m.reason}
                required
                autosize
                minRows={2}
                data-testid="not-fixed-reason"
                {...form.getInputProps('reason')}
              />
              <FormError>{formError}</FormError>
              <Button type="submit" color="orange" loading={busy} data-testid="not-fixed-submit">
                {m.send}
              </Button>
              <Button variant="subtle" onClick={() => setOpen(false)}>
                {m.cancel}
              </Button>
            </Stack>
          </form>
        ) : (
          <Button variant="light" color="orange" onClick={() => setOpen(true)} data-testid="not-fixed-open">
            {m.open}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
