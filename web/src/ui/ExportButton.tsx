import { Button } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../i18n.js';
import { downloadExcel, type ExcelColumn } from './excel.js';

/** «خروجی اکسل» for one table: the rows as shown (sorted as shown), right to left in Persian. */
export function ExportButton<Row>({
  label,
  fileName,
  sheetName,
  columns,
  rows,
  testId,
}: {
  label: string;
  fileName: string;
  sheetName: string;
  columns: readonly ExcelColumn<Row>[];
  rows: readonly Row[];
  testId?: string;
}) {
  const { dir } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="default"
      size="compact-md"
      loading={busy}
      data-testid={testId}
      onClick={async () => {
        setBusy(true);
        try {
          await downloadExcel(fileName, [{ name: sheetName, columns, rows, rightToLeft: dir === 'rtl' }]);
        } finally {
          setBusy(false);
        }
      }}
    >
      {label}
    </Button>
  );
}
