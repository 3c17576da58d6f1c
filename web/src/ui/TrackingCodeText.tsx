import { formatTrackingCode } from '../format.js';
import { useI18n } from '../i18n.js';

/**
 * A tracking code inline, in its one reading format (`formatTrackingCode`: ۱۲۳۴-۵۶۷۸ in Persian), isolated left to
 * right so its groups never swap places inside Persian text. `data-code` carries the plain ASCII digits.
 */
export function TrackingCodeText({ code, className }: { code: string; className?: string }) {
  const { language } = useI18n();
  return (
    <bdi dir="ltr" className={className} data-code={code.replace(/\D/g, '')} data-testid="tracking-code-text">
      {formatTrackingCode(code, language)}
    </bdi>
  );
}
