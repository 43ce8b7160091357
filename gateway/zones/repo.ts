import type pg from 'pg'
import { bboxOf, type BBox, type ZoneGeometry } from './geometry.js'

export interface Zone {
  id: string
  name: string
  geometry: ZoneGeometry
  bbox: BBox
  createdAt: string
  updatedAt: string
}

const COLUMNS = 'id, name, geometry, min_lat, min_lon, max_lat, max_lon, created_at, updated_at'

function toZone (r: any): Zone {
  return {
    id: r.id,
    name: r.name,
    geometry: r.geometry,
    bbox: { minLat: r.min_lat, minLon: r.min_lon, maxLat: r.max_lat, maxLon: r.max_lon },
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString()
  }
}

/** Zones in PostgreSQL: the one copy every node reads. Geometry must be validated by the caller. */
export class ZonesRepo {
  constructor (private readonly pool: pg.Pool) {}

  async create (z: { id: string, name: string, geometry: ZoneGeometry }): Promise<Zone> {
    const b = bboxOf(z.geometry)
    const { rows } = await this.pool.query(
      `INSERT INTO zones (id, name, geometry, min_lat, min_lon, max_lat, max_lon)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [z.id, z.name, JSON.stringify(z.geometry), b.minLat, b.minLon, b.maxLat, b.maxLon])
    return toZone(rows[0])
  }

  async update (id: string, z: { name: string, geometry: ZoneGeometry }): Promise<Zone | undefined> {
    const b = bboxOf(z.geometry)
    const { rows } = await this.pool.query(
      `UPDATE zones SET name = $2, geometry = $3, min_lat = $4, min_lon = $5, max_lat = $6, max_lon = $7, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, z.name, JSON.stringify(z.geometry), b.minLat, b.minLon, b.maxLat, b.maxLon])
    return rows[0] === undefined ? undefined : toZone(rows[0])
  }

  async delete (id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM zones WHERE id = $1', [id])
    return rowCount === 1
  }

  async get (id: string): Promise<Zone | undefined> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM zones WHERE id = $1`, [id])
    return rows[0] === undefined ? undefined : toZone(rows[0])
  }

  /** Keyset pagination by id. */
  async list (opts: { after?: string, limit: number }): Promise<Zone[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM zones WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [opts.after ?? null, opts.limit])
    return rows.map(toZone)
  }
}
