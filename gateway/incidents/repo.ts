import type pg from 'pg'
import { incidentDistanceSql, type NearFilter } from './near.js'

export interface IncidentSummary {
  id: string
  number: string
  state: string
  kind: string
  category: string
  priority: number
  ruleId: string
  deviceId: string
  personId: string | null
  zoneId: string | null
  lat: number | null
  lon: number | null
  alertCount: number
  firstTriggeredAt: string
  openedAt: string
  lastAlertAt: string
  updatedAt: string
  assignedResponderId: string | null
  assignedAt: string | null
  onSceneAt: string | null
  escalationLevel: number
  /** metres from the `near` point, only when listing near one */
  distanceM?: number
}

export interface IncidentFilter {
  state?: string[]
  priority?: number[]
  category?: string
  device?: string
  since?: string
  cursor?: string
  limit: number
  near?: NearFilter
}

const COLUMNS = `id, number, state, kind, category, priority, rule_id, device_id, person_id, zone_id, lat, lon, alert_count,
  first_triggered_at, opened_at, last_alert_at, updated_at, assigned_responder_id, assigned_at, on_scene_at, escalation_level`

function toSummary (r: any): IncidentSummary {
  return {
    id: r.id,
    number: r.number,
    state: r.state,
    kind: r.kind,
    category: r.category,
    priority: r.priority,
    ruleId: r.rule_id,
    deviceId: r.device_id,
    personId: r.person_id,
    zoneId: r.zone_id,
    lat: r.lat,
    lon: r.lon,
    alertCount: r.alert_count,
    firstTriggeredAt: r.first_triggered_at.toISOString(),
    openedAt: r.opened_at.toISOString(),
    lastAlertAt: r.last_alert_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    assignedResponderId: r.assigned_responder_id ?? null,
    assignedAt: r.assigned_at?.toISOString() ?? null,
    onSceneAt: r.on_scene_at?.toISOString() ?? null,
    escalationLevel: r.escalation_level ?? 0
  }
}

/**
 * opened_at with PostgreSQL's microseconds, by summary: a cursor built from the millisecond ISO
 * `openedAt` would skip incidents opened earlier within the same millisecond.
 */
const exactOpenedAt = new WeakMap<IncidentSummary, string>()
const EXACT_OPENED_AT = `to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS opened_at_exact`

/** The cursor that continues a list after `last` (an item `list` returned). */
export function cursorAfter (last: IncidentSummary): string {
  return encodeCursor(exactOpenedAt.get(last) ?? last.openedAt, last.id)
}

/** Opaque keyset cursor over (opened_at, id), newest first. */
export function encodeCursor (openedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([openedAt, id])).toString('base64url')
}

export function decodeCursor (cursor: string): [string, string] | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) return [v[0], v[1]]
  } catch {}
  return undefined
}

export class IncidentsRepo {
  constructor (private readonly pool: pg.Pool) {}

  async list (f: IncidentFilter, after?: [string, string]): Promise<IncidentSummary[]> {
    // near: incidents without a position never match; the order (and so the cursor) stays newest first
    const distance = incidentDistanceSql('$9::float8', '$10::float8')
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS}, ${EXACT_OPENED_AT}, CASE WHEN $9::float8 IS NULL THEN NULL ELSE ${distance} END AS distance_m FROM incidents
        WHERE ($1::text[] IS NULL OR state = ANY($1))
          AND ($2::int[] IS NULL OR priority = ANY($2))
          AND ($3::text IS NULL OR category = $3)
          AND ($4::text IS NULL OR device_id = $4 OR id IN (SELECT incident_id FROM alerts WHERE device_id = $4))
          AND ($5::timestamptz IS NULL OR opened_at >= $5)
          AND ($6::timestamptz IS NULL OR (opened_at, id) < ($6, $7::uuid))
          AND ($9::float8 IS NULL OR (lat IS NOT NULL AND lon IS NOT NULL AND ${distance} <= $11::float8))
        ORDER BY opened_at DESC, id DESC
        LIMIT $8`,
      [f.state ?? null, f.priority ?? null, f.category ?? null, f.device ?? null, f.since ?? null, after?.[0] ?? null, after?.[1] ?? null, f.limit,
        f.near?.lat ?? null, f.near?.lon ?? null, f.near?.radiusM ?? null])
    return rows.map(r => {
      const s = r.distance_m === null ? toSummary(r) : { ...toSummary(r), distanceM: r.distance_m }
      exactOpenedAt.set(s, r.opened_at_exact)
      return s
    })
  }

  /** By uuid or by incident number. */
  async get (idOrNumber: string): Promise<IncidentSummary | undefined> {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrNumber)
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM incidents WHERE ${byId ? 'id = $1::uuid' : 'number = $1'}`, [idOrNumber])
    return rows[0] === undefined ? undefined : toSummary(rows[0])
  }

  async timeline (incidentId: string): Promise<any[]> {
    const { rows } = await this.pool.query(
      'SELECT id, at, actor, type, from_state, to_state, reason, data FROM incident_events WHERE incident_id = $1 ORDER BY id', [incidentId])
    return rows.map(r => ({ id: Number(r.id), at: r.at.toISOString(), actor: r.actor, type: r.type, fromState: r.from_state, toState: r.to_state, reason: r.reason, data: r.data }))
  }

  async offers (incidentId: string): Promise<any[]> {
    const { rows } = await this.pool.query(
      'SELECT id, responder_id, state, distance_m, created_at, expires_at, delivered_at, answered_at, attempt FROM offers WHERE incident_id = $1 ORDER BY created_at, id', [incidentId])
    return rows.map(r => ({ id: r.id, responderId: r.responder_id, state: r.state, distanceM: r.distance_m, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at.toISOString(), deliveredAt: r.delivered_at?.toISOString() ?? null, answeredAt: r.answered_at?.toISOString() ?? null, attempt: r.attempt }))
  }
}
