import type pg from 'pg'
import { INCIDENT_NUMBER_SQL } from '../incidents/numbers.js'
import type { ClassifiedAlert } from './types.js'

/**
 * Stage 2 — dedup, enforced by PostgreSQL inside the persist transaction, so two nodes racing agree:
 * exact repeats by the unique (device_id, alert_id); correlated repeats by the unique partial index
 * on the correlation key of open incidents.
 */

const OPEN = "state NOT IN ('RESOLVED', 'CLOSED', 'CANCELLED')"

/** Inserts the alert; undefined when (device_id, alert_id) exists (waits for an in-flight twin to commit). */
export async function insertAlertOnce (client: pg.PoolClient, c: ClassifiedAlert): Promise<number | undefined> {
  const a = c.alert
  const { rows } = await client.query(
    `INSERT INTO alerts (device_id, alert_id, kind, seq, triggered_at, rule_id, category, priority, lat, lon, accuracy_m, battery_pct, heart_rate_bpm, payload)
     VALUES ($1, $2, $3, $4, to_timestamp($5 / 1000.0), $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (device_id, alert_id) DO NOTHING RETURNING id`,
    [c.source.deviceId, a.alertId, a.kind, a.message.seq ?? null, a.triggeredAt, c.rule.id, c.rule.category, c.rule.priority,
      a.location?.lat ?? null, a.location?.lon ?? null, a.location?.accuracyM ?? null, a.batteryPct ?? null, a.heartRateBpm ?? null,
      JSON.stringify(a.message)])
  return rows[0] === undefined ? undefined : Number(rows[0].id)
}

export async function findOriginal (client: pg.PoolClient, deviceId: string, alertId: string): Promise<{ incidentId: string | null, incidentNumber: string | null }> {
  const { rows } = await client.query(
    'SELECT a.incident_id, i.number FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id WHERE a.device_id = $1 AND a.alert_id = $2',
    [deviceId, alertId])
  return { incidentId: rows[0]?.incident_id ?? null, incidentNumber: rows[0]?.number ?? null }
}

export interface IncidentRef { id: string, number: string, opened: boolean, state: string, /** the whole row, when opened */ row?: any }

/**
 * Joins the open incident with this correlation key when its last alert is within the window,
 * else opens one. The window slides: each joined alert extends it.
 */
export async function joinOrOpenIncident (client: pg.PoolClient, c: ClassifiedAlert): Promise<IncidentRef> {
  const { rule, alert, source, correlationKey } = c
  const windowS = rule.correlation.windowS
  for (let attempt = 0; attempt < 5; attempt++) {
    // One round trip for both: join the incident within the window, or detach one whose window has
    // passed (it keeps its state but stops collecting repeats). Only one whose window has passed: an
    // incident another transaction committed meanwhile is within it, and must be joined, not detached.
    const joined = await client.query(
      `WITH joined AS (
         UPDATE incidents SET alert_count = alert_count + 1, last_alert_at = now(), updated_at = now(), priority = LEAST(priority, $3)
          WHERE correlation_key = $1 AND ${OPEN} AND last_alert_at > now() - make_interval(secs => $2)
          RETURNING id, number, state
       ), detached AS (
         UPDATE incidents SET correlation_key = NULL
          WHERE correlation_key = $1 AND ${OPEN} AND last_alert_at <= now() - make_interval(secs => $2)
          RETURNING id
       )
       SELECT id, number, state FROM joined`,
      [correlationKey, windowS, rule.priority])
    if (joined.rows.length > 0) return { id: joined.rows[0].id, number: joined.rows[0].number, state: joined.rows[0].state, opened: false }

    const opened = await client.query(
      `INSERT INTO incidents (number, kind, category, priority, rule_id, device_id, person_id, lat, lon, correlation_key, correlation_window_s,
                              first_triggered_at, zone_id, dispatch_policy, escalation_policy, dispatch_radius_m)
       SELECT ${INCIDENT_NUMBER_SQL}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, to_timestamp($11 / 1000.0), $12, $13, $14, $15
         FROM (SELECT nextval('incident_number_seq') AS n) seq
       ON CONFLICT (correlation_key) WHERE correlation_key IS NOT NULL AND ${OPEN} DO NOTHING
       RETURNING *`,
      [alert.kind, rule.category, rule.priority, rule.id, source.deviceId, source.personId,
        alert.location?.lat ?? null, alert.location?.lon ?? null, correlationKey, windowS, alert.triggeredAt, c.zoneId ?? null,
        rule.dispatch === undefined ? null : JSON.stringify(rule.dispatch), rule.escalation === undefined ? null : JSON.stringify(rule.escalation),
        rule.dispatch?.radiusM ?? null])
    if (opened.rows.length > 0) {
      const row = opened.rows[0]
      return { id: row.id, number: row.number, state: row.state, opened: true, row }
    }
    // Another transaction opened it between our UPDATE and INSERT: go round and join it.
  }
  throw new Error(`could not join or open an incident for ${correlationKey}`)
}
