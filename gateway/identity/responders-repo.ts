import type pg from 'pg'
import { inTransaction } from '../storage/transaction.js'
import { insertPrincipal, revokePrincipal } from './principals-repo.js'
import type { Codec } from './devices-repo.js'

export type ResponderStatus = 'available' | 'busy' | 'off_duty'

export interface Responder {
  id: string
  name: string
  roles: string[]
  zones: string[]
  codec: Codec
  status: ResponderStatus
  online: boolean
  lat: number | null
  lon: number | null
  locationAt: string | null
  createdAt: string
  revokedAt: string | null
}

export interface NewResponder {
  id: string
  name: string
  roles: string[]
  zones: string[]
  codec: Codec
  lat?: number
  lon?: number
}

const COLUMNS = 'id, name, roles, zones, codec, status, online, lat, lon, location_at, created_at, revoked_at'

function toResponder (r: any): Responder {
  return {
    id: r.id,
    name: r.name,
    roles: r.roles,
    zones: r.zones,
    codec: r.codec,
    status: r.status,
    online: r.online,
    lat: r.lat,
    lon: r.lon,
    locationAt: r.location_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null
  }
}

export class RespondersRepo {
  constructor (private readonly pool: pg.Pool) {}

  async create (r: NewResponder, secretHash: string): Promise<Responder> {
    return await inTransaction(this.pool, async (client) => {
      await insertPrincipal(client, r.id, 'responder', secretHash)
      const hasLocation = r.lat !== undefined && r.lon !== undefined
      const { rows } = await client.query(
        `INSERT INTO responders (id, name, roles, zones, codec, lat, lon, location_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN now() END) RETURNING ${COLUMNS}`,
        [r.id, r.name, r.roles, r.zones, r.codec, hasLocation ? r.lat : null, hasLocation ? r.lon : null, hasLocation])
      return toResponder(rows[0])
    })
  }

  async get (id: string): Promise<Responder | undefined> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM responders WHERE id = $1`, [id])
    return rows[0] === undefined ? undefined : toResponder(rows[0])
  }

  async list (opts: { after?: string, limit: number, includeRevoked?: boolean }): Promise<Responder[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM responders
        WHERE ($1::text IS NULL OR id > $1) AND ($2 OR revoked_at IS NULL)
        ORDER BY id LIMIT $3`,
      [opts.after ?? null, opts.includeRevoked === true, opts.limit])
    return rows.map(toResponder)
  }

  async revoke (id: string): Promise<boolean> {
    return await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query('UPDATE responders SET revoked_at = now(), online = false WHERE id = $1 AND revoked_at IS NULL', [id])
      if (rowCount === 0) return false
      await revokePrincipal(client, id)
      return true
    })
  }

  async setOnline (id: string, online: boolean): Promise<void> {
    await this.pool.query('UPDATE responders SET online = $2 WHERE id = $1', [id, online])
  }
}
