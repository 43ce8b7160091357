import type pg from 'pg'
import { OFFER_COLUMNS, offerFromRow, type IncidentOffer, type OfferRow } from './offer.js'
import { INCIDENT_COLUMNS, incidentFromRow, viewSql, type Incident, type IncidentListItem, type IncidentLocation, type IncidentViewRow } from './incident.js'
import { incidentDistanceSql, type NearFilter } from './near.js'
import type { IncidentState } from './state-machine.js'
import { TIMELINE_COLUMNS, timelineEntryFromRow, type TimelineEntry, type TimelineRow } from './timeline.js'

export interface IncidentFilter {
  state?: IncidentState[]
  priority?: number[]
  category?: string
  device?: string
  since?: string
  cursor?: string
  limit: number
  near?: NearFilter
}

/**
 * opened_at with PostgreSQL's microseconds, by summary: a cursor built from the millisecond ISO
 * `openedAt` would skip incidents opened earlier within the same millisecond.
 */
const exactOpenedAt = new WeakMap<Incident, string>()
const EXACT_OPENED_AT = 'to_char(opened_at AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') AS opened_at_exact'

/** The cursor that continues a list after `last` (an item `list` returned). */
export function cursorAfter (last: Incident): string {
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

  async list (f: IncidentFilter, after?: [string, string]): Promise<IncidentListItem[]> {
    // near: incidents without a position never match; the order (and so the cursor) stays newest first
    const distance = incidentDistanceSql('$9::float8', '$10::float8')
    const { rows } = await this.pool.query<IncidentViewRow & { opened_at_exact: string, distance_m: number | null }>(viewSql(
      `SELECT ${INCIDENT_COLUMNS}, ${EXACT_OPENED_AT}, CASE WHEN $9::float8 IS NULL THEN NULL ELSE ${distance} END AS distance_m FROM incidents
        WHERE ($1::text[] IS NULL OR state = ANY($1))
          AND ($2::int[] IS NULL OR priority = ANY($2))
          AND ($3::text IS NULL OR category = $3)
          AND ($4::text IS NULL OR device_id = $4 OR id IN (SELECT incident_id FROM alerts WHERE device_id = $4))
          AND ($5::timestamptz IS NULL OR opened_at >= $5)
          AND ($6::timestamptz IS NULL OR (opened_at, id) < ($6, $7::uuid))
          AND ($9::float8 IS NULL OR (lat IS NOT NULL AND lon IS NOT NULL AND ${distance} <= $11::float8))
        ORDER BY opened_at DESC, id DESC
        LIMIT $8`, 'ORDER BY i.opened_at DESC, i.id DESC'),
    [f.state ?? null, f.priority ?? null, f.category ?? null, f.device ?? null, f.since ?? null, after?.[0] ?? null, after?.[1] ?? null, f.limit,
      f.near?.lat ?? null, f.near?.lon ?? null, f.near?.radiusM ?? null])
    return rows.map(r => {
      const s: IncidentListItem = r.distance_m === null ? incidentFromRow(r) : { ...incidentFromRow(r), distanceM: r.distance_m }
      exactOpenedAt.set(s, r.opened_at_exact)
      return s
    })
  }

  /** By uuid or by incident number. */
  async get (idOrNumber: string): Promise<Incident | undefined> {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrNumber)
    const { rows } = await this.pool.query<IncidentViewRow>(viewSql(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE ${byId ? 'id = $1::uuid' : 'number = $1'}`), [idOrNumber])
    return rows[0] === undefined ? undefined : incidentFromRow(rows[0])
  }

  /** Where the incident has been, oldest first. */
  async locations (incidentId: string): Promise<IncidentLocation[]> {
    const { rows } = await this.pool.query<{ at: Date, lat: number, lon: number, accuracy_m: number | null, source: IncidentLocation['source'] }>(
      'SELECT at, lat, lon, accuracy_m, source FROM incident_locations WHERE incident_id = $1 ORDER BY at, id', [incidentId])
    return rows.map(r => ({ at: r.at.toISOString(), lat: r.lat, lon: r.lon, accuracyM: r.accuracy_m, source: r.source }))
  }

  async timeline (incidentId: string): Promise<TimelineEntry[]> {
    const { rows } = await this.pool.query<Omit<TimelineRow, 'incident_id'>>(
      `SELECT ${TIMELINE_COLUMNS} FROM incident_events WHERE incident_id = $1 ORDER BY id`, [incidentId])
    return rows.map(timelineEntryFromRow)
  }

  async offers (incidentId: string): Promise<IncidentOffer[]> {
    const { rows } = await this.pool.query<OfferRow>(
      `SELECT ${OFFER_COLUMNS} FROM offers WHERE incident_id = $1 ORDER BY created_at, id`, [incidentId])
    return rows.map(offerFromRow)
  }
}
