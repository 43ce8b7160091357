import type pg from 'pg'
import type { ClassifiedAlert } from '../types.js'

/**
 * Persist, step 1 — exact dedup, inside the persist transaction: the unique (device_id, alert_id)
 * recognises QoS 1 redelivery and offline replays, and PostgreSQL's constraint makes it hold when
 * two nodes race. One statement for the whole group-commit batch.
 */

/**
 * Inserts the alerts in one statement. Per alert its row id, or undefined when (device_id, alert_id)
 * exists already or earlier in the batch (waits for an in-flight twin in another transaction to commit).
 *
 * `incidentIds`: per alert, the id of the incident it will open if correlation opens one (null: its
 * rule opens none), written into the row now so that the row is written once; the foreign key is
 * checked at commit, by when the incident exists or the row was linked to the one it joined.
 */
export async function insertAlertsOnce (client: pg.PoolClient, cs: ClassifiedAlert[], incidentIds: Array<string | null>): Promise<Array<number | undefined>> {
  const rows = cs.map((c, i) => {
    const a = c.alert
    return {
      incident_id: incidentIds[i],
      device_id: c.source.deviceId,
      alert_id: a.alertId,
      kind: a.kind,
      seq: a.message.seq ?? null,
      triggered_ms: a.triggeredAt,
      rule_id: c.rule.id,
      category: c.rule.category,
      priority: c.rule.priority,
      lat: a.location?.lat ?? null,
      lon: a.location?.lon ?? null,
      accuracy_m: a.location?.accuracyM ?? null,
      battery_pct: a.batteryPct ?? null,
      heart_rate_bpm: a.heartRateBpm ?? null,
      payload: a.message
    }
  })
  // Sorted by key: two batches inserting overlapping keys take their locks in the same order.
  const { rows: inserted } = await client.query<{ id: string, device_id: string, alert_id: string }>(
    `INSERT INTO alerts (incident_id, device_id, alert_id, kind, seq, triggered_at, rule_id, category, priority, lat, lon, accuracy_m, battery_pct, heart_rate_bpm, payload)
     SELECT incident_id, device_id, alert_id, kind, seq, to_timestamp(triggered_ms / 1000.0), rule_id, category, priority, lat, lon, accuracy_m, battery_pct, heart_rate_bpm, payload
       FROM jsonb_to_recordset($1::jsonb) AS a(incident_id uuid, device_id text, alert_id text, kind text, seq bigint, triggered_ms float8, rule_id text, category text,
                                               priority smallint, lat float8, lon float8, accuracy_m real, battery_pct smallint, heart_rate_bpm smallint, payload jsonb)
      ORDER BY device_id, alert_id
     ON CONFLICT (device_id, alert_id) DO NOTHING RETURNING id, device_id, alert_id`,
    [JSON.stringify(rows)])
  const idOf = new Map(inserted.map(r => [`${r.device_id}\n${r.alert_id}`, Number(r.id)]))
  return cs.map((c) => {
    const key = `${c.source.deviceId}\n${c.alert.alertId}`
    const id = idOf.get(key)
    idOf.delete(key) // a repeat later in the batch is a duplicate of this one
    return id
  })
}

export interface Original { incidentId: string | null, incidentNumber: string | null }

/** The incident each (device, alert id) went to, for answering duplicates. */
export async function findOriginals (client: pg.PoolClient, keys: Array<{ deviceId: string, alertId: string }>): Promise<Original[]> {
  const { rows } = await client.query<{ device_id: string, alert_id: string, incident_id: string | null, number: string | null }>(
    `SELECT a.device_id, a.alert_id, a.incident_id, i.number FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id
      WHERE (a.device_id, a.alert_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [keys.map(k => k.deviceId), keys.map(k => k.alertId)])
  const byKey = new Map(rows.map(r => [`${r.device_id}\n${r.alert_id}`, r]))
  return keys.map((k) => {
    const r = byKey.get(`${k.deviceId}\n${k.alertId}`)
    return { incidentId: r?.incident_id ?? null, incidentNumber: r?.number ?? null }
  })
}
