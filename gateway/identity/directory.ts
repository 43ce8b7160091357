import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { ClientPrincipal } from '../../broker/acl.js'
import type { PrincipalDirectory } from '../../broker/authenticate.js'
import { PgListener } from '../storage/listener.js'
import type { SecretDigest } from './secret-digest.js'

/** The channel the principals tables' triggers notify with a changed principal's id. */
export const PRINCIPALS_CHANNEL = 'flare_principals'

/** Older scrypt hashes are slow to check; one that verified is remembered this long (until it is upgraded). */
const SCRYPT_CACHE_TTL_MS = 5 * 60_000
const SCRYPT_CACHE_MAX = 100_000

/** What the alert path reads of a device, current (not as at its CONNECT). */
export interface DeviceDetails {
  personId: string | null
  /** where a fixed device is installed: stands in for an alert's missing fix */
  install: { lat: number, lon: number, address: string | null } | null
}

interface Entry {
  principal: ClientPrincipal
  secretHash: string
  /** the secret before a rotation, still accepted until `until` (ms since 1970) */
  previous?: { hash: string, until: number }
  revoked: boolean
  device?: DeviceDetails
}

interface PrincipalRow {
  id: string
  kind: ClientPrincipal['kind']
  secret_hash: string
  previous_secret_hash: string | null
  previous_valid_until: Date | null
  revoked: boolean
  has_device: boolean
  device_kind: ClientPrincipal['deviceKind'] | null
  device_codec: ClientPrincipal['codec'] | null
  person_id: string | null
  roles: string[] | null
  zones: string[] | null
  responder_codec: ClientPrincipal['codec'] | null
  install_lat: number | null
  install_lon: number | null
  install_address: string | null
}

const SELECT_PRINCIPALS = `SELECT p.id, p.kind, p.secret_hash, p.previous_secret_hash, p.previous_valid_until, p.revoked_at IS NOT NULL AS revoked,
    d.id IS NOT NULL AS has_device, d.kind AS device_kind, d.codec AS device_codec, d.person_id,
    r.roles, r.zones, r.codec AS responder_codec, d.install_lat, d.install_lon, d.install_address
  FROM principals p LEFT JOIN devices d ON d.id = p.id LEFT JOIN responders r ON r.id = p.id`

/** A principals row as what a CONNECT needs; undefined for a device whose device row is missing. */
function entryFromRow (r: PrincipalRow): Entry | undefined {
  const previous = r.previous_secret_hash === null || r.previous_valid_until === null ? undefined : { hash: r.previous_secret_hash, until: r.previous_valid_until.getTime() }
  const base = { secretHash: r.secret_hash, previous, revoked: r.revoked }
  if (r.kind === 'responder') {
    return { ...base, principal: { kind: 'responder', id: r.id, roles: r.roles ?? [], zones: r.zones ?? [], codec: r.responder_codec ?? 'json' } }
  }
  if (r.kind === 'device') {
    if (!r.has_device) return undefined
    const install = r.install_lat === null || r.install_lon === null ? null : { lat: r.install_lat, lon: r.install_lon, address: r.install_address }
    return {
      ...base,
      principal: { kind: 'device', id: r.id, deviceKind: r.device_kind ?? 'button', codec: r.device_codec ?? 'json', personId: r.person_id },
      device: { personId: r.person_id, install }
    }
  }
  return { ...base, principal: { kind: r.kind, id: r.id } }
}

/**
 * MQTT authentication from memory: every node holds the principals (loaded at start, kept current
 * by the NOTIFY that the principals, devices and responders tables' triggers send), so a CONNECT
 * needs no database round trip and still works while PostgreSQL is unreachable. A principal not
 * in memory yet (provisioned a moment ago, its notification still on the way) is looked up once.
 * Revocation is applied at once on every node through the broker's revocation message, before its
 * notification arrives. A secret that does not match is checked once more against PostgreSQL, in
 * case it changed just now.
 */
export class CachedDirectory implements PrincipalDirectory {
  private entries = new Map<string, Entry>()
  private readonly listener: PgListener
  private readonly pendingIds = new Set<string>()
  private refreshTimer: NodeJS.Timeout | undefined
  private readonly scryptVerified = new Map<string, number>()

  constructor (private readonly pool: pg.Pool, private readonly digest: SecretDigest, private readonly log: Logger) {
    this.listener = new PgListener(pool, log, {
      channel: PRINCIPALS_CHANNEL,
      applicationName: 'flare-principals',
      onNotification: (id) => { if (id !== undefined) this.changed(id) },
      // Notifications sent while the session was down are lost: read everything again.
      onReconnected: () => { this.loadAll().catch((err) => this.log.warn({ err }, 'principals reload failed')) }
    })
  }

  /** How many principals are held in memory. */
  get size (): number {
    return this.entries.size
  }

  async start (): Promise<void> {
    await this.listener.start()
    await this.loadAll()
  }

  async stop (): Promise<void> {
    clearTimeout(this.refreshTimer)
    await this.listener.stop()
  }

  async authenticate (id: string, secret: string): Promise<{ principal: ClientPrincipal } | { refused: 'unknown' | 'bad_secret' | 'revoked' }> {
    const entry = this.entries.get(id) ?? await this.fetchOne(id)
    if (entry === undefined) return { refused: 'unknown' }
    if (entry.revoked) return { refused: 'revoked' }
    if (await this.accepts(entry, secret)) return { principal: entry.principal }
    // The secret may have changed a moment ago (an enrolment gives a fresh one, and the app connects
    // at once) with the notification still on its way: PostgreSQL is asked once before refusing.
    const fresh = await this.fetchOne(id)
    if (fresh === undefined || fresh.secretHash === entry.secretHash) return { refused: 'bad_secret' }
    if (fresh.revoked) return { refused: 'revoked' }
    return await this.accepts(fresh, secret) ? { principal: fresh.principal } : { refused: 'bad_secret' }
  }

  /** A principal a trusted client certificate names: it must exist and not be revoked (no secret). */
  async certified (id: string): Promise<{ principal: ClientPrincipal } | { refused: 'unknown' | 'revoked' }> {
    // Not cached as unknown: a device provisioned a moment ago is looked up.
    const entry = this.entries.get(id) ?? await this.fetchOne(id)
    if (entry === undefined) return { refused: 'unknown' }
    return entry.revoked ? { refused: 'revoked' } : { principal: entry.principal }
  }

  /** The device's details as last read (kept current by the devices table's notifications); undefined when unknown. */
  device (id: string): DeviceDetails | undefined {
    return this.entries.get(id)?.device
  }

  /** Reads these principals again now (after a change made here, so this node need not wait for its notification). */
  async reload (ids: string[]): Promise<void> {
    await this.refresh(ids)
  }

  revoked (id: string): void {
    const entry = this.entries.get(id)
    if (entry !== undefined) entry.revoked = true
  }

  private async loadAll (): Promise<void> {
    const { rows } = await this.pool.query<PrincipalRow>(SELECT_PRINCIPALS)
    const next = new Map<string, Entry>()
    for (const r of rows) {
      const e = entryFromRow(r)
      if (e !== undefined) next.set(r.id, e)
    }
    this.entries = next
    this.log.info({ principals: next.size }, 'principals loaded')
  }

  /** A principal not in memory: read it once (a miss on an unreachable database is a refusal). */
  private async fetchOne (id: string): Promise<Entry | undefined> {
    try {
      const { rows } = await this.pool.query<PrincipalRow>(`${SELECT_PRINCIPALS} WHERE p.id = $1`, [id])
      const e = rows[0] === undefined ? undefined : entryFromRow(rows[0])
      if (e !== undefined) this.entries.set(id, e)
      return e
    } catch (err) {
      this.log.warn({ err, id }, 'principal lookup failed; CONNECT refused')
      return undefined
    }
  }

  /** Changes arrive one id per row; those close together are read in one query. */
  private changed (id: string): void {
    this.pendingIds.add(id)
    if (this.refreshTimer !== undefined) return
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined
      const ids = [...this.pendingIds]
      this.pendingIds.clear()
      this.refresh(ids).catch((err) => {
        this.log.warn({ err, count: ids.length }, 'principal refresh failed; retrying')
        for (const i of ids) this.changed(i)
      })
    }, 5)
  }

  private async refresh (ids: string[]): Promise<void> {
    const { rows } = await this.pool.query<PrincipalRow>(`${SELECT_PRINCIPALS} WHERE p.id = ANY($1::text[])`, [ids])
    const found = new Map(rows.map(r => [r.id, entryFromRow(r)]))
    for (const id of ids) {
      const e = found.get(id)
      if (e === undefined) this.entries.delete(id)
      else this.entries.set(id, e)
    }
  }

  /** The current secret, or the one before a rotation while its grace period lasts. */
  private async accepts (entry: Entry, secret: string): Promise<boolean> {
    if (await this.checkSecret(entry, secret)) return true
    const previous = entry.previous
    return previous !== undefined && previous.until > Date.now() && await this.digest.verify(secret, previous.hash)
  }

  private async checkSecret (entry: Entry, secret: string): Promise<boolean> {
    const stored = entry.secretHash
    if (!this.digest.isOutdated(stored)) return await this.digest.verify(secret, stored)
    const key = createHash('sha256').update(stored).update('\0').update(secret).digest('base64')
    const until = this.scryptVerified.get(key)
    if (until === undefined || until <= Date.now()) {
      if (!await this.digest.verify(secret, stored)) return false
      if (this.scryptVerified.size >= SCRYPT_CACHE_MAX) this.scryptVerified.clear()
      this.scryptVerified.set(key, Date.now() + SCRYPT_CACHE_TTL_MS)
    }
    this.upgrade(entry, secret)
    return true
  }

  /** Replaces a verified scrypt hash by the fast digest; if the database is away, the next CONNECT tries again. */
  private upgrade (entry: Entry, secret: string): void {
    const old = entry.secretHash
    const next = this.digest.digest(secret)
    this.pool.query('UPDATE principals SET secret_hash = $2 WHERE id = $1 AND secret_hash = $3', [entry.principal.id, next, old])
      .then(() => { if (entry.secretHash === old) entry.secretHash = next })
      .catch((err) => this.log.warn({ err, id: entry.principal.id }, 'could not upgrade a scrypt secret hash; it stays valid'))
  }
}
