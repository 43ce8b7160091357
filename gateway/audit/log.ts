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
  await auditMany(db, [e])
}

/** Writes several audit rows in one statement, in their order. */
export async function auditMany (db: pg.PoolClient | pg.Pool, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  await db.query(
    `INSERT INTO audit_log (actor, action, target_type, target_id, details)
     SELECT actor, action, target_type, target_id, details FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[]) WITH ORDINALITY
       AS e(actor, action, target_type, target_id, details, n) ORDER BY n`,
    [entries.map(e => e.actor), entries.map(e => e.action), entries.map(e => e.targetType), entries.map(e => e.targetId ?? null),
      entries.map(e => e.details === undefined ? null : JSON.stringify(e.details))])
}

/** The audit actor for a REST request's API key. */
export function apiActor (key: { id: number, name: string } | undefined): string {
  return key === undefined ? 'api:unknown' : `api:${key.name}#${key.id}`
}
