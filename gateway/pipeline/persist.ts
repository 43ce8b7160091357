import type pg from 'pg'
import { inTransaction } from '../storage/transaction.js'
import { appendEvent } from '../incidents/timeline.js'
import { offerToNearest } from '../dispatch/offers.js'
import { findOriginal, insertAlertOnce, joinOrOpenIncident } from './dedup.js'
import type { AlertSource, ClassifiedAlert, OutboxMessage, PersistResult, Rejection } from './types.js'

/**
 * Stage 4 — persist. Kept behind this interface so a local journal can stand in while PostgreSQL
 * is unreachable (a later issue). When persist resolves, the alert is durable: the PUBACK follows.
 */
export interface AlertStore {
  persist: (alert: ClassifiedAlert) => Promise<PersistResult>
  deadLetter: (source: AlertSource, rejection: Rejection) => Promise<void>
}

export class PgAlertStore implements AlertStore {
  constructor (private readonly pool: pg.Pool) {}

  /** One transaction: alert (exact dedup), incident insert or join (correlation), timeline, offers + outbox. */
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

      let outbox: OutboxMessage[] = []
      if (incident.opened && c.rule.dispatch !== undefined) {
        const location = c.alert.location ?? await lastKnownLocation(client, c.source.deviceId)
        if (location === undefined) {
          await appendEvent(client, incident.id, { actor: 'system', type: 'no_location', reason: 'the alert carried no location and the device has none on record' })
        } else {
          outbox = await offerToNearest(client, {
            incidentId: incident.id,
            incidentNumber: incident.number,
            kind: c.alert.kind,
            category: c.rule.category,
            priority: c.rule.priority,
            deviceId: c.source.deviceId,
            triggeredAt: c.alert.triggeredAt,
            location
          }, c.rule.dispatch)
        }
      }
      return { status: 'ACCEPTED', incidentId: incident.id, incidentNumber: incident.number, opened: incident.opened, outbox }
    })
  }

  async deadLetter (source: AlertSource, rejection: Rejection): Promise<void> {
    await this.pool.query(
      'INSERT INTO dead_letters (device_id, topic, payload, reason_code, reason) VALUES ($1, $2, $3, $4, $5)',
      [source.deviceId, source.topic, source.raw, rejection.code, rejection.reason])
  }
}

async function lastKnownLocation (client: pg.PoolClient, deviceId: string): Promise<{ lat: number, lon: number } | undefined> {
  const { rows } = await client.query('SELECT lat, lon FROM devices WHERE id = $1 AND lat IS NOT NULL', [deviceId])
  return rows[0] === undefined ? undefined : { lat: rows[0].lat, lon: rows[0].lon }
}
