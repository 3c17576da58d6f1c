import {
  currentTenant,
  defaultTemplates,
  type MessageChannel,
  type MessageKind,
  type MessageLane,
  message,
  messageTemplate,
  renderTemplate,
  smsLength,
  type Tx,
  tenant,
} from '@abfa/schema';
import { eq } from 'drizzle-orm';
import { enqueueSend } from './send.js';

/**
 * The platform's one way to reach a customer: a message is written in the transaction of what causes it, with the
 * job that sends it. Rolled back, neither exists; committed, the job runs until the message is sent or fails for a
 * reason a person can read (send.ts).
 */
export interface QueuedMessage {
  kind: MessageKind;
  lane: MessageLane;
  channel?: MessageChannel;
  /** E.164 mobile, already parsed (`parseMobile`). */
  recipient: string;
  body: string;
  createdBy: string;
  requestId?: string | null;
  incidentId?: string | null;
  outageId?: string | null;
}

/** Writes the message and its sending job in the caller's transaction. Returns the message's id. */
export async function queueMessage(tx: Tx, queued: QueuedMessage): Promise<string> {
  const [written] = await tx
    .insert(message)
    .values({
      // The tenant is the transaction's (row-level security checks it), as for jobs.
      tenantId: currentTenant,
      kind: queued.kind,
      lane: queued.lane,
      channel: queued.channel ?? 'sms',
      recipient: queued.recipient,
      body: queued.body,
      parts: Math.max(1, smsLength(queued.body).segments),
      createdBy: queued.createdBy,
      requestId: queued.requestId ?? null,
      incidentId: queued.incidentId ?? null,
      outageId: queued.outageId ?? null,
    })
    .returning({ messageId: message.messageId });
  if (!written) throw new Error('message insert returned nothing');
  await enqueueSend(tx, written.messageId, queued.lane);
  return written.messageId;
}

/** The wording a company sends for `kind`: its own when it has one, else the national default; null when turned off. */
export async function templateOf(
  tx: Tx,
  kind: MessageKind,
): Promise<{ body: string; company: string; tenantCode: string } | null> {
  const [found] = await tx
    .select({
      body: messageTemplate.body,
      enabled: messageTemplate.enabled,
      company: tenant.nameFa,
      tenantCode: tenant.code,
    })
    .from(tenant)
    .leftJoin(messageTemplate, eq(messageTemplate.kind, kind));
  if (!found) return null;
  if (found.enabled === false) return null;
  return { body: found.body ?? defaultTemplates[kind], company: found.company, tenantCode: found.tenantCode };
}

type Values = Record<string, string | null | undefined>;

/**
 * A transactional message of `kind` to `recipient`, worded by the company's template with these values (given the
 * company's code, for links): queued in the caller's transaction unless the company turned the kind off. Opt-outs do
 * not stop it (it is about the customer's own affairs). Returns the message's id, or null when the kind is off.
 */
export async function queueTransactional(
  tx: Tx,
  kind: Exclude<MessageKind, 'custom'>,
  to: { recipient: string; values: (tenantCode: string) => Values; createdBy: string },
  cause: Pick<QueuedMessage, 'requestId' | 'incidentId' | 'outageId'>,
): Promise<string | null> {
  const template = await templateOf(tx, kind);
  if (!template) return null;
  const body = renderTemplate(template.body, { company: template.company, ...to.values(template.tenantCode) });
  return queueMessage(tx, {
    kind,
    lane: 'transactional',
    recipient: to.recipient,
    body,
    createdBy: to.createdBy,
    ...cause,
  });
}
