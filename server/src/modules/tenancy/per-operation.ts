import { category, categoryOverride, line, UnitTree, unit } from '@abfa/schema';
import { eq } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';

/**
 * A value read once per GraphQL operation (keyed by its request scope, so it never outlives the operation's
 * transaction nor crosses tenants). For small per-tenant reference data that every row of a list points at: one
 * read instead of one per row.
 */
function perOperation<T>(load: (ctx: Context) => Promise<T>): (ctx: Context) => Promise<T> {
  const cache = new WeakMap<Context['scope'], Promise<T>>();
  return (ctx) => {
    let value = cache.get(ctx.scope);
    if (!value) {
      value = load(ctx);
      cache.set(ctx.scope, value);
    }
    return value;
  };
}

/** The company's lines (a handful), by id. */
export const linesOf = perOperation(
  async (ctx) => new Map((await ctx.scope.db.select().from(line)).map((l) => [l.lineId, l])),
);

/** Persian category names as the company shows them (its override, else the national name), by code. */
export const categoryNamesOf = perOperation(async (ctx) => {
  const rows = await ctx.scope.db
    .select({ code: category.code, nameFa: category.nameFa, overrideNameFa: categoryOverride.nameFa })
    .from(category)
    .leftJoin(categoryOverride, eq(categoryOverride.categoryCode, category.code));
  return new Map(rows.map((r) => [r.code, r.overrideNameFa ?? r.nameFa]));
});

/**
 * The company's units (tens to hundreds): one read, then every question about the hierarchy (a customer's area,
 * where routing sends a request) is answered in memory.
 */
export const unitsOf = perOperation((ctx) => ctx.scope.db.select().from(unit));

/** The company's unit hierarchy (`UnitTree`) over `unitsOf`, once per operation. */
export const unitTreeOf = perOperation(async (ctx) => new UnitTree(await unitsOf(ctx)));

/**
 * The unit and every unit above it, up to the company. An outage or incident recorded for a district office (or
 * the whole company) reaches a customer of a team under it, so a customer's area is this chain, not one unit.
 */
export async function unitChain(ctx: Context, unitId: string): Promise<string[]> {
  return (await unitTreeOf(ctx)).above(unitId);
}
