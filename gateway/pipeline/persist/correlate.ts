import type pg from 'pg'
import { INCIDENT_NUMBER_SQL } from '../../incidents/numbers.js'
import { INCIDENT_COLUMNS, incidentColumns, type IncidentRow } from '../../incidents/incident.js'
import { openStateSql, type IncidentState } from '../../incidents/state-machine.js'
import { classifiedPosition, type ClassifiedAlert } from '../types.js'

/**
 * Persist, step 2 — correlation (dedup of repeats that are not exact), inside the persist
 * transaction: a repeat of the same kind and correlation key within the rule's window joins the open
 * incident instead of opening another. The unique partial index on the correlation key of open
 * incidents, with INSERT … ON CONFLICT, makes two nodes racing agree on one incident. Every step
 * takes the batch's alerts in one statement; the single-alert form is the same with one row.
 */

const OPEN = openStateSql('i.state')

/**
 * The incident an alert joined, or the one it opened (with its whole row, for dispatch). A joining
 * alert whose position moved the incident has the row as updated, and `firstFix` when the incident
 * had no position before (its dispatch starts now).
 */
export type IncidentRef = { id: string, number: string, state: IncidentState } & (
  | { opened: false, moved?: { row: IncidentRow, firstFix: boolean } }
  | { opened: true, row: IncidentRow })

/**
 * A classified alert, and its row once stored. A stored row carries `plannedIncidentId` already
 * (exact-dedup.ts): the incident takes that id if this alert opens one, and a joining alert's row is
 * linked to the incident it joins in the same statement. Without a row (no alert stored), the
 * incident gets a fresh id.
 */
export type StoredAlert = ClassifiedAlert & { alertRowId?: number, plannedIncidentId?: string }

/**
 * Joins the open incident with this correlation key when its last alert is within the window,
 * else opens one. The window slides: each joined alert extends it.
 */
export async function joinOrOpenIncident (client: pg.PoolClient, c: StoredAlert): Promise<IncidentRef> {
  return (await joinOrOpenIncidents(client, [c]))[0]
}

/**
 * Items split into rounds for joinOrOpenIncidents: round k holds the k-th item of each key, in the
 * order given, so no round has a key twice and a key's items keep their order across rounds.
 */
export function correlationRounds (items: Array<{ i: number, key: string }>): number[][] {
  const rounds: number[][] = []
  const seen = new Map<string, number>()
  for (const { i, key } of items) {
    const k = seen.get(key) ?? 0
    seen.set(key, k + 1)
    if (rounds[k] === undefined) rounds[k] = [i]
    else rounds[k].push(i)
  }
  return rounds
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
 *
 * The incident follows its caller: a joining alert's fix becomes the incident's position (and a row
 * of its location history); an install location only stands in while the incident has none.
 */
async function joinOpen (client: pg.PoolClient, cs: StoredAlert[]): Promise<Array<{ key: string, ref: IncidentRef }>> {
  // o: the row as it was before this statement, to tell a first position from a move
  const moves = "x.lat IS NOT NULL AND (x.pos_source = 'alert' OR o.lat IS NULL)"
  const { rows } = await client.query<IncidentRow & { key: string, moved: boolean, first_fix: boolean }>(
    `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(key text, window_s float8, priority smallint, alert_row bigint,
                                                                 lat float8, lon float8, accuracy_m real, pos_source text)),
     joined AS (
       UPDATE incidents i SET alert_count = i.alert_count + 1, last_alert_at = now(), updated_at = now(), priority = LEAST(i.priority, x.priority),
              lat = CASE WHEN ${moves} THEN x.lat ELSE i.lat END, lon = CASE WHEN ${moves} THEN x.lon ELSE i.lon END,
              location_updated_at = CASE WHEN ${moves} THEN now() ELSE i.location_updated_at END
         FROM x, incidents o
        WHERE o.id = i.id AND i.correlation_key = x.key AND ${OPEN} AND i.last_alert_at > now() - make_interval(secs => x.window_s)
       RETURNING x.key, x.alert_row, x.lat AS fix_lat, x.lon AS fix_lon, x.accuracy_m, x.pos_source, ${moves} AS moved, (o.lat IS NULL AND x.lat IS NOT NULL) AS first_fix,
                 ${incidentColumns('i')}
     ), linked AS (
       UPDATE alerts a SET incident_id = j.id FROM joined j WHERE a.id = j.alert_row
     ), located AS (
       INSERT INTO incident_locations (incident_id, lat, lon, accuracy_m, source)
       SELECT id, fix_lat, fix_lon, accuracy_m, pos_source FROM joined WHERE moved
     ), detached AS (
       UPDATE incidents i SET correlation_key = NULL
         FROM x WHERE i.correlation_key = x.key AND ${OPEN} AND i.last_alert_at <= now() - make_interval(secs => x.window_s)
       RETURNING i.id
     )
     SELECT key, moved, first_fix, ${INCIDENT_COLUMNS} FROM joined`,
    [JSON.stringify(cs.map(c => {
      const p = classifiedPosition(c)
      return { key: c.correlationKey, window_s: c.rule.correlation.windowS, priority: c.rule.priority, alert_row: c.alertRowId ?? null, lat: p?.lat ?? null, lon: p?.lon ?? null, accuracy_m: p?.accuracyM ?? null, pos_source: p?.source ?? null }
    }))])
  return rows.map(({ key, moved, first_fix: firstFix, ...row }) => ({
    key,
    ref: { id: row.id, number: row.number, state: row.state, opened: false as const, moved: moved ? { row, firstFix } : undefined }
  }))
}

async function openNew (client: pg.PoolClient, cs: StoredAlert[]): Promise<Array<{ key: string, ref: IncidentRef }>> {
  const { rows } = await client.query<IncidentRow>(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(kind text, category text, priority smallint, rule_id text, device_id text, person_id text,
              lat float8, lon float8, accuracy_m real, pos_source text, address text, key text, window_s int, triggered_ms float8, zone_id text,
              dispatch_policy jsonb, escalation_policy jsonb, radius_m float8, id uuid)
     ), opened AS (
     INSERT INTO incidents (id, number, kind, category, priority, rule_id, device_id, person_id, lat, lon, location_updated_at, address, correlation_key, correlation_window_s,
                            first_triggered_at, zone_id, dispatch_policy, escalation_policy, dispatch_radius_m)
     SELECT COALESCE(id, gen_random_uuid()), ${INCIDENT_NUMBER_SQL}, kind, category, priority, rule_id, device_id, person_id, lat, lon, CASE WHEN lat IS NOT NULL THEN now() END, address, key, window_s,
            to_timestamp(triggered_ms / 1000.0), zone_id, dispatch_policy, escalation_policy, radius_m
       FROM (SELECT x.*, nextval('incident_number_seq') AS n FROM x ORDER BY key) x
     ON CONFLICT (correlation_key) WHERE correlation_key IS NOT NULL AND ${openStateSql()} DO NOTHING
     RETURNING ${INCIDENT_COLUMNS}
     ), located AS (
       INSERT INTO incident_locations (incident_id, lat, lon, accuracy_m, source)
       SELECT o.id, o.lat, o.lon, x.accuracy_m, x.pos_source FROM opened o JOIN x ON x.key = o.correlation_key WHERE o.lat IS NOT NULL
     )
     SELECT ${INCIDENT_COLUMNS} FROM opened`,
    [JSON.stringify(cs.map(({ rule, alert, source, correlationKey, zoneId, alertRowId, plannedIncidentId, ...c }) => {
      const p = classifiedPosition({ rule, alert, source, correlationKey, zoneId, ...c })
      return {
        kind: alert.kind,
        category: rule.category,
        priority: rule.priority,
        rule_id: rule.id,
        device_id: source.deviceId,
        person_id: source.personId,
        lat: p?.lat ?? null,
        lon: p?.lon ?? null,
        accuracy_m: p?.accuracyM ?? null,
        pos_source: p?.source ?? null,
        // a fixed device's incident is where it is installed
        address: source.install?.address ?? null,
        key: correlationKey,
        window_s: rule.correlation.windowS,
        triggered_ms: alert.triggeredAt,
        zone_id: zoneId ?? null,
        dispatch_policy: rule.dispatch ?? null,
        escalation_policy: rule.escalation ?? null,
        radius_m: rule.dispatch?.radiusM ?? null,
        id: plannedIncidentId ?? null
      }
    }))])
  return rows.map(row => ({ key: row.correlation_key as string, ref: { id: row.id, number: row.number, state: row.state, opened: true as const, row } }))
}
