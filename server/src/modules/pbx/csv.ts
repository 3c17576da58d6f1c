/**
 * CSV as RFC 4180 writes it — comma-separated fields, `"` quoting (a quote inside doubled), line breaks CRLF or LF —
 * read record by record with the physical line each starts on, so a refusal can name the line an integrator sees in
 * their file. A line without any quote (nearly every line a PBX writes) is split as it is; only a quoted one is read
 * character by character, and a quoted field may then span lines.
 */

export interface CsvRecord {
  /** The physical line (1-based) the record starts on. */
  line: number;
  fields: string[];
}

export type CsvRead = { ok: true; records: CsvRecord[] } | { ok: false; line: number; en: string; fa: string };

/** Every record of `text` (a UTF-8 byte order mark dropped, blank lines skipped), or where its quoting breaks. */
export function readCsv(text: string): CsvRead {
  const records: CsvRecord[] = [];
  const length = text.length;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (at < length) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = length;
    const raw = text.slice(at, end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (raw.indexOf('"') === -1) {
      if (raw !== '') records.push({ line, fields: raw.split(',') });
      at = end + 1;
      line += 1;
      continue;
    }
    const quoted = readQuotedRecord(text, at, line);
    if (!quoted.ok) return quoted;
    records.push({ line, fields: quoted.fields });
    at = quoted.next;
    line = quoted.nextLine;
  }
  return { ok: true, records };
}

type QuotedRecord = { ok: true; fields: string[]; next: number; nextLine: number } | (CsvRead & { ok: false });

/** One record that holds quotes, from `start` to the line break that ends it (outside quotes). */
function readQuotedRecord(text: string, start: number, firstLine: number): QuotedRecord {
  const fields: string[] = [];
  let line = firstLine;
  let at = start;
  for (;;) {
    let value = '';
    if (text.charCodeAt(at) === 34) {
      // A quoted field: up to the closing quote; "" is one quote; line breaks inside are part of the value.
      at += 1;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote === -1)
          return {
            ok: false,
            line: firstLine,
            en: 'a quoted field is never closed (a " is missing)',
            fa: 'فیلد داخل گیومه بسته نشده است (یک " کم است)',
          };
        const part = text.slice(at, quote);
        for (let i = part.indexOf('\n'); i !== -1; i = part.indexOf('\n', i + 1)) line += 1;
        value += part;
        if (text.charCodeAt(quote + 1) === 34) {
          value += '"';
          at = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      const next = text.charCodeAt(at);
      if (at < text.length && next !== 44 && next !== 10 && !(next === 13 && text.charCodeAt(at + 1) === 10))
        return {
          ok: false,
          line,
          en: 'a quoted field is followed by something other than a comma or the end of the line',
          fa: 'پس از فیلد داخل گیومه باید ویرگول یا پایان سطر بیاید',
        };
    } else {
      // An unquoted field of a line that has quotes elsewhere: up to the next comma or line break.
      let end = at;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 10 || (c === 13 && text.charCodeAt(end + 1) === 10)) break;
        if (c === 34)
          return {
            ok: false,
            line,
            en: 'a " inside a field that is not quoted (quote the whole field and double the ")',
            fa: 'علامت " درون فیلدی که داخل گیومه نیست آمده است (کل فیلد را در گیومه بگذارید و " را دوتایی کنید)',
          };
        end += 1;
      }
      value = text.slice(at, end);
      at = end;
    }
    fields.push(value);
    const c = text.charCodeAt(at);
    if (c === 44) {
      at += 1;
      continue;
    }
    // The end of the record: CRLF, LF or the end of the text.
    if (c === 13) at += 1;
    return { ok: true, fields, next: at + 1, nextLine: line + 1 };
  }
}
