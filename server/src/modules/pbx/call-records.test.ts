import { describe, expect, it } from 'vitest';
import { readCallRecords } from './call-records.js';
import { readCsv } from './csv.js';

const now = new Date('2026-12-08T12:00:00Z');
const header = 'call_id,line,caller,started_at,result,queue_wait_seconds,talk_seconds,agent_extension,ended_at';

describe('readCsv', () => {
  it('splits plain lines, skips blank ones and a byte order mark, and keeps each record’s first line', () => {
    const read = readCsv('\uFEFFa,b\r\n\r\n1,2\n3,\n');
    expect(read).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 3, fields: ['1', '2'] },
        { line: 4, fields: ['3', ''] },
      ],
    });
  });

  it('reads quoted fields: commas, doubled quotes and line breaks inside, the record numbered by its first line', () => {
    const read = readCsv('a,b\n"x,1","say ""hi"""\r\n"two\nlines",z\nlast,"q"');
    expect(read).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['x,1', 'say "hi"'] },
        { line: 3, fields: ['two\nlines', 'z'] },
        { line: 5, fields: ['last', 'q'] },
      ],
    });
  });

  it('names the line where quoting breaks', () => {
    expect(readCsv('a,b\n1,"open\n2,3')).toMatchObject({ ok: false, line: 2 });
    expect(readCsv('a,b\n1,"x"y')).toMatchObject({ ok: false, line: 2 });
    expect(readCsv('a,b\n1,x"y",2')).toMatchObject({ ok: false, line: 2 });
  });
});

describe('readCallRecords', () => {
  it('reads answered and abandoned calls in any column order, with Persian digits and a mobile normalised', () => {
    const read = readCallRecords(
      [
        'result,call_id,line,started_at,queue_wait_seconds,talk_seconds,agent_extension,caller',
        'answered,1733650000.1,۱۲۲,2026-12-08T09:30:00+03:30,۱۲,95,۲۰۱,0912 111 2233',
        'ABANDONED,1733650000.2,1523,2026-12-08T06:05:00Z,40,,,',
      ].join('\n'),
      now,
    );
    expect(read).toEqual({
      ok: true,
      records: [
        {
          line: 2,
          callId: '1733650000.1',
          lineNumber: '122',
          caller: '+989121112233',
          startedAt: new Date('2026-12-08T06:00:00Z'),
          endedAt: null,
          result: 'answered',
          queueWaitSeconds: 12,
          talkSeconds: 95,
          agentExtension: '201',
        },
        {
          line: 3,
          callId: '1733650000.2',
          lineNumber: '1523',
          caller: null,
          startedAt: new Date('2026-12-08T06:05:00Z'),
          endedAt: null,
          result: 'abandoned',
          queueWaitSeconds: 40,
          talkSeconds: null,
          agentExtension: null,
        },
      ],
    });
  });

  it('refuses the header’s unknown, repeated and missing columns by name, on line 1', () => {
    const read = readCallRecords('call_id,line,Call_ID,duration,result\n1,122,1,5,answered', now);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((p) => [p.line, p.field])).toEqual([
      [1, 'call_id'],
      [1, 'duration'],
      [1, 'started_at'],
      [1, 'queue_wait_seconds'],
    ]);
  });

  it('names every bad field of every bad line, and a call id sent twice with the line it first came on', () => {
    const read = readCallRecords(
      [
        header,
        'a1,122,,2026-12-08T09:30:00,answered,-3,,,',
        'a2,122,abc,2026-12-08T09:30:00Z,maybe,5,10,201,2026-12-08T09:00:00Z',
        'a3,12x,,2027-01-01T00:00:00Z,abandoned,90000,30,,',
        'a1,122,,2026-12-08T09:30:00Z,abandoned,5,,,',
        'a4,122,,2026-12-08T09:30:00Z,abandoned,5',
      ].join('\n'),
      now,
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.records).toBe(5);
    expect(read.problems.map((p) => `${p.line} ${p.field}`)).toEqual([
      '2 started_at',
      '2 queue_wait_seconds',
      '2 talk_seconds',
      '2 agent_extension',
      '3 caller',
      '3 ended_at',
      '3 result',
      '4 line',
      '4 started_at',
      '4 queue_wait_seconds',
      '4 talk_seconds',
      '5 call_id',
      '6 body',
    ]);
    const duplicate = read.problems.find((p) => p.line === 5);
    expect(duplicate?.en).toContain('line 2');
    expect(duplicate?.fa).toContain('سطر ۲');
    for (const p of read.problems) expect(p.fa).toMatch(/[\u0600-\u06FF]/);
  });

  it('refuses a batch above the limit and an empty body', () => {
    const many = [
      header,
      ...Array.from({ length: 20_001 }, (_, i) => `c${i},122,,2026-12-08T09:30:00Z,abandoned,1,,,`),
    ];
    const read = readCallRecords(many.join('\n'), now);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems).toEqual([expect.objectContaining({ line: 1, field: 'body' })]);
    expect(readCallRecords('', now)).toMatchObject({ ok: false, problems: [{ field: 'body' }] });
    expect(readCallRecords(header, now)).toEqual({ ok: true, records: [] });
  });
});
