import { normalizeIdentifier, normalizePbxExtension, rowsOf, type Service, type Tx, toAsciiDigits } from '@abfa/schema';
import { type SQL, sql } from 'drizzle-orm';
import { parseInstant } from '../../graphql/date-time.js';
import { textProblem } from '../../graphql/input-guard.js';
import {
  callerNumberRule,
  clockSkewMs,
  maxCallSeconds,
  maxPbxCallIdLength,
  normalizeCallerNumber,
} from '../customers/record-contact.js';
import { readCsv } from './csv.js';

/**
 * The PBX's call records (CDR) in bulk: a CSV batch of thousands of calls, each checked field by field, then written
 * onto the company's contacts in one statement, keyed by the PBX's call id — so a batch sent again changes nothing,
 * and a call an agent already recorded (recordContact with that pbxCallId) gets the PBX's figures without losing
 * what the agent wrote. A batch with any bad record is refused whole, each problem naming its line and column.
 * The format is the README's "Call records from the PBX".
 */

/** The columns a batch may have, in the README's order. */
export const callRecordColumns = [
  'call_id',
  'line',
  'caller',
  'started_at',
  'result',
  'queue_wait_seconds',
  'talk_seconds',
  'agent_extension',
  'ended_at',
] as const;
export type CallRecordColumn = (typeof callRecordColumns)[number];

/** Columns every batch's header must name (talk_seconds and agent_extension are needed once a call was answered). */
const requiredColumns: readonly CallRecordColumn[] = ['call_id', 'line', 'started_at', 'result', 'queue_wait_seconds'];

/** Records one batch may hold: a day of a busy province's calls is a few thousand; more is sent as several batches. */
export const maxBatchRecords = 20_000;
/** Problems listed one by one in a refusal, at most (the answer counts them all). */
export const maxListedProblems = 200;

export const callResults = ['answered', 'abandoned'] as const;
export type CallResult = (typeof callResults)[number];

/** One call as the batch gives it, checked. */
export interface CallRecord {
  /** The CSV line it was read from. */
  line: number;
  callId: string;
  /** The number dialled (the company's line), ASCII digits. */
  lineNumber: string;
  caller: string | null;
  startedAt: Date;
  endedAt: Date | null;
  result: CallResult;
  queueWaitSeconds: number;
  talkSeconds: number | null;
  agentExtension: string | null;
}

/** What is wrong with a batch: the CSV line (1 is the header) and the column, in English and Persian. */
export interface CallRecordProblem {
  line: number;
  field: string;
  en: string;
  fa: string;
}

export type CallRecordsRead =
  | { ok: true; records: CallRecord[] }
  | { ok: false; problems: CallRecordProblem[]; records: number };

const faNumber = (n: number) => n.toLocaleString('fa-IR');
const whole = /^\d{1,9}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a call id with a control character is refused
const controlCharacter = /[\u0000-\u001f\u007f]/;

/** The header's columns by position, or the problems of the header (line 1). */
function readHeader(fields: string[]): { columns: CallRecordColumn[] } | { problems: CallRecordProblem[] } {
  const problems: CallRecordProblem[] = [];
  const columns: CallRecordColumn[] = [];
  for (const raw of fields) {
    const name = raw.trim().toLowerCase();
    if (!(callRecordColumns as readonly string[]).includes(name))
      problems.push({
        line: 1,
        field: name || '(empty)',
        en: `is not a column of call records (the columns: ${callRecordColumns.join(', ')})`,
        fa: `ستونی از ستون‌های سوابق تماس نیست (ستون‌ها: ${callRecordColumns.join('، ')})`,
      });
    else if (columns.includes(name as CallRecordColumn))
      problems.push({ line: 1, field: name, en: 'is named twice', fa: 'دو بار آمده است' });
    else columns.push(name as CallRecordColumn);
  }
  for (const name of requiredColumns)
    if (!columns.includes(name))
      problems.push({ line: 1, field: name, en: 'column is missing', fa: 'این ستون در سرسطر نیامده است' });
  return problems.length > 0 ? { problems } : { columns };
}

/**
 * Reads a batch: the header, then every record checked on its own and against the others (a call id twice). Pure:
 * the lines dialled are checked against the company's in `ingestCallRecords`.
 */
export function readCallRecords(text: string, now = new Date()): CallRecordsRead {
  const csv = readCsv(text);
  if (!csv.ok) return { ok: false, records: 0, problems: [{ line: csv.line, field: 'body', en: csv.en, fa: csv.fa }] };
  const [header, ...rows] = csv.records;
  if (!header)
    return {
      ok: false,
      records: 0,
      problems: [
        {
          line: 1,
          field: 'body',
          en: 'is empty: the first line names the columns, each call follows on a line of its own',
          fa: 'خالی است: سطر نخست نام ستون‌ها و هر تماس در سطری جدا',
        },
      ],
    };
  const read = readHeader(header.fields);
  if ('problems' in read) return { ok: false, records: rows.length, problems: read.problems };
  if (rows.length > maxBatchRecords)
    return {
      ok: false,
      records: rows.length,
      problems: [
        {
          line: 1,
          field: 'body',
          en: `holds ${rows.length} records: at most ${maxBatchRecords} per batch (send the rest in further batches)`,
          fa: `${faNumber(rows.length)} سابقه دارد؛ هر دسته حداکثر ${faNumber(maxBatchRecords)} سابقه (بقیه را در دسته‌های بعدی بفرستید)`,
        },
      ],
    };
  const problems: CallRecordProblem[] = [];
  const records: CallRecord[] = [];
  const lineOfCall = new Map<string, number>();
  const idColumn = read.columns.indexOf('call_id');
  for (const row of rows) {
    const checked = checkRecord(row.line, read.columns, row.fields, now);
    if ('problems' in checked) problems.push(...checked.problems);
    else records.push(checked);
    // A call id twice is found even on lines with other problems: the integrator fixes both at once.
    const callId = (row.fields[idColumn] ?? '').trim();
    const earlier = callId === '' ? undefined : lineOfCall.get(callId);
    if (earlier !== undefined)
      problems.push({
        line: row.line,
        field: 'call_id',
        en: `is the call id of line ${earlier} too: each call once per batch`,
        fa: `شناسهٔ تماس سطر ${faNumber(earlier)} هم هست؛ هر تماس در هر دسته یک بار`,
      });
    else if (callId !== '') lineOfCall.set(callId, row.line);
  }
  return problems.length > 0 ? { ok: false, records: rows.length, problems } : { ok: true, records };
}

/** One record's fields checked; every problem of the record, not only the first. */
function checkRecord(
  line: number,
  columns: readonly CallRecordColumn[],
  fields: string[],
  now: Date,
): CallRecord | { problems: CallRecordProblem[] } {
  const problems: CallRecordProblem[] = [];
  const problem = (field: CallRecordColumn | 'body', en: string, fa: string) => problems.push({ line, field, en, fa });
  if (fields.length !== columns.length) {
    problem(
      'body',
      `has ${fields.length} fields where the header names ${columns.length} columns`,
      `${faNumber(fields.length)} فیلد دارد و سرسطر ${faNumber(columns.length)} ستون`,
    );
    return { problems };
  }
  const value: Partial<Record<CallRecordColumn, string>> = {};
  for (const [i, column] of columns.entries()) value[column] = (fields[i] ?? '').trim();

  const callId = value.call_id ?? '';
  if (callId === '') problem('call_id', 'is required', 'لازم است');
  else if (callId.length > maxPbxCallIdLength)
    problem(
      'call_id',
      `is too long (at most ${maxPbxCallIdLength} characters)`,
      `بیش از حد طولانی است (حداکثر ${faNumber(maxPbxCallIdLength)} نویسه)`,
    );
  else if (controlCharacter.test(callId) || textProblem(callId))
    problem('call_id', 'holds a control character or broken text', 'نویسهٔ کنترلی یا متن خراب دارد');

  const lineNumber = normalizeIdentifier(value.line ?? '');
  if (lineNumber === '')
    problem('line', 'is required: the number dialled, such as 122', 'لازم است: شمارهٔ گرفته‌شده، مانند ۱۲۲');
  else if (!/^\d{2,20}$/.test(lineNumber))
    problem('line', 'is not a line number such as 122 or 1523', 'شمارهٔ خطی مانند ۱۲۲ یا ۱۵۲۳ نیست');

  const caller = normalizeCallerNumber(value.caller ?? '');
  if (caller === undefined) problem('caller', callerNumberRule.en, callerNumberRule.fa);

  const startedAt = instantOf(value.started_at ?? '', 'started_at', now, problem, true);
  const endedAt = instantOf(value.ended_at ?? '', 'ended_at', now, problem, false);
  if (startedAt && endedAt && endedAt < startedAt)
    problem('ended_at', 'is before started_at', 'پیش از زمان ورود تماس به صف است');

  const result = (value.result ?? '').toLowerCase();
  if (result === '') problem('result', 'is required: answered or abandoned', 'لازم است: answered یا abandoned');
  else if (!(callResults as readonly string[]).includes(result))
    problem('result', 'must be answered or abandoned', 'باید answered (پاسخ داده شده) یا abandoned (رها شده) باشد');
  const answered = result === 'answered';

  const queueWaitSeconds = secondsOf(value.queue_wait_seconds ?? '', 'queue_wait_seconds', problem, true);
  let talkSeconds = secondsOf(value.talk_seconds ?? '', 'talk_seconds', problem, answered);
  if (result === 'abandoned') {
    if (talkSeconds)
      problem('talk_seconds', 'must be empty or 0 on an abandoned call', 'در تماس رهاشده باید خالی یا ۰ باشد');
    talkSeconds = null;
  }

  const extension = toAsciiDigits(value.agent_extension ?? '').trim();
  const agentExtension = extension === '' ? null : normalizePbxExtension(extension);
  if (extension !== '' && !agentExtension)
    problem(
      'agent_extension',
      'is not an extension: 1 to 32 letters, digits, . _ -',
      'داخلی تلفن نیست: ۱ تا ۳۲ حرف لاتین، رقم، . _ -',
    );
  else if (answered && !agentExtension)
    problem(
      'agent_extension',
      'is required when the call was answered: the extension that answered',
      'وقتی تماس پاسخ داده شده لازم است: داخلی‌ای که پاسخ داد',
    );

  if (problems.length > 0 || !startedAt || queueWaitSeconds === null) return { problems };
  return {
    line,
    callId,
    lineNumber,
    caller: caller ?? null,
    startedAt,
    endedAt,
    result: result as CallResult,
    queueWaitSeconds,
    talkSeconds,
    agentExtension,
  };
}

type Problem = (field: CallRecordColumn, en: string, fa: string) => void;

/** An ISO 8601 instant with its offset, as the API's DateTime takes it, not ahead of our clock by more than drift. */
function instantOf(text: string, field: CallRecordColumn, now: Date, problem: Problem, required: boolean): Date | null {
  if (text === '') {
    if (required)
      problem(field, 'is required: an ISO 8601 time with its offset', 'لازم است: زمان به قالب ISO 8601 با اختلاف ساعت');
    return null;
  }
  let instant: Date;
  try {
    instant = parseInstant(text);
  } catch {
    problem(
      field,
      'is not an ISO 8601 time with its offset between the years 2000 and 2100, such as 2026-12-08T09:30:00+03:30',
      'زمان ISO 8601 با اختلاف ساعت (میان سال‌های ۲۰۰۰ و ۲۱۰۰) نیست، مانند 2026-12-08T09:30:00+03:30',
    );
    return null;
  }
  if (instant.getTime() > now.getTime() + clockSkewMs) {
    problem(field, 'is in the future', 'در آینده است');
    return null;
  }
  return instant;
}

/** Whole seconds from 0 to a day. */
function secondsOf(text: string, field: CallRecordColumn, problem: Problem, required: boolean): number | null {
  const digits = toAsciiDigits(text);
  if (digits === '') {
    if (required)
      problem(
        field,
        field === 'talk_seconds' ? 'is required when the call was answered' : 'is required',
        field === 'talk_seconds' ? 'وقتی تماس پاسخ داده شده لازم است' : 'لازم است',
      );
    return null;
  }
  const seconds = whole.test(digits) ? Number(digits) : Number.NaN;
  if (!(seconds <= maxCallSeconds)) {
    problem(
      field,
      `must be whole seconds from 0 to ${maxCallSeconds}`,
      `باید ثانیهٔ صحیح از ۰ تا ${faNumber(maxCallSeconds)} باشد`,
    );
    return null;
  }
  return seconds;
}

/** What a batch did: records in it, contacts inserted, contacts changed, and those it found as they were. */
export interface IngestCounts {
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export type IngestOutcome =
  | { ok: true; counts: IngestCounts; days: string[] }
  | { ok: false; problems: CallRecordProblem[] };

/** The company's phone lines by the number dialled. */
async function phoneLines(tx: Tx): Promise<Map<string, { lineId: string; service: Service }>> {
  const rows = rowsOf<{ line_id: string; number: string; service: Service }>(
    await tx.execute(sql`select line_id, number, service from line
      where channel = 'phone' and number is not null order by active desc, code`),
  );
  const byNumber = new Map<string, { lineId: string; service: Service }>();
  for (const row of rows) {
    const number = normalizeIdentifier(row.number);
    if (!byNumber.has(number)) byNumber.set(number, { lineId: row.line_id, service: row.service });
  }
  return byNumber;
}

/**
 * What the PBX owns of a contact once it exists, and the value each takes from the batch (`excluded`). The agent's
 * outcome, category, request, customer and note are never touched: only `answered` and `abandoned` (what the PBX
 * itself says) follow a corrected record. The agent is filled in from the extension when none was known; on a call
 * only the PBX has recorded it follows the extension. Line, service and caller are filled in when missing.
 */
const pbxOwned = (recordedBy: string): [column: string, value: SQL][] => [
  ['queue_wait_seconds', sql`excluded.queue_wait_seconds`],
  ['talk_seconds', sql`excluded.talk_seconds`],
  ['agent_extension', sql`excluded.agent_extension`],
  ['ended_at', sql`excluded.ended_at`],
  ['outcome', sql`case when c.outcome in ('answered', 'abandoned') then excluded.outcome else c.outcome end`],
  [
    'agent_subject',
    sql`case when c.outcome in ('answered', 'abandoned') and c.recorded_by = ${recordedBy}::text
          then excluded.agent_subject else coalesce(c.agent_subject, excluded.agent_subject) end`,
  ],
  ['line_id', sql`coalesce(c.line_id, excluded.line_id)`],
  ['service', sql`case when c.line_id is null then excluded.service else c.service end`],
  ['caller_number', sql`coalesce(c.caller_number, excluded.caller_number)`],
];

/**
 * Writes checked records onto the company's contacts in one statement, inside the caller's tenant transaction: a new
 * call id inserts a phone contact (`answered` / `abandoned`, recorded by `recordedBy`, its agent the staff profile
 * holding the extension); a call id the company already has gets the PBX's fields, and only when one differs (a
 * batch sent again updates nothing). Refused with a problem per record when a line dialled is none of the company's
 * phone lines; nothing is written then. Answers the counts and the days (company time zone) whose calls changed.
 */
export async function ingestCallRecords(
  tx: Tx,
  options: { tenantId: string; recordedBy: string; records: readonly CallRecord[] },
): Promise<IngestOutcome> {
  const { tenantId, recordedBy, records } = options;
  const lines = await phoneLines(tx);
  const problems: CallRecordProblem[] = [];
  const rows = [];
  for (const r of records) {
    const dialled = lines.get(r.lineNumber);
    if (!dialled) {
      problems.push({
        line: r.line,
        field: 'line',
        en: `is not a number of your company's phone lines (${[...lines.keys()].join(', ')})`,
        fa: `شماره‌ای از خطوط تلفن شرکت شما نیست (${[...lines.keys()].join('، ')})`,
      });
      continue;
    }
    rows.push({
      i: r.callId,
      l: dialled.lineId,
      s: dialled.service,
      c: r.caller,
      b: r.startedAt.toISOString(),
      e: r.endedAt?.toISOString() ?? null,
      o: r.result,
      w: r.queueWaitSeconds,
      t: r.talkSeconds,
      x: r.agentExtension,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (rows.length === 0) return { ok: true, counts: { records: 0, inserted: 0, updated: 0, unchanged: 0 }, days: [] };

  const owned = pbxOwned(recordedBy);
  const columns = sql.raw(owned.map(([column]) => `c.${column}`).join(', '));
  const values = sql.join(
    owned.map(([, value]) => value),
    sql`, `,
  );
  const assignments = sql.join(
    owned.map(([column, value]) => sql`${sql.raw(column)} = ${value}`),
    sql`, `,
  );
  const [written] = rowsOf<{ inserted: number; updated: number; days: string[] | string }>(
    await tx.execute(sql`
      with input as (
        select * from json_to_recordset(${JSON.stringify(rows)}::text::json) as r(
          i text, l uuid, s text, c text, b timestamptz, e timestamptz, o text, w integer, t integer, x text)
      ), written as (
        insert into contact as c (tenant_id, line_id, channel, service, caller_number, agent_subject, recorded_by,
                                  started_at, ended_at, outcome, pbx_call_id, queue_wait_seconds, talk_seconds,
                                  agent_extension)
        select ${tenantId}::uuid, r.l, 'phone', r.s, r.c, p.subject, ${recordedBy}::text, r.b, r.e, r.o, r.i, r.w, r.t, r.x
        from input r left join staff_profile p on p.tenant_id = ${tenantId}::uuid and p.pbx_extension = r.x
        -- In call id order: two batches sharing calls lock them in the same order, so they wait, never deadlock.
        order by r.i
        on conflict (tenant_id, pbx_call_id) where pbx_call_id is not null do update set ${assignments}
          where (${columns}) is distinct from (${values})
        returning c.xmax = 0 as inserted, c.started_at
      )
      select count(*) filter (where w.inserted)::int as inserted, count(*) filter (where not w.inserted)::int as updated,
             coalesce(array_agg(distinct (w.started_at at time zone t.time_zone)::date::text), '{}') as days
      from written w cross join (select time_zone from tenant where tenant_id = ${tenantId}::uuid) t`),
  );
  const inserted = written?.inserted ?? 0;
  const updated = written?.updated ?? 0;
  // postgres.js reads a text[] as an array; PGlite may hand back its literal.
  const days = Array.isArray(written?.days)
    ? written.days
    : (written?.days ?? '').replace(/[{}]/g, '').split(',').filter(Boolean);
  return {
    ok: true,
    counts: { records: rows.length, inserted, updated, unchanged: rows.length - inserted - updated },
    days: [...days].sort(),
  };
}
