import { Alert, Badge, NativeSelect, PasswordInput, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type ReactNode, useState } from 'react';
import { useQuery } from 'urql';
import { formatNumber, localDigits, toAsciiDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { PersonName } from '../../ui/PersonName.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { QueryState } from '../../ui/states.js';
import { usePermission, useViewer } from '../../viewer.js';
import { type Account, AccountQuery, SetAccountMutation } from './operations.js';
import {
  type CredentialField,
  type MessagingProvider,
  type MessagingWords,
  messagingWords,
  providerCredentials,
  providers,
} from './words.js';

const messages = {
  fa: {
    current: 'حساب پیامک شرکت',
    none: 'شرکت حساب پیامک ندارد؛ تا تنظیم نشود، هیچ پیامکی فرستاده نمی‌شود.',
    provider: 'ارائه‌دهندهٔ پیامک',
    sender: 'شمارهٔ فرستنده',
    senderHint: 'شمارهٔ خط پیامک نزد ارائه‌دهنده، مثلاً ۱۰۰۰۱۵۲۳',
    senderInvalid: 'شمارهٔ فرستنده باید ۳ تا ۲۰ رقم باشد',
    rate: 'حداکثر ارسال در دقیقه',
    rateHint: 'خالی: ۶۰۰ (یا همان که هست)',
    rateInvalid: 'عددی از ۱ تا ۱۰۰٬۰۰۰ بنویسید',
    quota: 'سقف ارسال روزانه',
    quotaHint: 'خالی: بی‌سقف',
    quotaInvalid: 'عددی صفر یا بیشتر بنویسید',
    noQuota: 'بی‌سقف',
    price: 'بهای هر بخش پیامک (ریال)',
    priceHint: 'برای برآورد هزینهٔ پیام‌رسانی‌ها؛ خالی: نامعلوم',
    priceInvalid: 'عددی از صفر تا ۱٬۰۰۰٬۰۰۰ بنویسید',
    noPrice: 'تعیین نشده',
    rials: 'ریال',
    perMinute: 'در دقیقه',
    perDay: 'در روز',
    credentials: 'اعتبارنامهٔ ارائه‌دهنده',
    credentialsSaved: 'ذخیره شده',
    credentialsMissing: 'ثبت نشده',
    credentialsNone: 'لازم ندارد',
    keepHint: 'اعتبارنامه ذخیره شده است و هرگز نمایش داده نمی‌شود؛ برای نگه داشتن آن، این خانه‌ها را خالی بگذارید.',
    newHint: 'برای این ارائه‌دهنده همهٔ این خانه‌ها لازم است؛ پس از ذخیره، رمزگذاری می‌شوند و دیگر نمایش داده نمی‌شوند.',
    allOrNone: 'برای جایگزینی اعتبارنامه همهٔ این خانه‌ها را پر کنید (یا همه را خالی بگذارید)',
    updated: 'آخرین تغییر',
    edit: 'تنظیم حساب پیامک',
    save: 'ذخیرهٔ حساب پیامک',
    saved: 'حساب پیامک ذخیره شد.',
    readOnly: 'تنظیم حساب پیامک فقط با مدیر مرکز است؛ شما آن را می‌بینید ولی نمی‌توانید تغییر دهید.',
  },
  en: {
    current: 'The company’s SMS account',
    none: 'The company has no SMS account: no text message is sent until one is set.',
    provider: 'SMS provider',
    sender: 'Sender number',
    senderHint: 'The SMS line’s number at the provider, e.g. 10001523',
    senderInvalid: 'The sender number must be 3 to 20 digits',
    rate: 'Most sends a minute',
    rateHint: 'Blank: 600 (or as it is)',
    rateInvalid: 'A number from 1 to 100,000',
    quota: 'Daily quota',
    quotaHint: 'Blank: no quota',
    quotaInvalid: 'A number, 0 or more',
    noQuota: 'No quota',
    price: 'Price of one SMS part (rials)',
    priceHint: 'For the campaigns’ cost estimate; blank: unknown',
    priceInvalid: 'A number from 0 to 1,000,000',
    noPrice: 'Not given',
    rials: 'rials',
    perMinute: 'a minute',
    perDay: 'a day',
    credentials: 'Provider credentials',
    credentialsSaved: 'Saved',
    credentialsMissing: 'Not set',
    credentialsNone: 'None needed',
    keepHint: 'The credentials are saved and never shown: leave these fields blank to keep them.',
    newHint: 'This provider needs every one of these; once saved they are sealed and never shown again.',
    allOrNone: 'To replace the credentials fill in every one of these (or leave them all blank)',
    updated: 'Last changed',
    edit: 'Set the SMS account',
    save: 'Save the SMS account',
    saved: 'The SMS account is saved.',
    readOnly: 'Only the centre manager sets the SMS account: you can see it but not change it.',
  },
};
type Words = (typeof messages)['fa'];

const credentialFields: readonly CredentialField[] = ['apiKey', 'username', 'domain', 'password'];

/** A typed whole number (Persian digits and grouping accepted): null when blank, NaN when not a number. */
function wholeNumber(text: string): number | null {
  const typed = toAsciiDigits(text).replace(/[\s,٬]/g, '');
  if (typed === '') return null;
  return /^\d+$/.test(typed) ? Number(typed) : Number.NaN;
}

/** The company's SMS account: what it is (everyone with messages:read), and its form (messaging:configure). */
export default function AccountTab() {
  const m = useMessages(messages);
  const w = useMessages(messagingWords);
  const configure = usePermission('messaging:configure');
  const [result, reexecute] = useQuery({ query: AccountQuery });
  const [saved, setSaved] = useState<Account | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const account = saved ?? result.data?.messagingAccount ?? null;
  return (
    <QueryState
      loading={!result.data}
      error={result.error}
      onRetry={() => reexecute({ requestPolicy: 'network-only' })}
    >
      <Stack gap="md">
        <Section id="account-current" title={m.current}>
          {account ? (
            <AccountSummary account={account} m={m} w={w} />
          ) : (
            <Alert color="yellow" data-testid="account-none">
              {m.none}
            </Alert>
          )}
        </Section>
        {notice ? <Notice onClose={() => setNotice(null)}>{notice}</Notice> : null}
        {configure ? (
          <AccountForm
            // A new form once saved: the saved values are its starting point and the credential fields are blank.
            key={account?.updatedAt ?? 'new'}
            account={account}
            m={m}
            w={w}
            onSaved={(next) => {
              setSaved(next);
              setNotice(m.saved);
              focusNext(noticeSelector);
            }}
          />
        ) : (
          <Text data-testid="account-read-only">{m.readOnly}</Text>
        )}
      </Stack>
    </QueryState>
  );
}

function AccountSummary({ account, m, w }: { account: Account; m: Words; w: MessagingWords }) {
  const { language } = useI18n();
  const { viewer } = useViewer();
  const provider = account.provider as MessagingProvider;
  const rows: [string, ReactNode, string][] = [
    [m.provider, w[`provider.${provider}`], 'account-provider-value'],
    [m.sender, <bdi key="sender">{localDigits(account.sender, language)}</bdi>, 'account-sender-value'],
    [m.rate, `${formatNumber(account.ratePerMinute, language)} ${m.perMinute}`, 'account-rate-value'],
    [
      m.quota,
      account.dailyQuota == null ? m.noQuota : `${formatNumber(account.dailyQuota, language)} ${m.perDay}`,
      'account-quota-value',
    ],
    [
      m.price,
      account.pricePerPart == null ? m.noPrice : `${formatNumber(account.pricePerPart, language)} ${m.rials}`,
      'account-price-value',
    ],
    [
      m.credentials,
      account.credentialFields.length === 0 ? (
        m.credentialsNone
      ) : account.hasCredentials ? (
        <Badge
          key="saved"
          color="teal"
          variant="light"
          styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
          data-testid="account-credentials-saved"
        >
          {m.credentialsSaved}
        </Badge>
      ) : (
        m.credentialsMissing
      ),
      'account-credentials-value',
    ],
    [
      m.updated,
      <span key="updated">
        <JalaliDate value={account.updatedAt} />
        {' — '}
        <PersonName
          name={account.updatedBy === viewer?.subject ? viewer?.displayName : null}
          subject={account.updatedBy}
        />
      </span>,
      'account-updated-value',
    ],
  ];
  return (
    <Table data-testid="account-summary" aria-label={m.current} layout="fixed" variant="vertical">
      <Table.Tbody>
        {rows.map(([label, value, testId]) => (
          <Table.Tr key={testId}>
            <Table.Th scope="row" w="40%">
              {label}
            </Table.Th>
            <Table.Td data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
              {value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function AccountForm({
  account,
  m,
  w,
  onSaved,
}: {
  account: Account | null;
  m: Words;
  w: MessagingWords;
  onSaved: (account: Account) => void;
}) {
  const { language, t } = useI18n();
  const storedProvider = (account?.provider ?? null) as MessagingProvider | null;
  const form = useForm({
    initialValues: {
      provider: storedProvider ?? 'LOCAL',
      sender: account ? localDigits(account.sender, language) : '',
      ratePerMinute: account ? localDigits(account.ratePerMinute, language) : '',
      dailyQuota: account?.dailyQuota != null ? localDigits(account.dailyQuota, language) : '',
      pricePerPart: account?.pricePerPart != null ? localDigits(account.pricePerPart, language) : '',
      apiKey: '',
      username: '',
      domain: '',
      password: '',
    },
    validate: {
      sender: (v) =>
        !v.trim()
          ? t('fieldRequired')
          : /^\+?\d{3,20}$/.test(toAsciiDigits(v).replace(/[\s-]/g, ''))
            ? null
            : m.senderInvalid,
      ratePerMinute: (v) => {
        const n = wholeNumber(v);
        return n === null || (n >= 1 && n <= 100_000) ? null : m.rateInvalid;
      },
      dailyQuota: (v) => {
        const n = wholeNumber(v);
        return n === null || n >= 0 ? null : m.quotaInvalid;
      },
      pricePerPart: (v) => {
        const n = wholeNumber(v);
        return n === null || (n >= 0 && n <= 1_000_000) ? null : m.priceInvalid;
      },
      ...Object.fromEntries(
        credentialFields.map((field) => [
          field,
          (v: string, values: { provider: string } & Record<CredentialField, string>) => {
            const needed = providerCredentials[values.provider as MessagingProvider];
            if (!needed.includes(field) || v.trim()) return null;
            if (keepsStored(values.provider as MessagingProvider)) {
              const anyGiven = needed.some((f) => values[f].trim());
              return anyGiven ? m.allOrNone : null;
            }
            return t('fieldRequired');
          },
        ]),
      ),
    },
  });
  const provider = form.getValues().provider as MessagingProvider;
  const needed = providerCredentials[provider];
  /** The stored credentials are kept when the provider stays the same and has them. */
  function keepsStored(chosen: MessagingProvider) {
    return chosen === storedProvider && Boolean(account?.hasCredentials);
  }
  const keeping = keepsStored(provider);
  const set = useMutationWithErrors(SetAccountMutation, (d) => d.setMessagingAccount, {
    form,
    fieldMap: {
      ...Object.fromEntries(credentialFields.map((f) => [`credentials.${f}`, f])),
      ...(needed[0] ? { credentials: needed[0] } : {}),
    },
  });

  return (
    <Section id="account-edit" title={m.edit} headingGap="sm">
      <form
        noValidate
        data-testid="account-form"
        onKeyDown={formKeys()}
        onSubmit={form.onSubmit(async (values) => {
          const chosen = values.provider as MessagingProvider;
          const fields = providerCredentials[chosen];
          const given = fields.some((f) => values[f].trim());
          const outcome = await set.run({
            input: {
              provider: chosen,
              sender: toAsciiDigits(values.sender).replace(/[\s-]/g, ''),
              ratePerMinute: wholeNumber(values.ratePerMinute),
              dailyQuota: wholeNumber(values.dailyQuota),
              pricePerPart: wholeNumber(values.pricePerPart),
              credentials: given ? Object.fromEntries(fields.map((f) => [f, values[f].trim()])) : null,
            },
          });
          if (outcome.ok) onSaved(outcome.data);
        })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label={m.provider}
            required
            data={providers.map((p) => ({ value: p, label: w[`provider.${p}`] }))}
            {...form.getInputProps('provider')}
            data-testid="account-provider"
          />
          <TextInput
            label={m.sender}
            description={m.senderHint}
            required
            dir="ltr"
            inputMode="numeric"
            autoComplete="off"
            {...form.getInputProps('sender')}
            data-testid="account-sender"
          />
          <TextInput
            label={m.rate}
            description={m.rateHint}
            dir="ltr"
            inputMode="numeric"
            autoComplete="off"
            {...form.getInputProps('ratePerMinute')}
            data-testid="account-rate"
          />
          <TextInput
            label={m.quota}
            description={m.quotaHint}
            dir="ltr"
            inputMode="numeric"
            autoComplete="off"
            {...form.getInputProps('dailyQuota')}
            data-testid="account-quota"
          />
          <TextInput
            label={m.price}
            description={m.priceHint}
            dir="ltr"
            inputMode="numeric"
            autoComplete="off"
            {...form.getInputProps('pricePerPart')}
            data-testid="account-price"
          />
        </SimpleGrid>
        {needed.length > 0 ? (
          <fieldset
            className="plain-fieldset"
            style={{ marginTop: 'var(--mantine-spacing-md)' }}
            data-testid="account-credentials"
          >
            <Text fw={600} mb={4} component="legend">
              {m.credentials}{' '}
              {keeping ? (
                <Badge
                  component="span"
                  color="teal"
                  variant="light"
                  styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
                  data-testid="account-form-credentials-saved"
                >
                  {m.credentialsSaved}
                </Badge>
              ) : null}
            </Text>
            <Text size="sm" c="dimmed" mb="xs">
              {keeping ? m.keepHint : m.newHint}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {needed.map((field) => (
                <PasswordInput
                  key={field}
                  label={w[`credential.${field}`]}
                  required={!keeping}
                  dir="ltr"
                  autoComplete="new-password"
                  {...form.getInputProps(field)}
                  data-testid={`account-credential-${field}`}
                />
              ))}
            </SimpleGrid>
          </fieldset>
        ) : null}
        <FormError mt="sm">{set.formError}</FormError>
        <FormButtons mt="md" label={m.save} loading={set.fetching} submitTestId="account-save" />
      </form>
    </Section>
  );
}
