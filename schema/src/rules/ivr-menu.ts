/**
 * The IVR entry menu's shape (section (d)): a greeting, then a menu of options by key, each leading to a queue, an
 * announcement, a sub-menu or a transfer. Prompts are text (for the recording studio, or text-to-speech) and/or a
 * recorded file of the company's (`audioId`). Checked here, field by field, before a version is saved; the PBX gets
 * the published tree as JSON (README: Section (d), The IVR menu).
 */
import { z } from 'zod';
import { normalizePersian } from './persian-text.js';

/** Deepest menu nesting (the entry menu is 1). */
export const ivrMaxDepth = 4;
/** Options in one menu, at most (the keypad's twelve keys). */
export const ivrMaxOptions = 12;

const text = (max: number) =>
  z
    .string({ error: 'must be text' })
    .transform((value) => normalizePersian(value))
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

const prompt = z
  .object(
    {
      text: text(1000).optional(),
      audioId: z.uuid({ error: 'must be the id of an uploaded recording' }).optional(),
    },
    { error: 'must be a prompt: { text, audioId }' },
  )
  .strict()
  .refine((p) => p.text !== undefined || p.audioId !== undefined, 'needs a text or a recording');

export type IvrPrompt = z.infer<typeof prompt>;

export interface IvrMenuNode {
  prompt: IvrPrompt;
  options: IvrOption[];
  /** Seconds to wait for a key before the prompt is played again (3–30, default 5). */
  timeoutSeconds?: number | undefined;
  /** Played on a key no option has (default: the prompt again). */
  invalidPrompt?: IvrPrompt | undefined;
}

export type IvrDestination =
  | { kind: 'queue'; queue: string }
  | { kind: 'announcement'; prompt: IvrPrompt; after: 'repeat' | 'hangup' }
  | { kind: 'menu'; menu: IvrMenuNode }
  | { kind: 'transfer'; number: string };

export interface IvrOption {
  key: string;
  label: string;
  destination: IvrDestination;
}

const menu: z.ZodType<IvrMenuNode> = z.lazy(() =>
  z
    .object({
      prompt,
      options: z
        .array(option)
        .min(1, 'needs at least one option')
        .max(ivrMaxOptions, `at most ${ivrMaxOptions} options`),
      timeoutSeconds: z.number().int('must be whole seconds').min(3, 'at least 3').max(30, 'at most 30').optional(),
      invalidPrompt: prompt.optional(),
    })
    .strict()
    .superRefine((m, ctx) => {
      const seen = new Set<string>();
      for (const [i, o] of m.options.entries()) {
        if (seen.has(o.key)) ctx.addIssue({ code: 'custom', path: ['options', i, 'key'], message: 'is used twice' });
        seen.add(o.key);
      }
    }),
);

const destination: z.ZodType<IvrDestination> = z.lazy(() =>
  z.discriminatedUnion(
    'kind',
    [
      z
        .object({
          kind: z.literal('queue'),
          queue: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a queue name of the PBX (a-z, 0-9, . _ -)'),
        })
        .strict(),
      z
        .object({ kind: z.literal('announcement'), prompt, after: z.enum(['repeat', 'hangup']).default('repeat') })
        .strict(),
      z.object({ kind: z.literal('menu'), menu }).strict(),
      z
        .object({ kind: z.literal('transfer'), number: z.string().regex(/^\+?[0-9]{3,15}$/, 'must be a phone number') })
        .strict(),
    ],
    { error: 'must be a destination: queue, announcement, menu or transfer' },
  ),
);

const option = z
  .object({
    key: z.string().regex(/^[0-9*#]$/, 'must be one key: 0–9, * or #'),
    label: text(100),
    destination,
  })
  .strict();

export interface IvrTree {
  greeting: IvrPrompt;
  /** Announce the area's planned cuts and open incidents after the greeting, before the menu. */
  announceNotices: boolean;
  menu: IvrMenuNode;
}

const tree = z
  .object({ greeting: prompt, announceNotices: z.boolean().default(true), menu }, { error: 'must be an IVR menu' })
  .strict();

/** Where a menu nests too deep, if it does. */
function tooDeep(node: IvrMenuNode, path: (string | number)[], depth: number): (string | number)[] | null {
  if (depth > ivrMaxDepth) return path;
  for (const [i, o] of node.options.entries())
    if (o.destination.kind === 'menu') {
      const found = tooDeep(o.destination.menu, [...path, 'options', i, 'destination', 'menu'], depth + 1);
      if (found) return found;
    }
  return null;
}

export type IvrCheck = { ok: true; tree: IvrTree } | { ok: false; field: string; en: string; fa: string };

const faNumber = (digits: string | undefined) => Number(digits ?? 0).toLocaleString('fa-IR');

/** The reasons above in Persian (zod's messages are one string: the Persian is matched to it here). */
const reasonsFa: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^is used twice$/, () => 'این کلید در همین منو دو بار آمده است'],
  [/^must be one key/, () => 'باید یکی از کلیدهای ۰ تا ۹، * یا # باشد'],
  [/^must not be empty$/, () => 'نباید خالی باشد'],
  [/^must be at most (\d+) characters$/, (m) => `حداکثر ${faNumber(m[1])} نویسه`],
  [/^must be text$/, () => 'باید متن باشد'],
  [/^must be a queue name/, () => 'باید نام صفی در مرکز تلفن باشد (حروف کوچک لاتین، رقم و . _ -)'],
  [/^must be a phone number$/, () => 'باید شمارهٔ تلفن باشد (۳ تا ۱۵ رقم)'],
  [/^needs a text or a recording$/, () => 'متن یا ضبط لازم است'],
  [/^must be the id of an uploaded recording$/, () => 'باید یکی از ضبط‌های بارگذاری‌شده باشد'],
  [/^must be a prompt/, () => 'باید پیامی با متن یا ضبط باشد'],
  [/^needs at least one option$/, () => 'دست‌کم یک گزینه لازم است'],
  [/^at most (\d+) options$/, (m) => `حداکثر ${faNumber(m[1])} گزینه`],
  [/^must be whole seconds$/, () => 'باید ثانیهٔ کامل باشد'],
  [/^at least (\d+)$/, (m) => `دست‌کم ${faNumber(m[1])}`],
  [/^at most (\d+)$/, (m) => `حداکثر ${faNumber(m[1])}`],
  [/^must be a destination/, () => 'باید مقصدی باشد: صف، پیام، زیرمنو یا انتقال'],
];

/** A reason in Persian; the menu as a whole when none matches. */
function reasonFa(en: string): string {
  for (const [pattern, words] of reasonsFa) {
    const found = en.match(pattern);
    if (found) return words(found);
  }
  return 'ساختار منوی تلفن گویا درست نیست';
}

/** A tree as saved (texts normalised), or the first problem with its field path, in English and Persian. */
export function checkIvrTree(input: unknown): IvrCheck {
  const parsed = tree.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['tree', ...(issue?.path ?? [])].join('.');
    const en = issue?.message ?? 'is not a valid IVR menu';
    return { ok: false, field, en, fa: reasonFa(en) };
  }
  const deep = tooDeep(parsed.data.menu, ['menu'], 1);
  if (deep)
    return {
      ok: false,
      field: ['tree', ...deep].join('.'),
      en: `menus nest at most ${ivrMaxDepth} deep`,
      fa: `منوها حداکثر ${ivrMaxDepth.toLocaleString('fa-IR')} لایه تو در تو می‌شوند`,
    };
  return { ok: true, tree: parsed.data };
}

/** Every recording a tree names (to check they exist, and to list what the PBX must fetch). */
export function ivrAudioIds(t: IvrTree): string[] {
  const ids = new Set<string>();
  const add = (p: IvrPrompt | undefined) => p?.audioId && ids.add(p.audioId);
  const walk = (m: IvrMenuNode) => {
    add(m.prompt);
    add(m.invalidPrompt);
    for (const o of m.options) {
      if (o.destination.kind === 'announcement') add(o.destination.prompt);
      if (o.destination.kind === 'menu') walk(o.destination.menu);
    }
  };
  add(t.greeting);
  walk(t.menu);
  return [...ids];
}
