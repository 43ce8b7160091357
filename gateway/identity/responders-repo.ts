import type pg from 'pg'
import { inTransaction } from '../storage/transaction.js'
import { insertPrincipal, revokePrincipal } from './principals-repo.js'
import type { Codec } from './devices-repo.js'
import { greatCircleMetersSql } from '../storage/geo-sql.js'

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
  currentIncidentId: string | null
}

export interface ResponderPatch {
  status?: ResponderStatus
  lat?: number
  lon?: number
  name?: string
  roles?: string[]
  zones?: string[]
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

const COLUMNS = 'id, name, roles, zones, codec, status, online, lat, lon, location_at, created_at, revoked_at, current_incident_id'

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
    revokedAt: r.revoked_at?.toISOString() ?? null,
    currentIncidentId: r.current_incident_id ?? null
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

  async list (opts: { after?: string, limit: number, includeRevoked?: boolean, available?: boolean }): Promise<Responder[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM responders
        WHERE ($1::text IS NULL OR id > $1) AND ($2 OR revoked_at IS NULL)
          AND ($4::boolean IS NULL OR (status = 'available' AND revoked_at IS NULL) = $4)
        ORDER BY id LIMIT $3`,
      [opts.after ?? null, opts.includeRevoked === true, opts.limit, opts.available ?? null])
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

  /** Status, location, name, roles, zones set by a dispatcher (or status by the app); undefined when unknown. */
  async update (id: string, u: ResponderPatch): Promise<Responder | undefined> {
    const hasLocation = u.lat !== undefined && u.lon !== undefined
    const { rows } = await this.pool.query(
      `UPDATE responders SET status = COALESCE($2, status),
          lat = CASE WHEN $5 THEN $3 ELSE lat END, lon = CASE WHEN $5 THEN $4 ELSE lon END,
          location_at = CASE WHEN $5 THEN now() ELSE location_at END,
          name = COALESCE($6, name), roles = COALESCE($7, roles), zones = COALESCE($8, zones)
        WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
      [id, u.status ?? null, u.lat ?? null, u.lon ?? null, hasLocation, u.name ?? null, u.roles ?? null, u.zones ?? null])
    return rows[0] === undefined ? undefined : toResponder(rows[0])
  }

  /**
   * Active responders nearest first from a point, within `radiusM`, with their distance; only those
   * with a known location; `available` true: only those free for an offer, false: only those not.
   */
  async near (q: { lat: number, lon: number, radiusM: number, available?: boolean, limit: number }): Promise<Array<Responder & { distanceM: number }>> {
    const distance = greatCircleMetersSql('responders', '$1::float8', '$2::float8')
    const { rows } = await this.pool.query(
      `SELECT * FROM (
         SELECT ${COLUMNS}, ${distance} AS distance_m FROM responders
          WHERE revoked_at IS NULL AND lat IS NOT NULL AND lon IS NOT NULL
            AND ($4::boolean IS NULL OR (status = 'available') = $4)
       ) r WHERE distance_m <= $3 ORDER BY distance_m, id LIMIT $5`,
      [q.lat, q.lon, q.radiusM, q.available ?? null, q.limit])
    return rows.map(r => ({ ...toResponder(r), distanceM: r.distance_m }))
  }

  /** Offers waiting for this responder's answer, oldest first. */
  async pendingOffers (id: string): Promise<Array<{ offerId: string, incidentId: string, incidentNumber: string, expiresAt: string, attempt: number }>> {
    const { rows } = await this.pool.query(
      `SELECT o.id, o.incident_id, i.number, o.expires_at, o.attempt FROM offers o JOIN incidents i ON i.id = o.incident_id
        WHERE o.responder_id = $1 AND o.state = 'pending' AND o.expires_at > now() ORDER BY o.created_at`, [id])
    return rows.map(r => ({ offerId: r.id, incidentId: r.incident_id, incidentNumber: r.number, expiresAt: r.expires_at.toISOString(), attempt: r.attempt }))
  }

  /**
   * Presence, per node: a connect records which node holds the session; a disconnect clears it only
   * if that node still does (a session taken over by another node stays online).
   */
  async setOnline (id: string, online: boolean, node: string): Promise<void> {
    if (online) {
      await this.pool.query('UPDATE responders SET online = true, online_node = $2 WHERE id = $1', [id, node])
    } else {
      await this.pool.query('UPDATE responders SET online = false, online_node = NULL WHERE id = $1 AND (online_node = $2 OR online_node IS NULL)', [id, node])
    }
  }
}
