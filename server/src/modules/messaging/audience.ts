import type { AudienceKind } from '@abfa/schema';
import { type SQL, sql } from 'drizzle-orm';

/**
 * Who a campaign reaches, as one SQL query of distinct mobiles in the campaign's tenant transaction (row-level
 * security keeps it to the company): the customers of an area (the units given and every unit below them), the
 * callers of requests in some categories over a period, the callers linked to an incident, the customers of a
 * planned water cut's area, or an uploaded list. Only mobiles (+989…) are ever reached.
 */
export interface Audience {
  kind: AudienceKind;
  unitIds?: string[];
  categoryCodes?: string[];
  /** The categories' period: requests registered in the last so many days (1–365). */
  sinceDays?: number;
  incidentId?: string;
  outageId?: string;
}

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** The customers (subscribers with a mobile) of these units and every unit below them. */
const customersOfArea = (roots: SQL) => sql`
  with recursive area as (
    select unit_id from unit where unit_id = any (${roots})
    union
    select u.unit_id from unit u join area on u.parent_unit_id = area.unit_id)
  select s.mobile as recipient from subscriber s where s.unit_id in (select unit_id from area)`;

function sources(campaignId: string, audience: Audience): SQL {
  switch (audience.kind) {
    case 'units':
      return customersOfArea(uuidArray(audience.unitIds ?? []));
    case 'outage':
      return customersOfArea(
        sql`array(select unit_id from planned_outage where outage_id = ${audience.outageId ?? null}::uuid)`,
      );
    case 'categories':
      return sql`
        select r.caller_mobile as recipient from request r
        where r.category_code = any (${`{${(audience.categoryCodes ?? []).join(',')}}`}::text[])
          and r.registered_at > now() - ${audience.sinceDays ?? 30} * interval '1 day'
        union
        select s.mobile from request r join subscriber s on s.tenant_id = r.tenant_id and s.subscriber_id = r.subscriber_id
        where r.category_code = any (${`{${(audience.categoryCodes ?? []).join(',')}}`}::text[])
          and r.registered_at > now() - ${audience.sinceDays ?? 30} * interval '1 day'`;
    case 'incident':
      return sql`
        select caller_mobile as recipient from request where incident_id = ${audience.incidentId ?? null}::uuid
        union
        select caller_number from contact where incident_id = ${audience.incidentId ?? null}::uuid`;
    case 'list':
      return sql`select recipient from campaign_recipient where campaign_id = ${campaignId}::uuid`;
  }
}

/** The audience's distinct mobiles (`recipient`). */
export function audienceRecipients(campaignId: string, audience: Audience): SQL {
  return sql`select distinct recipient from (${sources(campaignId, audience)}) a
             where recipient ~ '^\\+989[0-9]{9}$'`;
}

/** How many the audience reaches, and how many of them opted out (left out of the sending). */
export function audienceCount(campaignId: string, audience: Audience): SQL {
  return sql`select count(*) filter (where o.recipient is null)::int as reachable,
                    count(o.recipient)::int as opted_out
             from (${audienceRecipients(campaignId, audience)}) a
             left join message_opt_out o on o.recipient = a.recipient`;
}
