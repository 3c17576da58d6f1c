import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { categoryFamilies } from '@abfa/schema';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { type CategoryEntry, catalogFile, type TenantFile, tenantFile } from './registry-schema.js';

export const tenantsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Registry {
  tenants: TenantFile[];
  categories: CategoryEntry[];
}

export interface RegistryProblem {
  /** Path of the file, relative to the tenants folder. */
  file: string;
  /** The field, as a path such as `units[2].parent`; empty for the whole file. */
  field: string;
  reason: string;
  /** The reason in Persian, from the loaders that give one (`readYaml` with `persian`). */
  reasonFa?: string;
}

export class RegistryError extends Error {
  constructor(readonly problems: RegistryProblem[]) {
    super(
      `The tenant registry has ${problems.length} problem(s); nothing was applied:\n${problems
        .map((p) => `  ${p.file}${p.field ? ` → ${p.field}` : ''}: ${p.reason}${p.reasonFa ? ` — ${p.reasonFa}` : ''}`)
        .join('\n')}`,
    );
    this.name = 'RegistryError';
  }
}

const fieldPath = (segments: readonly PropertyKey[]) =>
  segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');

export interface ReadYamlOptions {
  /**
   * Give every problem in Persian too (`reasonFa`): the schema's own English messages through this table (English →
   * Persian), zod's built-in ones through its Persian locale.
   */
  persian?: Readonly<Record<string, string>>;
}

const zodPersian = z.locales.fa().localeError;

/** A zod issue's message in Persian: the schema's own message translated, else zod's Persian locale. */
function persianReason(issue: z.core.$ZodIssue, table: Readonly<Record<string, string>>): string {
  const own = table[issue.message];
  if (own !== undefined) return own;
  const built = zodPersian(issue as unknown as z.core.$ZodRawIssue);
  return typeof built === 'string' ? built : (built?.message ?? issue.message);
}

/**
 * Reads and validates one YAML file of the tenants folder (path relative to `folder`); problems are appended with
 * the file, the field and the reason, and the parsed value is returned when valid. Shared by every data file here.
 */
export async function readYaml<S extends z.ZodType>(
  folder: string,
  file: string,
  schema: S,
  problems: RegistryProblem[],
  options: ReadYamlOptions = {},
): Promise<z.infer<S> | undefined> {
  const persian = options.persian;
  let text: string;
  try {
    text = await readFile(path.join(folder, file), 'utf8');
  } catch (error) {
    const message = (error as Error).message;
    problems.push({
      file,
      field: '',
      reason: `cannot be read: ${message}`,
      ...(persian && { reasonFa: `خوانده نمی‌شود: ${message}` }),
    });
    return undefined;
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const at = error.linePos?.[0];
      const message = error.message.split('\n')[0];
      problems.push({
        file,
        field: '',
        reason: `not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${message}`,
        ...(persian && { reasonFa: `YAML نامعتبر است${at ? ` (سطر ${at.line}، ستون ${at.col})` : ''}: ${message}` }),
      });
    }
    return undefined;
  }
  // zod's Persian locale names the type received, so the issues keep their input when Persian is asked for.
  const result = schema.safeParse(doc.toJS(), { reportInput: persian !== undefined });
  if (!result.success) {
    for (const issue of result.error.issues)
      problems.push({
        file,
        field: fieldPath(issue.path),
        reason: issue.message,
        ...(persian && { reasonFa: persianReason(issue, persian) }),
      });
    return undefined;
  }
  return result.data;
}

/** Rules that span fields or files: what the schema of one value cannot say. */
function checkTenant(file: string, t: TenantFile, categoryCodes: Set<string>, problems: RegistryProblem[]) {
  const problem = (field: string, reason: string) => problems.push({ file, field, reason });
  if (file !== `registry/${t.code}.yaml`) problem('code', `must match the file name (registry/${t.code}.yaml)`);

  const unitIndex = new Map<string, number>();
  t.units.forEach((u, i) => {
    if (unitIndex.has(u.code)) problem(`units[${i}].code`, `duplicate unit code "${u.code}"`);
    unitIndex.set(u.code, i);
  });
  const roots = t.units.filter((u) => u.parent === undefined);
  if (roots.length !== 1 || roots[0]?.kind !== 'company')
    problem('units', 'needs exactly one root unit, of kind company, with no parent');
  t.units.forEach((u, i) => {
    if (u.parent === undefined) {
      if (u.kind !== 'company') problem(`units[${i}].parent`, 'only the company root may have no parent');
      return;
    }
    if (u.kind === 'company') problem(`units[${i}].kind`, 'a unit with a parent cannot be of kind company');
    if (!unitIndex.has(u.parent)) {
      problem(`units[${i}].parent`, `unknown unit code "${u.parent}"`);
      return;
    }
    // Walk up: a cycle would never reach the root.
    const seen = new Set([u.code]);
    for (let p: string | undefined = u.parent; p !== undefined; p = t.units[unitIndex.get(p) ?? -1]?.parent) {
      if (seen.has(p)) {
        problem(`units[${i}].parent`, `the parents of "${u.code}" form a cycle`);
        break;
      }
      seen.add(p);
    }
  });

  t.units.forEach((u, i) => {
    const seen = new Set<string>();
    u.routes.forEach((route, j) => {
      if (!categoryCodes.has(route) && !(categoryFamilies as readonly string[]).includes(route))
        problem(`units[${i}].routes[${j}]`, `"${route}" is neither a category code nor a category family`);
      if (seen.has(route)) problem(`units[${i}].routes[${j}]`, `"${route}" is listed twice`);
      seen.add(route);
    });
  });

  const lines = new Map(t.lines.map((l) => [l.code, l]));
  if (lines.size !== t.lines.length) problem('lines', 'line codes must be unique');
  t.lines.forEach((l, i) => {
    if (l.mergedInto === undefined) return;
    const target = lines.get(l.mergedInto);
    if (!target || l.mergedInto === l.code) problem(`lines[${i}].mergedInto`, `unknown line code "${l.mergedInto}"`);
    else if (target.mergedInto !== undefined)
      problem(`lines[${i}].mergedInto`, `line "${l.mergedInto}" is itself merged; point at the line it merged into`);
  });

  const overridden = new Set<string>();
  t.categoryOverrides.forEach((o, i) => {
    if (!categoryCodes.has(o.category)) problem(`categoryOverrides[${i}].category`, `unknown category "${o.category}"`);
    if (overridden.has(o.category)) problem(`categoryOverrides[${i}].category`, `"${o.category}" is overridden twice`);
    overridden.add(o.category);
  });

  const closed = t.calendar?.holidays ?? [];
  closed.forEach((h, i) => {
    const previous = closed[i - 1];
    if (previous && h.date <= previous.date)
      problem(
        `calendar.holidays[${i}].date`,
        h.date === previous.date
          ? `${h.date} is listed twice`
          : `${h.date} comes after ${previous.date}: keep the dates in order`,
      );
  });
}

/**
 * Loads the whole registry (`catalog/categories.yaml` and `registry/*.yaml`) and validates every file, then the
 * rules across files. Throws a RegistryError listing every problem (file, field, reason) — all or nothing.
 */
export async function loadRegistry(folder = tenantsFolder): Promise<Registry> {
  const problems: RegistryProblem[] = [];
  const catalog = await readYaml(folder, 'catalog/categories.yaml', catalogFile, problems);
  const categories = catalog?.categories ?? [];
  const categoryCodes = new Set<string>();
  categories.forEach((c, i) => {
    if (categoryCodes.has(c.code))
      problems.push({
        file: 'catalog/categories.yaml',
        field: `categories[${i}].code`,
        reason: `duplicate code "${c.code}"`,
      });
    if (c.emergency && c.slaClock !== 'calendar')
      problems.push({
        file: 'catalog/categories.yaml',
        field: `categories[${i}].slaClock`,
        reason: 'an emergency runs on the calendar clock',
      });
    categoryCodes.add(c.code);
  });

  const files = (await readdir(path.join(folder, 'registry'))).filter((f) => /\.ya?ml$/.test(f)).sort();
  const tenants: TenantFile[] = [];
  const ids = new Map<string, string>();
  const codes = new Map<string, string>();
  for (const name of files) {
    const file = `registry/${name}`;
    const t = await readYaml(folder, file, tenantFile, problems);
    if (!t) continue;
    checkTenant(file, t, categoryCodes, problems);
    const sameId = ids.get(t.id);
    if (sameId) problems.push({ file, field: 'id', reason: `the same id as ${sameId}` });
    const sameCode = codes.get(t.code);
    if (sameCode) problems.push({ file, field: 'code', reason: `the same code as ${sameCode}` });
    ids.set(t.id, file);
    codes.set(t.code, file);
    tenants.push(t);
  }
  if (files.length === 0) problems.push({ file: 'registry/', field: '', reason: 'no tenant files' });
  if (problems.length > 0) throw new RegistryError(problems);
  return { tenants, categories };
}
