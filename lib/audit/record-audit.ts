// Every mutation writes its audit event in the same transaction as the change itself, so there is
// never a change without its record (or a record of a change that was rolled back).
import type { Db } from "@/lib/db";
import { insertRows, rowId } from "@/lib/db/sql-rows";
import type { Actor } from "@/lib/policy";

export interface AuditInput {
  actor: Actor;
  tenantId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  result?: "ok" | "denied" | "error";
  details?: Record<string, unknown>;
}

export async function recordAudit(tx: Db, e: AuditInput): Promise<void> {
  // One plain INSERT (every mutation writes one; a model call would be compiled each time).
  await insertRows(tx, "AuditEvent", [
    {
      id: rowId(),
      createdAt: new Date(),
      actorId: e.actor.via === "system" ? null : e.actor.userId,
      actorEmail: e.actor.email,
      tenantId: e.tenantId ?? null,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId ?? null,
      result: e.result ?? "ok",
      detailsJson: JSON.stringify(e.details ?? {}),
    },
  ]);
}
