import type pg from 'pg'
import { requestOrigin } from './context.js'

export interface AuditEntry {
  /** e.g. `api:<key name>`, `responder:<id>`, `system` */
  actor: string
  /** e.g. `incident.transition`, `medical.read`, `device.revoke` */
  action: string
  targetType: string
  targetId?: string | null
  details?: Record<string, unknown>
  /** the caller's address and user agent; by default the REST request's, when it is this actor's */
  ip?: string | null
  userAgent?: string | null
}

/** Writes one audit row; inside the caller's transaction when given a client. */
export async function audit (db: pg.PoolClient | pg.Pool, e: AuditEntry): Promise<void> {
  await auditMany(db, [e])
}

/** Writes several audit rows in one statement, in their order. */
export async function auditMany (db: pg.PoolClient | pg.Pool, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  // Only the request's own actor takes its origin: work a request merely set going (a timer, a
  // dispatch step by `system`) must not be put down to the caller's address.
  const origin = requestOrigin.getStore()
  const from = (e: AuditEntry): { ip: string | null, userAgent: string | null } =>
    e.ip !== undefined || e.userAgent !== undefined || origin === undefined || origin.actor !== e.actor
      ? { ip: e.ip ?? null, userAgent: e.userAgent ?? null }
      : { ip: origin.ip, userAgent: origin.userAgent }
  const origins = entries.map(from)
  await db.query(
    `INSERT INTO audit_log (actor, action, target_type, target_id, details, ip, user_agent)
     SELECT actor, action, target_type, target_id, details, ip, user_agent
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[]) WITH ORDINALITY
       AS e(actor, action, target_type, target_id, details, ip, user_agent, n) ORDER BY n`,
    [entries.map(e => e.actor), entries.map(e => e.action), entries.map(e => e.targetType), entries.map(e => e.targetId ?? null),
      entries.map(e => e.details === undefined ? null : JSON.stringify(e.details)), origins.map(o => o.ip), origins.map(o => o.userAgent)])
}

/**
 * The audit actor for a REST request's caller: `api:<key name>#<id>` for an API key,
 * `user:<username>#<id>` for a person's browser session.
 */
export function apiActor (caller: { id: number, name: string, kind?: 'key' | 'user', username?: string } | undefined): string {
  if (caller === undefined) return 'api:unknown'
  return caller.kind === 'user' ? userActor({ id: caller.id, username: caller.username ?? caller.name }) : `api:${caller.name}#${caller.id}`
}

export function userActor (user: { id: number, username: string }): string {
  return `user:${user.username}#${user.id}`
}
