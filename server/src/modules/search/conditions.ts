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
 * is rechecked on the stored text, never folded again; for a common word the planner may instead read the newest rows
 * in the result's order and keep those that match (the statement is planned for its words: `search` asks for custom
 * plans).
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

export interface RequestColumns {
  trackingCode: SQLWrapper;
  callerMobile: SQLWrapper;
  subscriberId: SQLWrapper;
  /** app_request_search_text(description, address, caller_name), stored. */
  searchText: SQLWrapper;
}

export function requestCondition(plan: SearchPlan, r: RequestColumns): SQL | null {
  const customers = namedSubscribers(plan);
  return anyOf([
    plan.trackingCode !== undefined && sql`${r.trackingCode} = ${plan.trackingCode}`,
    plan.mobile !== undefined && sql`${r.callerMobile} = ${plan.mobile}`,
    plan.phoneDigits !== undefined && endsWith(r.callerMobile, plan.phoneDigits),
    customers !== null && inIds(r.subscriberId, customers),
    plan.words !== undefined && allWords(r.searchText, plan.words),
  ]);
}

export interface SubscriberColumns {
  subscriberId: SQLWrapper;
  subscriptionNumber: SQLWrapper;
  billId: SQLWrapper;
  mobile: SQLWrapper;
  /** app_subscriber_search_text(owner_name, address), stored. */
  searchText: SQLWrapper;
}

export function subscriberCondition(plan: SearchPlan, s: SubscriberColumns): SQL | null {
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
    plan.words !== undefined && allWords(s.searchText, plan.words),
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
