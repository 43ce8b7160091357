import type pg from 'pg'

export interface AuditEntry {
  /** e.g. `api:<key name>`, `responder:<id>`, `system` */
  actor: string
  /** e.g. `incident.transition`, `medical.read`, `device.revoke` */
  action: string
  targetType: string
  targetId?: string | null
  details?: Record<string, unknown>
}

/** Writes one audit row; inside the caller's transaction when given a client. */
export async function audit (db: pg.PoolClient | pg.Pool, e: AuditEntry): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5)',
    [e.actor, e.action, e.targetType, e.targetId ?? null, e.details === undefined ? null : JSON.stringify(e.details)])
}

/** The audit actor for a REST request's API key. */
export function apiActor (key: { id: number, name: string } | undefined): string {
  return key === undefined ? 'api:unknown' : `api:${key.name}#${key.id}`
}
