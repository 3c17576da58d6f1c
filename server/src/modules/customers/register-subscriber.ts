import { parseBillId, parseMobile, parseNationalId, parsePostalCode, subscriber } from '@abfa/schema';
import { eq } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError } from '../../graphql/errors.js';
import { findUnit } from '../requests/register.js';
import {
  coordinates,
  optionalIdentifier,
  optionalText,
  parseSubscriptionNumber,
  requiredText,
  uniqueViolation,
} from './input.js';

export interface RegisterSubscriberInput {
  subscriptionNumber: string;
  billId?: string | null;
  ownerName: string;
  mobile?: string | null;
  nationalId?: string | null;
  postalCode?: string | null;
  address?: string | null;
  unitId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

const limits = { ownerName: 200, address: 500 } as const;

const subscriptionTaken = () =>
  new ConflictError(
    'A customer with this subscription number is already registered',
    'مشترکی با این شماره اشتراک قبلاً ثبت شده است',
    'subscriptionNumber',
  );
const billTaken = () =>
  new ConflictError(
    'A customer with this bill ID is already registered',
    'مشترکی با این شناسه قبض قبلاً ثبت شده است',
    'billId',
  );

/**
 * Registers a customer an agent meets on the phone (the billing integration will bring the rest later): every
 * identifier checked with its real check digits and stored in canonical form, names normalised, the subscription
 * number (and bill ID) unique within the company.
 */
export async function registerSubscriber(ctx: Context, input: RegisterSubscriberInput) {
  const tx = ctx.scope.db;
  const tenantId = ctx.principal?.tenantId;
  if (!tenantId) throw new Error('registerSubscriber without a tenant principal');

  const number = parseSubscriptionNumber(input.subscriptionNumber);
  if (!number.ok) throw new InputError('subscriptionNumber', number.reason.en, number.reason.fa);
  const billId = optionalIdentifier('billId', input.billId, (raw) => parseBillId(raw))?.billId ?? null;
  const ownerName = requiredText('ownerName', input.ownerName, limits.ownerName);
  const mobile = optionalIdentifier('mobile', input.mobile, parseMobile);
  const nationalId = optionalIdentifier('nationalId', input.nationalId, parseNationalId);
  const postalCode = optionalIdentifier('postalCode', input.postalCode, parsePostalCode);
  const address = optionalText('address', input.address, limits.address);
  const place = coordinates(input.latitude, input.longitude);
  if (input.unitId) await findUnit(tx, 'unitId', input.unitId);

  const [taken] = await tx
    .select({ subscriberId: subscriber.subscriberId })
    .from(subscriber)
    .where(eq(subscriber.subscriptionNumber, number.value));
  if (taken) throw subscriptionTaken();
  if (billId) {
    const [billed] = await tx
      .select({ subscriberId: subscriber.subscriberId })
      .from(subscriber)
      .where(eq(subscriber.billId, billId));
    if (billed) throw billTaken();
  }

  try {
    const [created] = await tx
      .insert(subscriber)
      .values({
        tenantId,
        subscriptionNumber: number.value,
        billId,
        ownerName,
        mobile,
        nationalId,
        postalCode,
        address,
        unitId: input.unitId ?? null,
        ...place,
      })
      .returning();
    if (!created) throw new Error('subscriber insert returned nothing');
    ctx.scope.auditTargets.push({ type: 'subscriber', id: created.subscriberId });
    return created;
  } catch (error) {
    // Two agents registering the same customer at once: the loser gets the same answer as a later attempt.
    const constraint = uniqueViolation(error);
    if (constraint === 'subscriber_subscription_key') throw subscriptionTaken();
    if (constraint === 'subscriber_bill_idx') throw billTaken();
    throw error;
  }
}
