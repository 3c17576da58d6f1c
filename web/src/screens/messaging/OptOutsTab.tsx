import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useQuery } from 'urql';
import { formatNumber, localDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { DataTable } from '../../ui/DataTable.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { PersonName } from '../../ui/PersonName.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { QueryState } from '../../ui/states.js';
import { usePermission, useViewer } from '../../viewer.js';
import { isWholeMobile } from './mobile.js';
import { OptOutsQuery, RecordOptOutMutation, RemoveOptOutMutation } from './operations.js';
import { messagingWords, sourceName } from './words.js';

const messages = {
  fa: {
    intro:
      'کسی که انصراف داده است پیامک انبوه (کارزار) شرکت را دریافت نمی‌کند؛ پیام‌های اطلاع‌رسانی درخواست‌ها و قطعی‌ها همچنان برایش فرستاده می‌شود.',
    formTitle: 'یافتن، ثبت یا حذف انصراف',
    mobile: 'شمارهٔ همراه',
    mobileHint: 'شمارهٔ کامل، مثلاً ۰۹۱۲۳۴۵۶۷۸۹',
    mobileInvalid: 'شمارهٔ همراه کامل را بنویسید (۱۱ رقم، با ۰۹ شروع شود)',
    find: 'یافتن',
    showAll: 'نمایش همه',
    record: 'ثبت انصراف',
    remove: 'حذف انصراف',
    confirmRemove: 'این شماره دوباره پیامک انبوه دریافت کند؟',
    yesRemove: 'بله، انصراف حذف شود',
    no: 'خیر',
    recorded: 'انصراف ثبت شد؛ پیامک انبوه به این شماره فرستاده نمی‌شود.',
    removed: 'انصراف حذف شد؛ این شماره دوباره پیامک انبوه دریافت می‌کند.',
    notThere: 'این شماره انصرافی نداشت.',
    list: 'انصراف‌ها',
    listAll: 'انصراف‌ها (تازه‌ترین نخست، حداکثر ۱۰۰)',
    listFound: 'انصراف این شماره',
    mobileMasked: 'شمارهٔ همراه',
    source: 'از راه',
    createdAt: 'زمان',
    createdBy: 'ثبت‌کننده',
    none: 'انصرافی نیست.',
    noneFound: 'این شماره انصراف نداده است.',
    count: 'انصراف',
  },
  en: {
    intro:
      'A person who opted out receives none of the company’s campaigns; the messages about their requests and water cuts still go.',
    formTitle: 'Find, record or remove an opt-out',
    mobile: 'Mobile number',
    mobileHint: 'The whole number, e.g. 09123456789',
    mobileInvalid: 'Type the whole mobile number (11 digits starting with 09)',
    find: 'Find',
    showAll: 'Show all',
    record: 'Record the opt-out',
    remove: 'Remove the opt-out',
    confirmRemove: 'Should this number receive campaigns again?',
    yesRemove: 'Yes, remove the opt-out',
    no: 'No',
    recorded: 'The opt-out is recorded: no campaign goes to this number.',
    removed: 'The opt-out is removed: this number receives campaigns again.',
    notThere: 'This number had not opted out.',
    list: 'Opt-outs',
    listAll: 'Opt-outs (newest first, at most 100)',
    listFound: 'This number’s opt-out',
    mobileMasked: 'Mobile',
    source: 'Through',
    createdAt: 'When',
    createdBy: 'Recorded by',
    none: 'No opt-out.',
    noneFound: 'This number has not opted out.',
    count: 'opt-outs',
  },
};

/** Opt-outs of campaigns: the list (masked numbers only), one found by its whole number, recorded, removed. */
export default function OptOutsTab() {
  const m = useMessages(messages);
  const w = useMessages(messagingWords);
  const { language, t } = useI18n();
  const { viewer } = useViewer();
  const manage = usePermission('messages:manage');
  const [found, setFound] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [result, reexecute] = useQuery({ query: OptOutsQuery, variables: { mobile: found } });
  const list = result.data?.messageOptOuts ?? [];
  const form = useForm({
    initialValues: { mobile: '' },
    validate: { mobile: (v) => (!v.trim() ? t('fieldRequired') : isWholeMobile(v) ? null : m.mobileInvalid) },
  });
  const record = useMutationWithErrors(RecordOptOutMutation, (d) => d.recordMessageOptOut, { form });
  const remove = useMutationWithErrors(RemoveOptOutMutation, (d) => d.removeMessageOptOut, { form });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const done = (words: string) => {
    setNotice(words);
    setFound(form.getValues().mobile.trim());
    refresh();
    focusNext(noticeSelector);
  };
  /** Runs `action` once the number is a whole mobile (said beside the field otherwise). */
  const withMobile = (action: (mobile: string) => void) => () => {
    setNotice(null);
    if (!form.validate().hasErrors) action(form.getValues().mobile.trim());
  };

  return (
    <Stack gap="md">
      <Text c="dimmed" size="sm">
        {m.intro}
      </Text>
      <Section id="opt-out-form" title={m.formTitle} headingGap="sm">
        <form
          noValidate
          onKeyDown={formKeys()}
          onSubmit={form.onSubmit((values) => {
            setNotice(null);
            setFound(values.mobile.trim());
          })}
          data-testid="opt-out-form"
        >
          <Stack gap="sm">
            <TextInput
              label={m.mobile}
              description={m.mobileHint}
              required
              dir="ltr"
              inputMode="tel"
              autoComplete="off"
              maw="24rem"
              {...form.getInputProps('mobile')}
              data-testid="opt-out-mobile"
            />
            <Group gap="xs">
              <Button type="submit" data-testid="opt-out-find">
                {m.find}
              </Button>
              {manage ? (
                <>
                  <Button
                    variant="light"
                    loading={record.fetching}
                    onClick={withMobile(async (mobile) => {
                      const outcome = await record.run({ mobile });
                      if (outcome.ok) done(m.recorded);
                    })}
                    data-testid="opt-out-record"
                  >
                    {m.record}
                  </Button>
                  {confirmRemove ? (
                    <Group gap={4} role="group" aria-label={m.remove}>
                      <Text size="sm">{m.confirmRemove}</Text>
                      <Button
                        color="red.9"
                        size="compact-md"
                        loading={remove.fetching}
                        onClick={withMobile(async (mobile) => {
                          const outcome = await remove.run({ mobile });
                          setConfirmRemove(false);
                          if (outcome.ok) done(outcome.data ? m.removed : m.notThere);
                        })}
                        data-testid="opt-out-remove-confirm"
                      >
                        {m.yesRemove}
                      </Button>
                      <Button size="compact-md" variant="subtle" onClick={() => setConfirmRemove(false)}>
                        {m.no}
                      </Button>
                    </Group>
                  ) : (
                    <Button
                      variant="default"
                      onClick={withMobile(() => setConfirmRemove(true))}
                      data-testid="opt-out-remove"
                    >
                      {m.remove}
                    </Button>
                  )}
                </>
              ) : null}
              {found ? (
                <Button
                  variant="subtle"
                  onClick={() => {
                    setFound(null);
                    setNotice(null);
                  }}
                  data-testid="opt-out-all"
                >
                  {m.showAll}
                </Button>
              ) : null}
            </Group>
            <FormError>{record.formError ?? remove.formError}</FormError>
          </Stack>
        </form>
      </Section>
      {notice ? (
        <Notice onClose={() => setNotice(null)} data-testid="opt-out-notice">
          {notice}
        </Notice>
      ) : null}
      <Section id="opt-out-list" title={found ? m.listFound : m.listAll}>
        <QueryState
          loading={!result.data}
          error={result.error}
          onRetry={refresh}
          empty={list.length === 0}
          emptyText={found ? m.noneFound : m.none}
        >
          <DataTable
            label={m.list}
            testId="opt-out-list"
            rows={list}
            rowKey={(o) => `${o.mobileMasked}|${o.createdAt}`}
            rowProps={() => ({ 'data-testid': 'opt-out-row' })}
            columns={[
              {
                label: m.mobileMasked,
                cell: (o) => (
                  <span className="ltr-value" data-testid="opt-out-masked">
                    {localDigits(o.mobileMasked, language)}
                  </span>
                ),
              },
              { label: m.source, cell: (o) => sourceName(w, o.source) },
              { label: m.createdAt, cell: (o) => <JalaliDate value={o.createdAt} /> },
              {
                label: m.createdBy,
                cell: (o) => (
                  <PersonName
                    name={o.createdBy === viewer?.subject ? viewer?.displayName : null}
                    subject={o.createdBy}
                  />
                ),
              },
            ]}
          />
          {found ? null : (
            <Text size="sm" c="dimmed" mt="xs" role="status">
              {formatNumber(list.length, language)} {m.count}
            </Text>
          )}
        </QueryState>
      </Section>
    </Stack>
  );
}
