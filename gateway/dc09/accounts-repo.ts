import type pg from 'pg'
import { Type, type Static } from 'typebox'
import { insertPrincipal, revokePrincipal } from '../identity/principals-repo.js'
import { inTransaction } from '../storage/transaction.js'
import { EVENT_TARGETS, type EventMap } from './event-map.js'
import type { FrameQuirks } from './frame.js'

/** The alarm account's public shape (REST), and through Static its TypeScript type. The key is never shown. */
export const AlarmAccountSchema = Type.Object({
  id: Type.String(),
  account: Type.String(),
  receiver: Type.Union([Type.String(), Type.Null()]),
  line: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  encrypted: Type.Boolean({ description: 'whether an AES key is set: the panel must then encrypt' }),
  personId: Type.Union([Type.String(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  eventMap: Type.Record(Type.String(), Type.Union(EVENT_TARGETS.map(t => Type.Literal(t)))),
  quirks: Type.Object({ crcIncludesCr: Type.Optional(Type.Boolean()), binaryCrc: Type.Optional(Type.Boolean()) }),
  supervisionS: Type.Union([Type.Integer(), Type.Null()]),
  aheadS: Type.Integer(),
  behindS: Type.Integer(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()])
})
export type AlarmAccount = Static<typeof AlarmAccountSchema>

/** What the receiver needs of an account, the key included. */
export interface ReceivingAccount {
  id: string
  account: string
  receiver: string | null
  line: string | null
  key: string | null
  personId: string | null
  lat: number | null
  lon: number | null
  eventMap: EventMap
  quirks: FrameQuirks
  supervisionS: number | null
  aheadS: number
  behindS: number
}

export interface AccountFields {
  account: string
  receiver?: string | null
  line?: string | null
  name: string
  key?: string | null
  personId?: string | null
  lat?: number | null
  lon?: number | null
  address?: string | null
  eventMap?: EventMap
  quirks?: FrameQuirks
  supervisionS?: number | null
  aheadS?: number
  behindS?: number
}

const COLUMNS = `a.id, a.account, a.receiver, a.line, a.name, a.aes_key, d.person_id, a.lat, a.lon, a.address, a.event_map,
  a.quirks, a.supervision_s, a.ahead_s, a.behind_s, a.created_at, a.revoked_at`
const FROM = 'alarm_accounts a JOIN devices d ON d.id = a.id'

function toAccount (r: any): AlarmAccount {
  return {
    id: r.id,
    account: r.account,
    receiver: r.receiver,
    line: r.line,
    name: r.name,
    encrypted: r.aes_key !== null,
    personId: r.person_id,
    lat: r.lat,
    lon: r.lon,
    address: r.address,
    eventMap: r.event_map,
    quirks: r.quirks,
    supervisionS: r.supervision_s,
    aheadS: r.ahead_s,
    behindS: r.behind_s,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null
  }
}

export function toReceiving (r: any): ReceivingAccount {
  return {
    id: r.id,
    account: r.account,
    receiver: r.receiver,
    line: r.line,
    key: r.aes_key,
    personId: r.person_id,
    lat: r.lat,
    lon: r.lon,
    eventMap: r.event_map,
    quirks: r.quirks,
    supervisionS: r.supervision_s,
    aheadS: r.ahead_s,
    behindS: r.behind_s
  }
}

/** Alarm accounts: each one a device of kind `panel` too (same id), so alerts, incidents and liveness treat it as one. */
export class AlarmAccountsRepo {
  constructor (private readonly pool: pg.Pool) {}

  async create (id: string, f: AccountFields, unusableSecretHash: string): Promise<AlarmAccount> {
    await inTransaction(this.pool, async (client) => {
      await insertPrincipal(client, id, 'device', unusableSecretHash)
      await client.query("INSERT INTO devices (id, kind, codec, name, person_id, lat, lon) VALUES ($1, 'panel', 'json', $2, $3, $4, $5)",
        [id, f.name, f.personId ?? null, f.lat ?? null, f.lon ?? null])
      await client.query(
        `INSERT INTO alarm_accounts (id, account, receiver, line, name, aes_key, lat, lon, address, event_map, quirks, supervision_s, ahead_s, behind_s)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [id, f.account.toUpperCase(), f.receiver?.toUpperCase() ?? null, f.line?.toUpperCase() ?? null, f.name, f.key ?? null, f.lat ?? null, f.lon ?? null,
          f.address ?? null, JSON.stringify(f.eventMap ?? {}), JSON.stringify(f.quirks ?? {}), f.supervisionS ?? null, f.aheadS ?? 20, f.behindS ?? 40])
    })
    return await this.get(id) as AlarmAccount
  }

  async get (id: string): Promise<AlarmAccount | undefined> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.id = $1`, [id])
    return rows[0] === undefined ? undefined : toAccount(rows[0])
  }

  async list (opts: { after?: string, limit: number, includeRevoked?: boolean }): Promise<AlarmAccount[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ($1::text IS NULL OR a.id > $1) AND ($2 OR a.revoked_at IS NULL) ORDER BY a.id LIMIT $3`,
      [opts.after ?? null, opts.includeRevoked === true, opts.limit])
    return rows.map(toAccount)
  }

  /** Every active account with its key, for the receiver's memory. */
  async receiving (): Promise<ReceivingAccount[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.revoked_at IS NULL`)
    return rows.map(toReceiving)
  }

  /** Changes the given fields (undefined: unchanged; null: cleared); undefined when there is no active account. */
  async update (id: string, f: Partial<AccountFields>): Promise<AlarmAccount | undefined> {
    const set = (v: unknown): unknown => v === undefined ? null : v
    const changed = await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        `UPDATE alarm_accounts SET
           account = CASE WHEN $2 THEN $3 ELSE account END, receiver = CASE WHEN $4 THEN $5 ELSE receiver END,
           line = CASE WHEN $6 THEN $7 ELSE line END, name = coalesce($8, name), aes_key = CASE WHEN $9 THEN $10 ELSE aes_key END,
           lat = CASE WHEN $11 THEN $12 ELSE lat END, lon = CASE WHEN $11 THEN $13 ELSE lon END,
           address = CASE WHEN $14 THEN $15 ELSE address END, event_map = coalesce($16, event_map), quirks = coalesce($17, quirks),
           supervision_s = CASE WHEN $18 THEN $19 ELSE supervision_s END, ahead_s = coalesce($20, ahead_s), behind_s = coalesce($21, behind_s),
           updated_at = now()
         WHERE id = $1 AND revoked_at IS NULL`,
        [id, f.account !== undefined, f.account?.toUpperCase() ?? null, f.receiver !== undefined, f.receiver?.toUpperCase() ?? null,
          f.line !== undefined, f.line?.toUpperCase() ?? null, set(f.name), f.key !== undefined, f.key ?? null,
          f.lat !== undefined, f.lat ?? null, f.lon ?? null, f.address !== undefined, f.address ?? null,
          f.eventMap === undefined ? null : JSON.stringify(f.eventMap), f.quirks === undefined ? null : JSON.stringify(f.quirks),
          f.supervisionS !== undefined, f.supervisionS ?? null, set(f.aheadS), set(f.behindS)])
      if (rowCount === 0) return false
      await client.query(
        `UPDATE devices SET name = coalesce($2, name), person_id = CASE WHEN $3 THEN $4 ELSE person_id END,
           lat = CASE WHEN $5 THEN $6 ELSE lat END, lon = CASE WHEN $5 THEN $7 ELSE lon END WHERE id = $1`,
        [id, set(f.name), f.personId !== undefined, f.personId ?? null, f.lat !== undefined, f.lat ?? null, f.lon ?? null])
      return true
    })
    return changed ? await this.get(id) : undefined
  }

  async revoke (id: string): Promise<boolean> {
    return await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query('UPDATE alarm_accounts SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id])
      if (rowCount === 0) return false
      await client.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [id])
      await revokePrincipal(client, id)
      return true
    })
  }
}
