import type pg from 'pg'
import { INCIDENT_NUMBER_SQL } from '../incidents/numbers.js'
import type { ClassifiedAlert } from './types.js'

/**
 * Stage 2 — dedup, enforced by PostgreSQL inside the persist transaction, so two nodes racing agree:
 * exact repeats by the unique (device_id, alert_id); correlated repeats by the unique partial index
 * on the correlation key of open incidents. Every step takes a whole group-commit batch in one
 * statement; the single-alert forms are the same statements with one row.
 */

const OPEN = "i.state NOT IN ('RESOLVED', 'CLOSED', 'CANCELLED')"

/**
 * Inserts the alerts in one statement. Per alert its row id, or undefined when (device_id, alert_id)
 * exists already or earlier in the batch (waits for an in-flight twin in another transaction to commit).
 */
export async function insertAlertsOnce (client: pg.PoolClient, cs: ClassifiedAlert[]): Promise<Array<number | undefined>> {
  const rows = cs.map((c) => {
    const a = c.alert
    return {
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
  const { rows: inserted } = await client.query(
    `INSERT INTO alerts (device_id, alert_id, kind, seq, triggered_at, rule_id, category, priority, lat, lon, accuracy_m, battery_pct, heart_rate_bpm, payload)
     SELECT device_id, alert_id, kind, seq, to_timestamp(triggered_ms / 1000.0), rule_id, category, priority, lat, lon, accuracy_m, battery_pct, heart_rate_bpm, payload
       FROM jsonb_to_recordset($1::jsonb) AS a(device_id text, alert_id text, kind text, seq bigint, triggered_ms float8, rule_id text, category text,
                                               priority smallint, lat float8, lon float8, accuracy_m real, battery_pct smallint, heart_rate_bpm smallint, payload jsonb)
      ORDER BY device_id, alert_id
     ON CONFLICT (device_id, alert_id) DO NOTHING RETURNING id, device_id, alert_id`,
    [JSON.stringify(rows)])
  const idOf = new Map(inserted.map(r => [`${r.device_id as string}\n${r.alert_id as string}`, Number(r.id)]))
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
  const { rows } = await client.query(
    `SELECT a.device_id, a.alert_id, a.incident_id, i.number FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id
      WHERE (a.device_id, a.alert_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [keys.map(k => k.deviceId), keys.map(k => k.alertId)])
  const byKey = new Map(rows.map(r => [`${r.device_id as string}\n${r.alert_id as string}`, r]))
  return keys.map((k) => {
    const r = byKey.get(`${k.deviceId}\n${k.alertId}`)
    return { incidentId: r?.incident_id ?? null, incidentNumber: r?.number ?? null }
  })
}

export interface IncidentRef { id: string, number: string, opened: boolean, state: string, /** the whole row, when opened */ row?: any }

/** A classified alert, and its row once stored (the incident it joins or opens is linked to it in the same statement). */
export type StoredAlert = ClassifiedAlert & { alertRowId?: number }

/**
 * Joins the open incident with this correlation key when its last alert is within the window,
 * else opens one. The window slides: each joined alert extends it.
 */
export async function joinOrOpenIncident (client: pg.PoolClient, c: StoredAlert): Promise<IncidentRef> {
  return (await joinOrOpenIncidents(client, [c]))[0]
}

/** The same for alerts with distinct correlation keys, two statements per round for all of them. */
export async function joinOrOpenIncidents (client: pg.PoolClient, cs: StoredAlert[]): Promise<IncidentRef[]> {
  const refs = new Map<string, IncidentRef>()
  let todo = cs
  for (let attempt = 0; attempt < 5 && todo.length > 0; attempt++) {
    for (const r of await joinOpen(client, todo)) refs.set(r.key, r.ref)
    todo = todo.filter(c => !refs.has(c.correlationKey))
    if (todo.length === 0) break
    for (const r of await openNew(client, todo)) refs.set(r.key, r.ref)
    // Keys left: another transaction opened theirs between our UPDATE and INSERT; go round and join.
    todo = todo.filter(c => !refs.has(c.correlationKey))
  }
  if (todo.length > 0) throw new Error(`could not join or open an incident for ${todo[0].correlationKey}`)
  return cs.map(c => refs.get(c.correlationKey) as IncidentRef)
}

/**
 * One round trip for both: join the incident within the window, or detach one whose window has
 * passed (it keeps its state but stops collecting repeats). Only one whose window has passed: an
 * incident another transaction committed meanwhile is within it, and must be joined, not detached.
 */
async function joinOpen (client: pg.PoolClient, cs: StoredAlert[]): Promise<Array<{ key: string, ref: IncidentRef }>> {
  const { rows } = await client.query(
    `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(key text, window_s float8, priority smallint, alert_row bigint)),
     joined AS (
       UPDATE incidents i SET alert_count = i.alert_count + 1, last_alert_at = now(), updated_at = now(), priority = LEAST(i.priority, x.priority)
         FROM x WHERE i.correlation_key = x.key AND ${OPEN} AND i.last_alert_at > now() - make_interval(secs => x.window_s)
       RETURNING x.key, x.alert_row, i.id, i.number, i.state
     ), linked AS (
       UPDATE alerts a SET incident_id = j.id FROM joined j WHERE a.id = j.alert_row
     ), detached AS (
       UPDATE incidents i SET correlation_key = NULL
         FROM x WHERE i.correlation_key = x.key AND ${OPEN} AND i.last_alert_at <= now() - make_interval(secs => x.window_s)
       RETURNING i.id
     )
     SELECT key, id, number, state FROM joined`,
    [JSON.stringify(cs.map(c => ({ key: c.correlationKey, window_s: c.rule.correlation.windowS, priority: c.rule.priority, alert_row: c.alertRowId ?? null })))])
  return rows.map(r => ({ key: r.key, ref: { id: r.id, number: r.number, state: r.state, opened: false } }))
}

async function openNew (client: pg.PoolClient, cs: StoredAlert[]): Promise<Array<{ key: string, ref: IncidentRef }>> {
  const { rows } = await client.query(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(kind text, category text, priority smallint, rule_id text, device_id text, person_id text,
              lat float8, lon float8, key text, window_s int, triggered_ms float8, zone_id text, dispatch_policy jsonb, escalation_policy jsonb, radius_m float8, alert_row bigint)
     ), opened AS (
     INSERT INTO incidents (number, kind, category, priority, rule_id, device_id, person_id, lat, lon, correlation_key, correlation_window_s,
                            first_triggered_at, zone_id, dispatch_policy, escalation_policy, dispatch_radius_m)
     SELECT ${INCIDENT_NUMBER_SQL}, kind, category, priority, rule_id, device_id, person_id, lat, lon, key, window_s,
            to_timestamp(triggered_ms / 1000.0), zone_id, dispatch_policy, escalation_policy, radius_m
       FROM (SELECT x.*, nextval('incident_number_seq') AS n FROM x ORDER BY key) x
     ON CONFLICT (correlation_key) WHERE correlation_key IS NOT NULL AND state NOT IN ('RESOLVED', 'CLOSED', 'CANCELLED') DO NOTHING
     RETURNING *
     ), linked AS (
       UPDATE alerts a SET incident_id = o.id FROM opened o JOIN x ON x.key = o.correlation_key WHERE a.id = x.alert_row
     )
     SELECT * FROM opened`,
    [JSON.stringify(cs.map(({ rule, alert, source, correlationKey, zoneId, alertRowId }) => ({
      kind: alert.kind,
      category: rule.category,
      priority: rule.priority,
      rule_id: rule.id,
      device_id: source.deviceId,
      person_id: source.personId,
      lat: alert.location?.lat ?? null,
      lon: alert.location?.lon ?? null,
      key: correlationKey,
      window_s: rule.correlation.windowS,
      triggered_ms: alert.triggeredAt,
      zone_id: zoneId ?? null,
      dispatch_policy: rule.dispatch ?? null,
      escalation_policy: rule.escalation ?? null,
      radius_m: rule.dispatch?.radiusM ?? null,
      alert_row: alertRowId ?? null
    })))])
  return rows.map(row => ({ key: row.correlation_key, ref: { id: row.id, number: row.number, state: row.state, opened: true, row } }))
}
