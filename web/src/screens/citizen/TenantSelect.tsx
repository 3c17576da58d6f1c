import { type ComboboxItem, type ComboboxParsedItem, Select } from '@mantine/core';
import { useEffect, useState } from 'react';
import { searchKey } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { type CitizenTenant, loadCitizenTenants } from './tenants.js';

const messages = {
  fa: {
    placeholder: 'نام شرکت یا استان را بنویسید',
    loading: 'در حال دریافت فهرست شرکت‌ها…',
    failed: 'فهرست شرکت‌ها دریافت نشد؛ صفحه را دوباره بارگذاری کنید',
    nothingFound: 'شرکتی با این نام یافت نشد',
  },
  en: {
    placeholder: 'Type the company or province name',
    loading: 'Loading the companies…',
    failed: 'The list of companies could not be loaded: reload the page',
    nothingFound: 'No company by that name',
  },
};

/** Every word typed appears in the name or the code (Persian normalised: ي/ك, digits, ZWNJ). */
function tenantFilter({ options, search }: { options: ComboboxParsedItem[]; search: string }) {
  const words = searchKey(search).split(' ').filter(Boolean);
  return (options as ComboboxItem[]).filter((o) => {
    const key = searchKey(`${o.label} ${o.value}`);
    return words.every((w) => key.includes(w));
  });
}

/** The water company: from the server's list of active companies (searchable), or the code the URL names (?tenant=…). */
export function TenantSelect({
  value,
  onChange,
  error,
  label,
}: {
  value: string;
  onChange: (code: string) => void;
  error?: string | undefined;
  label: string;
}) {
  const { language } = useI18n();
  const m = useMessages(messages);
  const [tenants, setTenants] = useState<CitizenTenant[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    void loadCitizenTenants().then((result) => {
      if (!current) return;
      if (result.ok) setTenants(result.body.tenants);
      else setFailed(true);
    });
    return () => {
      current = false;
    };
  }, []);

  const data = (tenants ?? []).map((c) => ({ value: c.code, label: language === 'fa' ? c.nameFa : c.nameEn }));
  // A code the list lacks (or the list not there): kept, shown as typed; the server answers whether it exists.
  if (value && (tenants || failed) && !data.some((d) => d.value === value)) data.push({ value, label: value });
  return (
    <Select
      label={label}
      placeholder={tenants ? m.placeholder : failed ? undefined : m.loading}
      description={failed ? m.failed : undefined}
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      error={error}
      searchable
      filter={tenantFilter}
      nothingFoundMessage={m.nothingFound}
      maxDropdownHeight={320}
      allowDeselect={false}
      required
      data-testid="citizen-tenant"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
