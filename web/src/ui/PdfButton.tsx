import { Button } from '@mantine/core';
import { useState } from 'react';
import { accessToken } from '../auth.js';
import { saveFile } from './excel.js';

/**
 * A button that downloads a PDF the server prints (the national report, a report to officials): fetched with the
 * bearer token — a plain link would carry none — and handed to the browser as a file. A failure is told through
 * `onError` with the screen's own words.
 */
export function PdfButton({
  url,
  fileName,
  label,
  failed,
  testId,
  onError,
}: {
  url: string;
  fileName: string;
  label: string;
  failed: string;
  testId: string;
  onError: (message: string | null) => void;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="default"
      size="compact-md"
      loading={busy}
      data-testid={testId}
      onClick={async () => {
        setBusy(true);
        onError(null);
        try {
          const token = await accessToken();
          const response = await fetch(url, {
            headers: { accept: 'application/pdf', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          saveFile(await response.blob(), fileName, 'application/pdf');
        } catch {
          onError(failed);
        } finally {
          setBusy(false);
        }
      }}
    >
      {label}
    </Button>
  );
}
