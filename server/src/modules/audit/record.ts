import { type AuditOutcome, auditEvent, type Tx } from '@abfa/schema';
import type { Principal } from '../../auth/principal.js';

export interface AuditEntry {
  principal: Principal;
  tenantId: string;
  operation: string;
  outcome: AuditOutcome;
  requestId: string;
  targets: { type: string; id: string }[];
  /** Codes and names only: never personal data (no inputs, no messages). */
  detail?: Record<string, unknown>;
}

/** Appends one audit event in the given transaction (so it commits or rolls back with the work it records). */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const [first] = entry.targets;
  await tx.insert(auditEvent).values({
    tenantId: entry.tenantId,
    actorSubject: entry.principal.subject,
    actorKind: entry.principal.kind,
    operation: entry.operation,
    targetType: first?.type ?? null,
    targetId: first?.id ?? null,
    requestId: entry.requestId,
    outcome: entry.outcome,
    detail: {
      ...entry.detail,
      ...(entry.targets.length > 1 ? { targets: entry.targets } : {}),
      ...(entry.principal.clientId ? { clientId: entry.principal.clientId } : {}),
    },
  });
}
