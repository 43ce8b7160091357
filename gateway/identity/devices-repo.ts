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
  /** an MQTT session of the device is open (on some node) */
  online: boolean
  lastSeenAt: string | null
  batteryPct: number | null
  lat: number | null
  lon: number | null
  /** where a fixed device is installed: alerts without a fix use it */
  install: { lat: number, lon: number, address: string | null } | null
}

/** A change to a device; null clears (the install position's lat and lon go together). */
export interface DevicePatch {
  name?: string | null
  personId?: string | null
  installLat?: number | null
  installLon?: number | null
  installAddress?: string | null
}

export interface NewDevice {
  id: string
  kind: DeviceKind
  codec: Codec
  name?: string
  personId?: string
}

const COLUMNS = 'id, kind, codec, name, person_id, created_at, revoked_at, online, last_seen_at, battery_pct, lat, lon, install_lat, install_lon, install_address'

function toDevice (r: any): Device {
  return {
    id: r.id,
    kind: r.kind,
    codec: r.codec,
    name: r.name,
    personId: r.person_id,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    online: r.online ?? false,
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    batteryPct: r.battery_pct,
    lat: r.lat,
    lon: r.lon,
    install: r.install_lat === null ? null : { lat: r.install_lat, lon: r.install_lon, address: r.install_address }
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

  /**
   * Applies the fields given (null clears); returns the device before and after, undefined when
   * there is no active device with this id.
   */
  async update (id: string, p: DevicePatch): Promise<{ before: Device, after: Device } | undefined> {
    return await inTransaction(this.pool, async (client) => {
      const { rows: old } = await client.query(`SELECT ${COLUMNS} FROM devices WHERE id = $1 AND revoked_at IS NULL FOR UPDATE`, [id])
      if (old.length === 0) return undefined
      const has = (k: keyof DevicePatch): boolean => p[k] !== undefined
      const { rows } = await client.query(
        `UPDATE devices SET name = CASE WHEN $2 THEN $3 ELSE name END, person_id = CASE WHEN $4 THEN $5 ELSE person_id END,
            install_lat = CASE WHEN $6 THEN $7 ELSE install_lat END, install_lon = CASE WHEN $6 THEN $8 ELSE install_lon END,
            install_address = CASE WHEN $9 THEN $10 ELSE install_address END
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, has('name'), p.name ?? null, has('personId'), p.personId ?? null, has('installLat'), p.installLat ?? null, p.installLon ?? null,
          has('installAddress'), p.installAddress ?? null])
      return { before: toDevice(old[0]), after: toDevice(rows[0]) }
    })
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
