import { useMessages } from '../../i18n.js';
import { PdfButton as Download } from '../../ui/PdfButton.js';
import { nationalWords } from './words.js';

/** «گزارش PDF»: the server's report of the period (GET /national/report.pdf). */
export function PdfButton({ period, onError }: { period: string; onError: (message: string | null) => void }) {
  const w = useMessages(nationalWords);
  return (
    <Download
      url={`/national/report.pdf?period=${encodeURIComponent(period)}`}
      fileName={`national-${period}.pdf`}
      label={w.pdf}
      failed={w.pdfFailed}
      testId="national-pdf"
      onError={onError}
    />
  );
}
