import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { SearchPlan } from './plan.js';

/**
 * The SQL of each reading of a search, per group. Every condition is one an index answers: the words through the
 * trigram GIN indexes over the stored folded text (`search_text`, migration search_text), the last digits of a phone
 * through a b-tree over the reversed number (migration search_index), identifiers through their own unique indexes.
 * Row-level security applies on top: another company's rows never match, and unit staff see only the requests within
 * their reach.
 */

/**
 * Rows whose reversed number starts with the reversed digits, as a b-tree range (works with generic plans too).
 * app_search_reverse is reverse() marked leakproof (migration search_phone_suffix): with plain reverse() the range
 * could not be an index condition under row-level security.
 */
function endsWith(column: SQLWrapper, digits: string): SQL {
  const prefix = [...digits].reverse().join('');
  // Digits only, so the next prefix in byte order is the last digit plus one ('9' + 1 is ':').
  const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return sql`(app_search_reverse(${column}) ~>=~ ${prefix} and app_search_reverse(${column}) ~<~ ${next})`;
}

/**
 * Every word occurs in the stored folded text (the word is folded by the same SQL function, app_search_fold, as the
 * stored text). `~~~` is LIKE marked leakproof (migration search_leakproof_like): plain LIKE would be checked after
 * the row-level security policies, on every row of the company, never through the index. A candidate the index gives
 * is rechecked on the stored text, never folded again.
 */
function allWords(text: SQLWrapper, words: readonly string[]): SQL {
  return sql.join(
    words.map((w) => sql`${text} ~~~ ('%' || app_search_fold(${w}) || '%')`),
    sql` and `,
  );
}

/** Any of the conditions, or none at all when the plan has no reading for this group. */
function anyOf(conditions: (SQL | false | undefined)[]): SQL | null {
  const given = conditions.filter((c): c is SQL => c instanceof Object);
  return given.length ? sql`(${sql.join(given, sql` or `)})` : null;
}

/**
 * `column = any(array(subquery))`: the subquery runs once, before the scan, and its few ids are an index condition on
 * `column` — one arm of a BitmapOr beside the other readings. (`column in (subquery)` is a hashed subplan checked
 * row by row, so the whole OR could only be a scan of every row of the company.)
 */
const inIds = (column: SQLWrapper, subquery: SQL): SQL => sql`${column} = any(array(${subquery}))`;

/** The customers an identifier of the plan names (subscription number, bill ID). */
function namedSubscribers(plan: SearchPlan): SQL | null {
  const by = anyOf([
    plan.subscriptionNumber !== undefined && sql`s.subscription_number = ${plan.subscriptionNumber}`,
    plan.billId !== undefined && sql`s.bill_id = ${plan.billId}`,
  ]);
  return by ? sql`select s.subscriber_id from subscriber s where ${by}` : null;
}

/**
 * How many rows, in the order a group is listed (requests newest first, customers by name), a word's page is first
 * looked for in. A word in one row of 250 or more fills a page of 20 from them: a read of a few thousand index rows,
 * whatever the size of the company. A rarer word has few enough rows to take them all from the trigram index and sort.
 */
export const windowRows = 5000;

/** A group's list order, the index that gives it (request_registered_idx, subscriber_name_idx), its id column. */
interface ListOrder {
  table: 'request' | 'subscriber';
  id: string;
  order: readonly (readonly [column: string, direction: 'asc' | 'desc'])[];
}
export const requestOrder: ListOrder = {
  table: 'request',
  id: 'request_id',
  order: [
    ['registered_at', 'desc'],
    ['request_id', 'desc'],
  ],
};
export const subscriberOrder: ListOrder = {
  table: 'subscriber',
  id: 'subscriber_id',
  order: [
    ['owner_name', 'asc'],
    ['subscription_number', 'asc'],
  ],
};

/**
 * The ids of the first `first` rows (in the list's order) matching every word, in two bounded steps, never a scan
 * of the company: among the first `windowRows` rows of the list's order; if those hold fewer than `first` matches,
 * all the matches through the trigram index, sorted (`offset 0` keeps that subquery planned on its own, so no order or
 * limit tempts the planner back to the list's order). Left to itself, the planner read the registration order with
 * the match as a filter for two words it judged common but that never occur together, and so read every row (5.5 s
 * at a million requests); and a first name's customers sit in one stretch of the name order. The second step's
 * array is an InitPlan, computed only when the CASE reaches it.
 */
function firstMatching(list: ListOrder, idColumn: SQLWrapper, words: readonly string[], first: number): SQL {
  const page = sql.raw(String(Math.trunc(first)));
  const id = (alias: string) => sql.raw(`${alias}.${list.id}`);
  const by = (alias: string) => sql.raw(list.order.map(([c, d]) => `${alias}.${c} ${d}`).join(', '));
  const columns = sql.raw(
    [list.id, ...list.order.map(([c]) => c).filter((c) => c !== list.id)].map((c) => `q.${c}`).join(', '),
  );
  const table = sql.raw(list.table);
  const window = sql`array(select ${id('x')} from (select ${columns}, q.search_text from ${table} q
    order by ${by('q')} limit ${sql.raw(String(windowRows))}) x
    where ${allWords(sql`x.search_text`, words)} order by ${by('x')} limit ${page})`;
  const all = sql`array(select ${id('m')} from (select ${columns} from ${table} q
    where ${allWords(sql`q.search_text`, words)} offset 0) m order by ${by('m')} limit ${page})`;
  // `offset 0`: the first step's array is computed once, not once for the test and again for the answer.
  return sql`${idColumn} = any(cast((select case when cardinality(w.found) >= ${page} then w.found else ${all} end
    from (select ${window} as found offset 0) w) as uuid[]))`;
}

export interface RequestColumns {
  requestId: SQLWrapper;
  trackingCode: SQLWrapper;
  callerMobile: SQLWrapper;
  subscriberId: SQLWrapper;
}

/** `first`: the page size (words take the first `first` matches in two bounded steps, `firstMatching`). */
export function requestCondition(plan: SearchPlan, r: RequestColumns, first: number): SQL | null {
  const customers = namedSubscribers(plan);
  return anyOf([
    plan.trackingCode !== undefined && sql`${r.trackingCode} = ${plan.trackingCode}`,
    plan.mobile !== undefined && sql`${r.callerMobile} = ${plan.mobile}`,
    plan.phoneDigits !== undefined && endsWith(r.callerMobile, plan.phoneDigits),
    customers !== null && inIds(r.subscriberId, customers),
    plan.words !== undefined && firstMatching(requestOrder, r.requestId, plan.words, first),
  ]);
}

export interface SubscriberColumns {
  subscriberId: SQLWrapper;
  subscriptionNumber: SQLWrapper;
  billId: SQLWrapper;
  mobile: SQLWrapper;
}

/** `first`: the page size (words take the first `first` matches by name in two bounded steps, `firstMatching`). */
export function subscriberCondition(plan: SearchPlan, s: SubscriberColumns, first: number): SQL | null {
  return anyOf([
    plan.subscriptionNumber !== undefined && sql`${s.subscriptionNumber} = ${plan.subscriptionNumber}`,
    plan.billId !== undefined && sql`${s.billId} = ${plan.billId}`,
    plan.mobile !== undefined && sql`${s.mobile} = ${plan.mobile}`,
    plan.phoneDigits !== undefined && endsWith(s.mobile, plan.phoneDigits),
    // The customer a tracking code's request belongs to (the request as the caller may read it).
    plan.trackingCode !== undefined &&
      inIds(
        s.subscriberId,
        sql`select q.subscriber_id from request q where q.tracking_code = ${plan.trackingCode} and q.subscriber_id is not null`,
      ),
    plan.words !== undefined && firstMatching(subscriberOrder, s.subscriberId, plan.words, first),
  ]);
}

export interface ContactColumns {
  callerNumber: SQLWrapper;
  requestId: SQLWrapper;
  subscriberId: SQLWrapper;
}

/** Contacts are found by the caller's number, a request's tracking code or a customer's identifier; not by words. */
export function contactCondition(plan: SearchPlan, c: ContactColumns): SQL | null {
  const customers = namedSubscribers(plan);
  return anyOf([
    plan.mobile !== undefined && sql`${c.callerNumber} = ${plan.mobile}`,
    plan.phoneDigits !== undefined && endsWith(c.callerNumber, plan.phoneDigits),
    plan.trackingCode !== undefined &&
      inIds(c.requestId, sql`select q.request_id from request q where q.tracking_code = ${plan.trackingCode}`),
    customers !== null && inIds(c.subscriberId, customers),
  ]);
}
