import { createHash } from 'node:crypto';

/**
 * The pages the embedded issuer shows a person: sign-in, errors and sign-out. Persian and right-to-left, plain
 * HTML forms that work with the keyboard alone, and nothing fetched from elsewhere (these networks reach no CDN
 * and no font service): one inline style sheet, allowed by its hash in the Content-Security-Policy.
 */

const style = `
:root { color-scheme: light dark; --accent: #0b6e99; --error: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 1rem;
  font-family: system-ui, -apple-system, 'Segoe UI', Tahoma, 'Noto Sans Arabic', 'Vazirmatn', sans-serif;
  font-size: 1rem; line-height: 1.7; background: Canvas; color: CanvasText; }
main { width: 100%; max-width: 24rem; padding: 1.5rem; border: 1px solid GrayText; border-radius: 0.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 0.25rem; }
p { margin: 0.5rem 0; }
.subtitle { margin-top: 0; color: GrayText; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { display: block; width: 100%; margin-top: 0.25rem; padding: 0.5rem 0.75rem; font: inherit;
  border: 1px solid GrayText; border-radius: 0.375rem; background: Field; color: FieldText; }
input[dir='ltr'] { text-align: left; }
button { margin-top: 1.25rem; width: 100%; padding: 0.6rem 1rem; font: inherit; font-weight: 600; cursor: pointer;
  border: 0; border-radius: 0.375rem; background: var(--accent); color: #fff; }
button.secondary { background: transparent; color: inherit; border: 1px solid GrayText; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.error { margin-top: 1rem; padding: 0.5rem 0.75rem; border-inline-start: 4px solid var(--error);
  color: var(--error); background: color-mix(in srgb, var(--error) 8%, transparent); }
.hint { margin-top: 1.5rem; font-size: 0.875rem; color: GrayText; }
code { font-family: ui-monospace, 'Cascadia Mono', Consolas, monospace; }
code, .en { unicode-bidi: isolate; }
`;

/** Content-Security-Policy of every page: only the inline style above; forms post to this origin. */
export const pageSecurityPolicy = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c] ?? c);

const productNameFa = 'مرکز تماس آب و فاضلاب (۱۲۲ و ۱۵۲۳)';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export const wrongCredentialsFa = 'نام کاربری یا گذرواژه نادرست است';
export const wrongCredentialsEn = 'Wrong username or password';

/** Persian digits for the people reading the page. */
const persianNumber = (n: number) => n.toLocaleString('fa-IR');

export const lockedFa = (minutes: number) =>
  `به دلیل تلاش‌های ناموفق پیاپی، ورود تا ${persianNumber(minutes)} دقیقه دیگر ممکن نیست. پس از آن دوباره تلاش کنید.`;
export const lockedEn = (minutes: number) =>
  `Too many failed sign-in attempts: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;

export interface LoginPageOptions {
  /** Where the form posts (the interaction URL). */
  action: string;
  /** The username typed before, kept after a failed attempt. */
  username?: string;
  failed?: boolean;
  /** Too many failed attempts for this username or address: minutes until the next may be made. */
  lockedMinutes?: number;
  /** Demo accounts only (never in production): example accounts and their shared password, shown so a newcomer can sign in. */
  demo?: { examples: string[]; password: string };
}

export function loginPage({ action, username = '', failed = false, lockedMinutes, demo }: LoginPageOptions): string {
  const [errorFa, errorEn] =
    lockedMinutes !== undefined
      ? [lockedFa(lockedMinutes), lockedEn(lockedMinutes)]
      : failed
        ? [wrongCredentialsFa, wrongCredentialsEn]
        : [];
  const error = errorFa
    ? `<p class="error" id="login-error" role="alert">${errorFa}<br><span class="en" lang="en" dir="ltr">${errorEn}</span></p>`
    : '';
  const invalid = failed ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  // The cursor starts where typing continues: the username first, the password after a failed attempt.
  const focusUsername = username === '' ? ' autofocus' : '';
  const focusPassword = username === '' ? '' : ' autofocus';
  const hint = demo
    ? `<p class="hint">حساب‌های نمایشی (فقط بیرون از محیط عملیاتی)، برای نمونه ${demo.examples
        .map((e) => `<code dir="ltr">${escapeHtml(e)}</code>`)
        .join('، ')}؛ گذرواژه: <code dir="ltr">${escapeHtml(demo.password)}</code></p>`
    : '';
  return page(
    `ورود — ${productNameFa}`,
    `<h1>ورود به سامانه</h1>
<p class="subtitle">${productNameFa}</p>
${error}
<form method="post" action="${escapeHtml(action)}" novalidate>
<label for="username">نام کاربری</label>
<input id="username" name="username" type="text" dir="ltr" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(username)}"${invalid}${focusUsername}>
<label for="password">گذرواژه</label>
<input id="password" name="password" type="password" dir="ltr" autocomplete="current-password" required${invalid}${focusPassword}>
<button type="submit">ورود</button>
</form>
${hint}`,
  );
}

export interface ErrorPageOptions {
  /** Persian explanation for the person. */
  messageFa: string;
  /** The protocol error code and description, in English, for whoever reports the problem. */
  error?: string;
  description?: string;
}

export function errorPage({ messageFa, error, description }: ErrorPageOptions): string {
  const detail = error
    ? `<p class="en" lang="en" dir="ltr"><code>${escapeHtml(error)}</code>${description ? `: ${escapeHtml(description)}` : ''}</p>`
    : '';
  return page(
    `خطا — ${productNameFa}`,
    `<h1>خطا</h1>
<p role="alert">${escapeHtml(messageFa)}</p>
${detail}`,
  );
}

/** RP-initiated logout: `form` is oidc-provider's hidden form (id op.logoutForm) with its anti-forgery token. */
export function logoutPage(form: string): string {
  return page(
    `خروج — ${productNameFa}`,
    `<h1>خروج از سامانه</h1>
<p>آیا می‌خواهید از سامانه خارج شوید؟</p>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">بله، خارج شوم</button>
<button class="secondary" type="submit" form="op.logoutForm">نه، بمانم</button>`,
  );
}

export function loggedOutPage(): string {
  return page(
    `خروج — ${productNameFa}`,
    `<h1>از سامانه خارج شدید</h1>
<p>برای ورود دوباره به برنامه برگردید.</p>`,
  );
}
