import type pg from 'pg'
import { inTransaction } from '../storage/transaction.js'
import { appendEvent } from '../incidents/timeline.js'
import type { DispatchEngine } from '../dispatch/engine.js'
import { Outgoing } from '../dispatch/outgoing.js'
import { findOriginal, insertAlertOnce, joinOrOpenIncident } from './dedup.js'
import type { AlertSource, ClassifiedAlert, PersistResult, Rejection } from './types.js'

/**
 * Stage 4 — persist. Kept behind this interface so a local journal can stand in while PostgreSQL
 * is unreachable (a later issue). When persist resolves, the alert is durable: the PUBACK follows.
 */
export interface AlertStore {
  persist: (alert: ClassifiedAlert) => Promise<PersistResult>
  deadLetter: (source: AlertSource, rejection: Rejection) => Promise<void>
}

export class PgAlertStore implements AlertStore {
  constructor (private readonly pool: pg.Pool, private readonly engine: DispatchEngine) {}

  /** One transaction: alert (exact dedup), incident insert or join (correlation), timeline, dispatch start + outbox. */
  async persist (c: ClassifiedAlert): Promise<PersistResult> {
    return await inTransaction(this.pool, async (client) => {
      const alertRowId = await insertAlertOnce(client, c)
      if (alertRowId === undefined) {
        return { status: 'DUPLICATE', ...await findOriginal(client, c.source.deviceId, c.alert.alertId) }
      }
      if (!c.rule.openIncident) return { status: 'ACCEPTED', incidentId: null, incidentNumber: null, opened: false, outbox: [] }

      const incident = await joinOrOpenIncident(client, c)
      await client.query('UPDATE alerts SET incident_id = $1 WHERE id = $2', [incident.id, alertRowId])
      const actor = `device:${c.source.deviceId}`
      await appendEvent(client, incident.id, incident.opened
        ? { actor, type: 'opened', toState: 'NEW', reason: `${c.alert.kind} alert ${c.alert.alertId}`, data: { rule: c.rule.id, priority: c.rule.priority, category: c.rule.category } }
        : { actor, type: 'alert_joined', reason: `${c.alert.kind} alert ${c.alert.alertId}` })

      const out = new Outgoing()
      if (incident.opened) {
        const row = c.alert.location === undefined ? await useLastKnownLocation(client, incident.id, c.source.deviceId) ?? incident.row : incident.row
        await this.engine.onOpened(client, out, row, c.rule)
      }
      const outbox = await out.flush(client)
      return { status: 'ACCEPTED', incidentId: incident.id, incidentNumber: incident.number, opened: incident.opened, outbox }
    })
  }

  async deadLetter (source: AlertSource, rejection: Rejection): Promise<void> {
    await insertDeadLetter(this.pool, { principalId: source.deviceId, topic: source.topic, payload: source.raw, code: rejection.code, reason: rejection.reason })
  }
}

/** An alert without a position: the incident takes the device's last known one (from telemetry), if any. */
/** Keeps a malformed payload for forensics (devices' and responders' alike). */
export async function insertDeadLetter (db: pg.Pool | pg.PoolClient, d: { principalId: string, topic: string, payload: Buffer, code: string, reason: string }): Promise<void> {
  await db.query(
    'INSERT INTO dead_letters (device_id, topic, payload, reason_code, reason) VALUES ($1, $2, $3, $4, $5)',
    [d.principalId, d.topic, d.payload, d.code, d.reason])
}

async function useLastKnownLocation (client: pg.PoolClient, incidentId: string, deviceId: string): Promise<any | undefined> {
  const { rows } = await client.query(
    `UPDATE incidents i SET lat = d.lat, lon = d.lon FROM devices d
      WHERE i.id = $1 AND d.id = $2 AND d.lat IS NOT NULL RETURNING i.*`, [incidentId, deviceId])
  return rows[0]
}
