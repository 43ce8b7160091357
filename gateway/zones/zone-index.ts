import type pg from 'pg'
import type { Logger } from 'pino'
import { approxAreaM2, bboxOf, containsPoint, inBBox, validateGeometry, type BBox, type ZoneGeometry } from './geometry.js'

interface IndexedZone {
  id: string
  geometry: ZoneGeometry
  bbox: BBox
  areaM2: number
}

/**
 * A fingerprint of the zones table. max(updated_at) and count(*) alone miss a change whose
 * transaction started before (so has an older now()) but committed after the newest one; the sum of
 * per-row hashes of (id, updated_at) changes with any insert, update or delete.
 */
const FINGERPRINT_SQL = `SELECT count(*)::int AS n, max(updated_at) AS latest,
  coalesce(sum(hashtext(id || '@' || extract(epoch FROM updated_at)::text)), 0)::text AS h FROM zones`

const fingerprintOf = (r: { n: number, latest: Date | null, h: string }): string => `${r.n}|${r.latest?.toISOString() ?? '-'}|${r.h}`

/**
 * All zones in memory for point-in-polygon at ingest (no database round trip on the alert path).
 * Zones live in PostgreSQL, so every node polls a cheap fingerprint and reloads when it changes; a
 * node that changed a zone itself calls refresh() at once.
 *
 * Overlaps: the smallest zone (by area) containing the point wins, so a building inside a campus
 * inside a district gets the building; equal areas fall to the lowest id, so every node agrees.
 */
export class ZoneIndex {
  private zones: IndexedZone[] = []
  private fingerprint: string | undefined
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private queued: Promise<void> | undefined
  private polling = false

  constructor (private readonly pool: pg.Pool, private readonly log: Logger, private readonly opts: { pollMs?: number } = {}) {}

  /** Whether the first load has completed; until then locate() knows no zones. */
  get loaded (): boolean {
    return this.fingerprint !== undefined
  }

  get size (): number {
    return this.zones.length
  }

  /** Loads the zones, then polls for changes. */
  async start (): Promise<void> {
    await this.refresh()
    if (this.timer !== undefined) return
    this.timer = setInterval(() => { void this.poll() }, this.opts.pollMs ?? 2000)
    this.timer.unref()
  }

  stop (): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  /** Resolves once zones have been loaded at least once (loading them if nobody has yet). */
  async ready (): Promise<void> {
    if (!this.loaded) await this.refresh()
  }

  /**
   * Reloads from the database. A call made while a load runs gets one more load after it, since
   * the running load's snapshot may predate the change the caller just committed.
   */
  async refresh (): Promise<void> {
    if (this.queued !== undefined) return await this.queued
    if (this.running === undefined) return await this.run()
    this.queued = this.running.catch(() => {}).then(async () => {
      this.queued = undefined
      await this.run()
    })
    return await this.queued
  }

  /** The zone containing the point, or null; smallest area wins among overlapping zones. */
  locate (lat: number, lon: number): string | null {
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null
    let best: IndexedZone | undefined
    for (const z of this.zones) { // sorted by id, so a strict < keeps the lowest id on a tie
      if (!inBBox(lat, lon, z.bbox)) continue
      if (best !== undefined && z.areaM2 >= best.areaM2) continue
      if (containsPoint(z.geometry, lat, lon)) best = z
    }
    return best?.id ?? null
  }

  private async run (): Promise<void> {
    const p = this.load().finally(() => { if (this.running === p) this.running = undefined })
    this.running = p
    await p
  }

  private async poll (): Promise<void> {
    if (this.polling || this.running !== undefined) return
    this.polling = true
    try {
      const { rows } = await this.pool.query(FINGERPRINT_SQL)
      if (fingerprintOf(rows[0]) !== this.fingerprint) await this.refresh()
    } catch (err) {
      this.log.warn({ err }, 'zone poll failed; keeping the zones loaded before')
    } finally {
      this.polling = false
    }
  }

  private async load (): Promise<void> {
    // One statement, one snapshot: the fingerprint matches exactly the rows loaded with it.
    const { rows } = await this.pool.query(
      `WITH f AS (${FINGERPRINT_SQL})
       SELECT f.n, f.latest, f.h, z.id, z.geometry
         FROM f LEFT JOIN zones z ON true ORDER BY z.id`)
    const zones: IndexedZone[] = []
    for (const r of rows) {
      if (r.id === null) continue
      try {
        const geometry = validateGeometry(r.geometry)
        // bbox from the geometry itself, so a hand-edited row cannot hide a zone behind a stale box
        zones.push({ id: r.id, geometry, bbox: bboxOf(geometry), areaM2: approxAreaM2(geometry) })
      } catch (err) {
        // Written around the API (e.g. by hand): one bad zone must not take the others down.
        this.log.error({ zoneId: r.id, err }, 'zone skipped: invalid geometry')
      }
    }
    this.zones = zones
    const changed = this.fingerprint !== undefined
    this.fingerprint = fingerprintOf(rows[0])
    this.log[changed ? 'info' : 'debug']({ zones: zones.length }, 'zones loaded')
  }
}
