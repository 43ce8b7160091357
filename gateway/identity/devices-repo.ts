import type pg from 'pg'
import { inTransaction } from '../storage/transaction.js'
import { insertPrincipal, revokePrincipal } from './principals-repo.js'

/** `panel`: an alarm panel reporting over SIA DC-09 (gateway/dc09), provisioned as an alarm account */
export type DeviceKind = 'button' | 'wearable' | 'phone' | 'panel'
export type Codec = 'protobuf' | 'json'

export interface Device {
  id: string
  kind: DeviceKind
  codec: Codec
  name: string | null
  personId: string | null
  createdAt: string
  revokedAt: string | null
  lastSeenAt: string | null
  batteryPct: number | null
  lat: number | null
  lon: number | null
}

export interface NewDevice {
  id: string
  kind: DeviceKind
  codec: Codec
  name?: string
  personId?: string
}

const COLUMNS = 'id, kind, codec, name, person_id, created_at, revoked_at, last_seen_at, battery_pct, lat, lon'

function toDevice (r: any): Device {
  return {
    id: r.id,
    kind: r.kind,
    codec: r.codec,
    name: r.name,
    personId: r.person_id,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    batteryPct: r.battery_pct,
    lat: r.lat,
    lon: r.lon
  }
}

export class DevicesRepo {
  constructor (private readonly pool: pg.Pool) {}

  async create (d: NewDevice, secretHash: string): Promise<Device> {
    return await inTransaction(this.pool, async (client) => {
      await insertPrincipal(client, d.id, 'device', secretHash)
      const { rows } = await client.query(
        `INSERT INTO devices (id, kind, codec, name, person_id) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [d.id, d.kind, d.codec, d.name ?? null, d.personId ?? null])
      return toDevice(rows[0])
    })
  }

  async get (id: string): Promise<Device | undefined> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM devices WHERE id = $1`, [id])
    return rows[0] === undefined ? undefined : toDevice(rows[0])
  }

  /** Keyset pagination by id: `after` is the last id of the previous page. */
  async list (opts: { after?: string, limit: number, includeRevoked?: boolean }): Promise<Device[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM devices
        WHERE ($1::text IS NULL OR id > $1) AND ($2 OR revoked_at IS NULL)
        ORDER BY id LIMIT $3`,
      [opts.after ?? null, opts.includeRevoked === true, opts.limit])
    return rows.map(toDevice)
  }

  /** Returns false when there is no such device or it was revoked already. */
  async revoke (id: string): Promise<boolean> {
    return await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query('UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id])
      if (rowCount === 0) return false
      await revokePrincipal(client, id)
      return true
    })
  }
}
