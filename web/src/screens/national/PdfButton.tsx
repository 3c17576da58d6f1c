import { Button } from '@mantine/core';
import { useState } from 'react';
import { accessToken } from '../../auth.js';
import { useMessages } from '../../i18n.js';
import { saveFile } from '../../ui/excel.js';
import { nationalWords } from './words.js';

/**
 * «گزارش PDF»: the server's report of the period (GET /national/report.pdf), fetched with the bearer token (a plain
 * link would carry no token) and handed to the browser as a download.
 */
export function PdfButton({ period, onError }: { period: string; onError: (message: string | null) => void }) {
  const w = useMessages(nationalWords);
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="default"
      size="compact-md"
      loading={busy}
      data-testid="national-pdf"
      onClick={async () => {
        setBusy(true);
        onError(null);
        try {
          const token = await accessToken();
          const response = await fetch(`/national/report.pdf?period=${encodeURIComponent(period)}`, {
            headers: { accept: 'application/pdf', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          saveFile(await response.blob(), `national-${period}.pdf`, 'application/pdf');
        } catch {
          onError(w.pdfFailed);
        } finally {
          setBusy(false);
        }
      }}
    >
      {w.pdf}
    </Button>
  );
}
