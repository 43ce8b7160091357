import type pg from 'pg'
import type { Logger } from 'pino'
import type { Codec } from '../codec/wire.js'

/** What degraded dispatch needs to know of a responder. */
export interface RosterEntry {
  id: string
  name: string
  roles: string[]
  zones: string[]
  codec: Codec
  status: 'available' | 'busy' | 'off_duty'
  lat: number | null
  lon: number | null
}

interface RosterRow {
  id: string
  name: string
  roles: string[]
  zones: string[]
  codec: Codec
  status: RosterEntry['status']
  lat: number | null
  lon: number | null
}

// The same radius as the SQL (gateway/storage/geo-sql.ts), so both pick the same responders.
const EARTH_RADIUS_M = 6_371_000

/** Great-circle (haversine) distance in metres, the same formula as the SQL of responder selection. */
export function greatCircleM (lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180
  const dLat = (lat2 - lat1) * rad
  const dLon = (lon2 - lon1) * rad
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)))
}

/**
 * The node's own view of the responders, for dispatch while PostgreSQL is away: read from
 * PostgreSQL every few seconds while it answers, and kept current from the responders' own location
 * messages and from what degraded dispatch itself changes (a responder who accepts is busy).
 */
export class Roster {
  private entries = new Map<string, RosterEntry>()
  private timer: NodeJS.Timeout | undefined

  constructor (private readonly pool: pg.Pool, private readonly log: Logger) {}

  get size (): number {
    return this.entries.size
  }

  get (id: string): RosterEntry | undefined {
    return this.entries.get(id)
  }

  async refresh (): Promise<void> {
    const { rows } = await this.pool.query<RosterRow>(
      'SELECT id, name, roles, zones, codec, status, lat, lon FROM responders WHERE revoked_at IS NULL')
    this.entries = new Map(rows.map(r => [r.id, { ...r }]))
  }

  /** Reads now, then every `everyMs`; a failed read keeps the view it had. */
  async start (everyMs: number): Promise<void> {
    await this.refresh().catch((err) => this.log.warn({ err }, 'roster read failed'))
    const tick = (): void => {
      this.refresh().catch((err) => this.log.debug({ err }, 'roster read failed; keeping the last one'))
        .finally(() => { if (this.timer !== undefined) { this.timer = setTimeout(tick, everyMs); this.timer.unref() } })
    }
    this.timer = setTimeout(tick, everyMs)
    this.timer.unref()
  }

  stop (): void {
    const t = this.timer
    this.timer = undefined
    clearTimeout(t)
  }

  moved (id: string, lat: number, lon: number): void {
    const e = this.entries.get(id)
    if (e !== undefined) { e.lat = lat; e.lon = lon }
  }

  /** A change made over REST (name, roles, zones, status, location): applied at once, not at the next read. */
  changed (e: RosterEntry): void {
    this.entries.set(e.id, { ...e })
  }

  setStatus (id: string, status: RosterEntry['status']): void {
    const e = this.entries.get(id)
    if (e !== undefined) e.status = status
  }

  /** Available responders with one of `roles` (any when empty) within `radiusM`, nearest first. */
  nearest (lat: number, lon: number, roles: string[], radiusM: number, exclude: Set<string>): Array<RosterEntry & { distanceM: number }> {
    const found: Array<RosterEntry & { distanceM: number }> = []
    for (const e of this.entries.values()) {
      if (e.status !== 'available' || e.lat === null || e.lon === null || exclude.has(e.id)) continue
      if (roles.length > 0 && !e.roles.some(r => roles.includes(r))) continue
      const distanceM = greatCircleM(lat, lon, e.lat, e.lon)
      if (distanceM <= radiusM) found.push({ ...e, distanceM })
    }
    return found.sort((a, b) => a.distanceM - b.distanceM || a.id.localeCompare(b.id))
  }
}
