import './survey.css';
import { Alert, Anchor, Button, Paper, Stack, Text, Textarea, Title, VisuallyHidden } from '@mantine/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { localDigits, normalizePersian } from '../../format.js';
import { type Language, useBilingual, useI18n, useMessages } from '../../i18n.js';
import { errorMessage } from '../../ui/errors.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { LoadingState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { PhoneLink } from './NotFixed.js';
import { loadCitizenTenants, type PublicError, publicCall } from './tenants.js';

const messages = {
  fa: {
    title: 'نظرسنجی رسیدگی به درخواست شما',
    from: 'از طرف',
    intro:
      'چند پرسش کوتاه دربارهٔ رسیدگی به درخواستتان. پاسخ شما کمک می‌کند کار واحدهای اجرایی درست سنجیده شود. پرسش‌های ستاره‌دار (*) لازم است.',
    trackingCode: 'کد رهگیری',
    category: 'موضوع',
    until: 'مهلت پاسخ',
    question: 'پرسش {n} از {of}',
    required: 'لازم',
    optional: 'اختیاری',
    answerThis: 'به این پرسش پاسخ دهید.',
    missing: 'به {n} پرسش لازم هنوز پاسخ نداده‌اید؛ پرسش‌های مشخص‌شده را پاسخ دهید.',
    yes: 'بله',
    no: 'خیر',
    'scale.1': 'خیلی بد',
    'scale.2': 'بد',
    'scale.3': 'متوسط',
    'scale.4': 'خوب',
    'scale.5': 'عالی',
    notFixedHint:
      'با پاسخ «خیر»، درخواست شما دوباره به واحد اجرایی ارجاع می‌شود. اگر می‌خواهید، در توضیح بنویسید چه مشکلی مانده است.',
    answered: '{n} از {of} پرسش لازم پاسخ داده شده است.',
    submit: 'ارسال پاسخ‌ها',
    retry: 'ارسال دوباره',
    lost: 'پاسخ‌ها فرستاده نشد: ارتباط اینترنت برقرار نیست. پاسخ‌های شما در همین صفحه مانده است؛ پس از برقراری اتصال «ارسال دوباره» را بزنید.',
    busy: 'درخواست‌ها بیش از اندازه بود؛ چند لحظه بعد دوباره بفرستید. پاسخ‌های شما در همین صفحه مانده است.',
    thanks: 'سپاس از شما',
    saved: 'پاسخ‌های شما ثبت شد.',
    reopened: 'درخواست شما دوباره به واحد اجرایی ارجاع شد و پیگیری می‌شود',
    reopenedMore: 'کارشناس پیگیری، درخواست را تا رفع مشکل دنبال می‌کند. وضعیت را با کد رهگیری آن ببینید.',
    track: 'پیگیری درخواست',
    help: 'پرسشی دارید؟ با این شماره تماس بگیرید:',
    'refused.NOT_FOUND': 'این پیوند نظرسنجی معتبر نیست',
    'refusedHint.NOT_FOUND':
      'ممکن است بخشی از پیوند هنگام باز کردن یا رونوشت جا افتاده باشد. پیوند را از همان پیامک، کامل باز کنید.',
    'refused.EXPIRED': 'مهلت پاسخ به این نظرسنجی به پایان رسیده است',
    'refusedHint.EXPIRED': 'سپاس از توجه شما. اگر مشکل شما هنوز برطرف نشده است، با ۱۵۲۳ تماس بگیرید.',
    'refused.ALREADY_ANSWERED': 'به این نظرسنجی پیش‌تر پاسخ داده شده است',
    'refusedHint.ALREADY_ANSWERED': 'سپاسگزاریم؛ پاسخ‌ها ثبت شده است و هر نظرسنجی یک بار پاسخ می‌گیرد.',
    loadFailed: 'نظرسنجی باز نشد',
    tryAgain: 'تلاش دوباره',
  },
  en: {
    title: 'A survey about your request',
    from: 'From',
    intro:
      'A few short questions about how your request was handled. Your answers help measure the field units’ work fairly. Questions marked * are required.',
    trackingCode: 'Tracking code',
    category: 'Subject',
    until: 'Answer by',
    question: 'Question {n} of {of}',
    required: 'required',
    optional: 'optional',
    answerThis: 'Please answer this question.',
    missing: '{n} required question(s) not answered yet: please answer the ones marked.',
    yes: 'Yes',
    no: 'No',
    'scale.1': 'Very poor',
    'scale.2': 'Poor',
    'scale.3': 'Fair',
    'scale.4': 'Good',
    'scale.5': 'Excellent',
    notFixedHint:
      'If you answer “No”, your request is sent back to the field unit. You may write in the comment what is still wrong.',
    answered: '{n} of {of} required questions answered.',
    submit: 'Send my answers',
    retry: 'Send again',
    lost: 'Your answers were not sent: there is no internet connection. They are kept on this page; press “Send again” once you are connected.',
    busy: 'Too many requests; send again in a moment. Your answers are kept on this page.',
    thanks: 'Thank you',
    saved: 'Your answers have been recorded.',
    reopened: 'Your request has been sent back to the field unit and will be followed up',
    reopenedMore:
      'A follow-up officer follows the request until the problem is fixed. See its status with its tracking code.',
    track: 'Track the request',
    help: 'Questions? Call:',
    'refused.NOT_FOUND': 'This survey link is not valid',
    'refusedHint.NOT_FOUND':
      'Part of the link may have been lost when it was opened or copied. Open it whole from the SMS.',
    'refused.EXPIRED': 'The time to answer this survey is over',
    'refusedHint.EXPIRED': 'Thank you for your attention. If your problem is still not fixed, call 1523.',
    'refused.ALREADY_ANSWERED': 'This survey has been answered already',
    'refusedHint.ALREADY_ANSWERED': 'Thank you: the answers are recorded, and each survey is answered once.',
    loadFailed: 'The survey could not be opened',
    tryAgain: 'Try again',
  },
};
type Words = (typeof messages)['fa'];

/** A question as GET /public/<company>/surveys/<token> gives it. */
interface Question {
  key: string;
  measure: string;
  kind: 'scale' | 'yes_no' | 'text';
  textFa: string;
  textEn: string;
}

interface SurveyPage {
  trackingCode: string;
  category: { fa: string; en: string };
  expiresAt: string;
  questions: Question[];
}

type Answer = number | boolean | string;
type Answers = Record<string, Answer>;

/** What a link can be refused for, each said in its own words (the customer needs to know which). */
const refusals = ['NOT_FOUND', 'EXPIRED', 'ALREADY_ANSWERED'] as const;
type Refusal = (typeof refusals)[number];
const refusalOf = (errors: PublicError[]): Refusal | null => {
  const code = errors[0]?.code;
  return (refusals as readonly string[]).includes(code ?? '') ? (code as Refusal) : null;
};

/** The scored questions must be answered (the API's rule); the comment and the company's extra ones need not. */
const optionalMeasures = new Set(['comment', 'extra']);
const isRequired = (q: Question) => !optionalMeasures.has(q.measure);

const fill = (text: string, values: Record<string, string | number>, language: Language) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => localDigits(String(values[name] ?? ''), language));

/** The answers given so far, kept for the tab's life: a reload or a lost connection never loses them. */
function useKeptAnswers(key: string): [Answers, (next: Answers) => void, () => void] {
  const storageKey = `abfa.survey.${key}`;
  const [answers, setAnswers] = useState<Answers>(() => {
    try {
      return JSON.parse(sessionStorage.getItem(storageKey) ?? '{}') as Answers;
    } catch {
      return {};
    }
  });
  const keep = (next: Answers) => {
    setAnswers(next);
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(next));
    } catch {
      // storage blocked: kept in the page only
    }
  };
  const forget = () => {
    try {
      sessionStorage.removeItem(storageKey);
    } catch {
      // nothing kept
    }
  };
  return [answers, keep, forget];
}

type Load =
  | { state: 'loading' }
  | { state: 'ready'; survey: SurveyPage }
  | { state: 'refused'; refusal: Refusal }
  | { state: 'failed'; error: PublicError | null; network: boolean };

/**
 * The electronic survey an SMS links to (/s/<company>/<token>, no sign-in): the request's tracking code and subject,
 * then every question on one page — 1–5 and yes/no as big tiles (native radio buttons in a fieldset named by its
 * legend), the comment as text —, checked for the required answers before it is sent once
 * (POST /public/<company>/surveys/<token>). A lost connection keeps the answers and offers to send again; an
 * altered, expired or answered link is said in its own words.
 */
export default function PublicSurvey() {
  const m = useMessages(messages);
  const { language, t } = useI18n();
  const pick = useBilingual();
  const { tenant = '', token = '' } = useParams();
  const path = `${encodeURIComponent(tenant)}/surveys/${encodeURIComponent(token)}`;
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [company, setCompany] = useState<{ fa: string; en: string } | null>(null);
  const [answers, keepAnswers, forgetAnswers] = useKeptAnswers(`${tenant}.${token}`);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ text: string; retry: boolean } | null>(null);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ reopened: boolean } | null>(null);

  const open = useCallback(async () => {
    setLoad({ state: 'loading' });
    const result = await publicCall<SurveyPage>(path);
    if (result.ok) return setLoad({ state: 'ready', survey: result.body });
    const refusal = refusalOf(result.errors);
    if (refusal) return setLoad({ state: 'refused', refusal });
    setLoad({ state: 'failed', error: result.errors[0] ?? null, network: 'network' in result && !!result.network });
  }, [path]);

  useEffect(() => {
    void open();
  }, [open]);

  useEffect(() => {
    let live = true;
    void loadCitizenTenants().then((result) => {
      const found = result.ok ? result.body.tenants.find((c) => c.code === tenant) : undefined;
      if (live && found) setCompany({ fa: found.nameFa, en: found.nameEn });
    });
    return () => {
      live = false;
    };
  }, [tenant]);

  if (load.state === 'loading') return <LoadingState />;

  if (load.state === 'failed') {
    const text = load.network ? t('errorNetwork') : load.error ? errorMessage(load.error, language) : t('errorGeneric');
    return (
      <Stack>
        <Title order={1} size="h2">
          {m.title}
        </Title>
        <Alert color="red" role="alert" title={m.loadFailed} data-testid="survey-load-failed">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{text}</Text>
            <Button variant="outline" color="red" onClick={() => void open()} data-testid="survey-load-retry">
              {m.tryAgain}
            </Button>
          </Stack>
        </Alert>
      </Stack>
    );
  }

  if (load.state === 'refused') return <Refused refusal={load.refusal} m={m} />;

  const survey = load.survey;

  if (done)
    return (
      <Stack>
        <Title order={1} size="h2" id="survey-thanks" tabIndex={-1} data-testid="survey-thanks">
          {m.thanks}
        </Title>
        <Alert color="green" role="status" data-testid="survey-done">
          <Stack gap="xs">
            <Text fw={600}>{m.saved}</Text>
            {done.reopened ? (
              <>
                <Text fw={700} data-testid="survey-reopened">
                  {m.reopened}
                </Text>
                <Text size="sm">{m.reopenedMore}</Text>
              </>
            ) : null}
          </Stack>
        </Alert>
        <Text>
          {m.trackingCode}:{' '}
          <Text component="span" fw={700} fz="lg">
            <TrackingCodeText code={survey.trackingCode} />
          </Text>
        </Text>
        <Anchor component={Link} to={`/track?tenant=${encodeURIComponent(tenant)}`}>
          {m.track}
        </Anchor>
        <Text size="sm">
          {m.help} <PhoneLink number="1523" />
        </Text>
      </Stack>
    );

  const required = survey.questions.filter(isRequired);
  const missing = required.filter((q) => answers[q.key] === undefined);
  const firstInputOf = (key: string) => () =>
    document.querySelector<HTMLElement>(`[data-question="${key}"] input, [data-question="${key}"] textarea`);

  const answer = (key: string, value: Answer) => {
    keepAnswers({ ...answers, [key]: value });
    if (errors[key]) {
      const { [key]: _, ...rest } = errors;
      setErrors(rest);
    }
  };

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    if (missing.length > 0) {
      setErrors(Object.fromEntries(missing.map((q) => [q.key, m.answerThis])));
      setChecked(true);
      setFormError(null);
      focusNext(firstInputOf((missing[0] as Question).key));
      return;
    }
    const body: Answers = {};
    for (const q of survey.questions) {
      const value = answers[q.key];
      if (value === undefined) continue;
      if (typeof value === 'string') {
        const text = normalizePersian(value).trim();
        if (text) body[q.key] = text;
      } else body[q.key] = value;
    }
    setBusy(true);
    setFormError(null);
    const result = await publicCall<{ answered: boolean; reopened: boolean }>(path, {
      method: 'POST',
      body: JSON.stringify({ answers: body }),
    });
    setBusy(false);
    if (result.ok) {
      forgetAnswers();
      setDone({ reopened: result.body.reopened });
      focusNext('#survey-thanks');
      return;
    }
    if ('network' in result && result.network) return setFormError({ text: m.lost, retry: true });
    const refusal = refusalOf(result.errors);
    if (refusal) {
      if (refusal !== 'NOT_FOUND') forgetAnswers();
      return setLoad({ state: 'refused', refusal });
    }
    if (result.status === 429) return setFormError({ text: m.busy, retry: true });
    const placed: Record<string, string> = {};
    for (const error of result.errors) {
      const key = error.field?.startsWith('answers.') ? error.field.slice('answers.'.length) : null;
      if (key && survey.questions.some((q) => q.key === key)) placed[key] = errorMessage(error, language);
    }
    const firstPlaced = Object.keys(placed)[0];
    if (firstPlaced) {
      setErrors(placed);
      focusNext(firstInputOf(firstPlaced));
    }
    const first = result.errors[0];
    setFormError({ text: first ? errorMessage(first, language) : t('errorGeneric'), retry: !firstPlaced });
  };

  return (
    <Stack>
      <Title order={1} size="h2" id="survey-title">
        {m.title}
      </Title>
      <Paper withBorder p="md" data-testid="survey-request">
        <Stack gap={4}>
          {company ? (
            <Text size="sm" c="dimmed">
              {m.from} {pick(company.fa, company.en)}
            </Text>
          ) : null}
          <Text>
            {m.trackingCode}:{' '}
            <Text component="span" fw={700} fz="lg">
              <TrackingCodeText code={survey.trackingCode} />
            </Text>
          </Text>
          <Text data-testid="survey-category">
            {m.category}: <strong>{pick(survey.category.fa, survey.category.en)}</strong>
          </Text>
          <Text size="sm" c="dimmed">
            {m.until}: <JalaliDate value={survey.expiresAt} />
          </Text>
        </Stack>
      </Paper>
      <Text>{m.intro}</Text>
      <form onSubmit={send} onKeyDown={formKeys()} noValidate aria-labelledby="survey-title" data-testid="survey-form">
        <Stack gap="md">
          {survey.questions.map((q, i) => (
            <QuestionField
              key={q.key}
              question={q}
              number={i + 1}
              of={survey.questions.length}
              value={answers[q.key]}
              error={errors[q.key]}
              onAnswer={(value) => answer(q.key, value)}
              m={m}
            />
          ))}
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="survey-progress">
            {fill(m.answered, { n: required.length - missing.length, of: required.length }, language)}
          </Text>
          {checked && missing.length > 0 ? (
            <Alert color="red" role="alert" data-testid="survey-missing">
              <Text size="sm">{fill(m.missing, { n: missing.length }, language)}</Text>
            </Alert>
          ) : null}
          {formError ? (
            <Alert color="red" role="alert" data-testid="survey-error">
              <Text size="sm">{formError.text}</Text>
            </Alert>
          ) : null}
          <Button type="submit" size="lg" fullWidth loading={busy} data-testid="survey-submit">
            {formError?.retry ? m.retry : m.submit}
          </Button>
        </Stack>
      </form>
      <Text size="sm">
        {m.help} <PhoneLink number="1523" />
      </Text>
    </Stack>
  );
}

/** One question: its legend (number, words, required or not), its choices or text box, and its error. */
function QuestionField({
  question: q,
  number,
  of,
  value,
  error,
  onAnswer,
  m,
}: {
  question: Question;
  number: number;
  of: number;
  value: Answer | undefined;
  error: string | undefined;
  onAnswer: (value: Answer) => void;
  m: Words;
}) {
  const { language } = useI18n();
  const pick = useBilingual();
  const required = isRequired(q);
  const errorId = `survey-error-${q.key}`;
  const hintId = `survey-hint-${q.key}`;
  const text = pick(q.textFa, q.textEn);
  const heading = (
    <>
      <Text component="span" size="sm" c="dimmed" display="block">
        {fill(m.question, { n: number, of }, language)}
        {required ? '' : ` (${m.optional})`}
      </Text>
      <Text component="span" fw={700} display="block">
        {text}
        {required ? (
          <>
            <Text component="span" c="red.9" aria-hidden>
              {' *'}
            </Text>
            <VisuallyHidden>{` (${m.required})`}</VisuallyHidden>
          </>
        ) : null}
      </Text>
    </>
  );
  const errorLine = error ? (
    <Text id={errorId} size="sm" c="red.9" fw={600} mt={6} data-testid="survey-question-error">
      {error}
    </Text>
  ) : null;

  if (q.kind === 'text')
    return (
      <Paper withBorder p="md" data-question={q.key} data-testid={`survey-question-${q.key}`}>
        <Textarea
          label={heading}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onAnswer(event.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={1000}
          error={error}
          data-testid={`survey-text-${q.key}`}
          styles={{ label: { display: 'block', marginBottom: 6 } }}
        />
      </Paper>
    );

  const choices: { value: number | boolean; main: string; word?: string }[] =
    q.kind === 'scale'
      ? [1, 2, 3, 4, 5].map((v) => ({
          value: v,
          main: localDigits(v, language),
          word: m[`scale.${v}` as 'scale.1'],
        }))
      : [
          { value: true, main: m.yes },
          { value: false, main: m.no },
        ];
  const describedBy = [error ? errorId : null, q.measure === 'fixed' && value === false ? hintId : null]
    .filter(Boolean)
    .join(' ');
  return (
    <Paper withBorder p="md" data-question={q.key} data-testid={`survey-question-${q.key}`}>
      <fieldset className="plain-fieldset" aria-describedby={describedBy || undefined}>
        <legend style={{ marginBottom: 'var(--mantine-spacing-sm)', padding: 0 }}>{heading}</legend>
        <div className="survey-choices" data-kind={q.kind}>
          {choices.map((choice) => (
            <label key={String(choice.value)} className="survey-choice">
              <input
                type="radio"
                className="survey-radio"
                name={`survey-${q.key}`}
                value={String(choice.value)}
                checked={value === choice.value}
                onChange={() => onAnswer(choice.value)}
                required={required}
                aria-invalid={error ? true : undefined}
                data-testid={`survey-${q.key}-${String(choice.value)}`}
              />
              <span className="survey-face">
                <span className={q.kind === 'scale' ? 'survey-digit' : undefined}>{choice.main}</span>
                {choice.word ? <span className="survey-word">{choice.word}</span> : null}
              </span>
            </label>
          ))}
        </div>
        {q.measure === 'fixed' && value === false ? (
          <Text id={hintId} size="sm" mt="sm" data-testid="survey-not-fixed-hint">
            {m.notFixedHint}
          </Text>
        ) : null}
        {errorLine}
      </fieldset>
    </Paper>
  );
}

/** A link that opens no survey: altered, expired or answered already, each in its own words. */
function Refused({ refusal, m }: { refusal: Refusal; m: Words }) {
  const colour = refusal === 'NOT_FOUND' ? 'red' : refusal === 'EXPIRED' ? 'orange' : 'blue';
  return (
    <Stack>
      <Title order={1} size="h2">
        {m.title}
      </Title>
      <Alert
        color={colour}
        role="alert"
        title={m[`refused.${refusal}`]}
        data-testid="survey-refused"
        data-refusal={refusal}
      >
        <Text size="sm">{m[`refusedHint.${refusal}`]}</Text>
      </Alert>
      <Text size="sm">
        {m.help} <PhoneLink number="1523" />
      </Text>
    </Stack>
  );
}
