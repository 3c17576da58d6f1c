import { Select } from '@mantine/core';
import { useI18n } from '../../i18n.js';
import { citizenTenants } from './tenants.js';

/** The water company: from the list, or the code the URL names (?tenant=…). */
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
  const data = citizenTenants.map((c) => ({ value: c.code, label: language === 'fa' ? c.nameFa : c.nameEn }));
  if (value && !data.some((d) => d.value === value)) data.push({ value, label: value });
  return (
    <Select
      label={label}
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      error={error}
      allowDeselect={false}
      required
      data-testid="citizen-tenant"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
