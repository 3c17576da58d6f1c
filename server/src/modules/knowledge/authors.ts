import { staffProfile } from '@abfa/schema';
import { inArray } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';

interface Batch {
  subjects: Set<string>;
  loaded: Promise<Map<string, string | null>>;
}

interface Names {
  found: Map<string, Promise<string | null>>;
  open: Batch | null;
}

const perOperation = new WeakMap<Context, Names>();

/**
 * The display name of an article's author (null when the company has no profile for that subject). A list of
 * articles asks for its authors together: the subjects asked for in one turn of the event loop are read in one
 * statement, under the tenant's row-level security, and each answer is kept for the rest of the operation.
 */
export function authorName(ctx: Context, subject: string): Promise<string | null> {
  let names = perOperation.get(ctx);
  if (!names) {
    names = { found: new Map(), open: null };
    perOperation.set(ctx, names);
  }
  const known = names.found.get(subject);
  if (known) return known;
  const state = names;
  let batch = state.open;
  if (!batch) {
    const subjects = new Set<string>();
    const loaded = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      state.open = null;
      const rows = await ctx.scope.db
        .select({ subject: staffProfile.subject, name: staffProfile.displayName })
        .from(staffProfile)
        .where(inArray(staffProfile.subject, [...subjects]));
      return new Map(rows.map((r) => [r.subject, r.name]));
    });
    batch = { subjects, loaded };
    state.open = batch;
  }
  batch.subjects.add(subject);
  const answer = batch.loaded.then((loaded) => loaded.get(subject) ?? null);
  state.found.set(subject, answer);
  return answer;
}
