import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { SearchPlan } from './plan.js';

/**
 * The SQL of each reading of a search, per group. Every condition is one the indexes of migration search_index
 * answer: the words through the trigram GIN indexes over `app_request_search_text(…)` /
 * `app_subscriber_search_text(…)` (the exact expressions indexed, so the planner matches them), the last digits of a
 * phone through a b-tree over the reversed number, identifiers through their own unique indexes. Row-level security
 * applies on top: another company's rows never match, and unit staff see only the requests within their reach.
 */

/** Rows whose reversed number starts with the reversed digits, as a b-tree range (works with generic plans too). */
function endsWith(column: SQLWrapper, digits: string): SQL {
  const prefix = [...digits].reverse().join('');
  // Digits only, so the next prefix in byte order is the last digit plus one ('9' + 1 is ':').
  const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return sql`(reverse(${column}) ~>=~ ${prefix} and reverse(${column}) ~<~ ${next})`;
}

/**
 * Every word occurs in the folded text (the word is folded by the same SQL function as the indexed text). `~~~` is
 * LIKE marked leakproof (migration search_leakproof_like): plain LIKE would be checked after the row-level security
 * policies, on every row of the company, never through the index.
 */
function allWords(text: SQL, words: readonly string[]): SQL {
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

/** The customers an identifier of the plan names (subscription number, bill ID). */
function namedSubscribers(plan: SearchPlan): SQL | null {
  const by = anyOf([
    plan.subscriptionNumber !== undefined && sql`s.subscription_number = ${plan.subscriptionNumber}`,
    plan.billId !== undefined && sql`s.bill_id = ${plan.billId}`,
  ]);
  return by ? sql`(select s.subscriber_id from subscriber s where ${by})` : null;
}

export interface RequestColumns {
  trackingCode: SQLWrapper;
  callerMobile: SQLWrapper;
  subscriberId: SQLWrapper;
  description: SQLWrapper;
  address: SQLWrapper;
  callerName: SQLWrapper;
}

export function requestCondition(plan: SearchPlan, r: RequestColumns): SQL | null {
  const customers = namedSubscribers(plan);
  return anyOf([
    plan.trackingCode !== undefined && sql`${r.trackingCode} = ${plan.trackingCode}`,
    plan.mobile !== undefined && sql`${r.callerMobile} = ${plan.mobile}`,
    plan.phoneDigits !== undefined && endsWith(r.callerMobile, plan.phoneDigits),
    customers !== null && sql`${r.subscriberId} in ${customers}`,
    plan.words !== undefined &&
      allWords(sql`app_request_search_text(${r.description}, ${r.address}, ${r.callerName})`, plan.words),
  ]);
}

export interface SubscriberColumns {
  subscriberId: SQLWrapper;
  subscriptionNumber: SQLWrapper;
  billId: SQLWrapper;
  mobile: SQLWrapper;
  ownerName: SQLWrapper;
  address: SQLWrapper;
}

export function subscriberCondition(plan: SearchPlan, s: SubscriberColumns): SQL | null {
  return anyOf([
    plan.subscriptionNumber !== undefined && sql`${s.subscriptionNumber} = ${plan.subscriptionNumber}`,
    plan.billId !== undefined && sql`${s.billId} = ${plan.billId}`,
    plan.mobile !== undefined && sql`${s.mobile} = ${plan.mobile}`,
    plan.phoneDigits !== undefined && endsWith(s.mobile, plan.phoneDigits),
    // The customer a tracking code's request belongs to (the request as the caller may read it).
    plan.trackingCode !== undefined &&
      sql`${s.subscriberId} in (select q.subscriber_id from request q where q.tracking_code = ${plan.trackingCode} and q.subscriber_id is not null)`,
    plan.words !== undefined && allWords(sql`app_subscriber_search_text(${s.ownerName}, ${s.address})`, plan.words),
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
      sql`${c.requestId} in (select q.request_id from request q where q.tracking_code = ${plan.trackingCode})`,
    customers !== null && sql`${c.subscriberId} in ${customers}`,
  ]);
}
