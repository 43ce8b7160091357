import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { digestApiKey } from './secrets.js'
import { isDatabaseUnavailable } from '../storage/availability.js'

/**
 * How long a key verified against PostgreSQL may still be admitted from memory while PostgreSQL is
 * away: a control room reloading its dashboards during an outage must get back in, and keys are
 * not revoked often (a revocation needs PostgreSQL, so it is seen by every node once it is back).
 */
const REMEMBER_MS = 24 * 60 * 60 * 1000

export type ApiRole = 'admin' | 'dispatcher' | 'viewer'

export interface ApiKeyIdentity {
  id: number
  role: ApiRole
  name: string
}

export function generateApiKey (): string {
  return 'flr_' + randomBytes(32).toString('base64url')
}

export class ApiKeysRepo {
  /** keys this node verified, by digest, and when: what it admits while PostgreSQL is away */
  private readonly verified = new Map<string, { identity: ApiKeyIdentity, at: number }>()

  /** `databaseAway`: the node is degraded, so find() answers from memory without waiting on PostgreSQL. */
  constructor (private readonly pool: pg.Pool, public databaseAway: () => boolean = () => false) {}

  async create (key: string, role: ApiRole, name: string): Promise<ApiKeyIdentity> {
    const { rows } = await this.pool.query(
      'INSERT INTO api_keys (key_hash, role, name) VALUES ($1, $2, $3) RETURNING id, role, name',
      [digestApiKey(key), role, name])
    return { id: Number(rows[0].id), role: rows[0].role, name: rows[0].name }
  }

  /** Idempotent: seeding the same key on every start (ADMIN_API_KEY) is harmless, also on several nodes. */
  async ensure (key: string, role: ApiRole, name: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO api_keys (key_hash, role, name) VALUES ($1, $2, $3) ON CONFLICT (key_hash) DO NOTHING',
      [digestApiKey(key), role, name])
  }

  /**
   * The key's identity, from PostgreSQL; while PostgreSQL is away, from what this node verified in
   * the last day (an unknown key is refused then too).
   */
  async find (key: string): Promise<ApiKeyIdentity | undefined> {
    const digest = digestApiKey(key)
    if (this.databaseAway()) return this.remembered(digest)
    let rows
    try {
      rows = (await this.pool.query('SELECT id, role, name FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [digest])).rows
    } catch (err) {
      if (isDatabaseUnavailable(err)) return this.remembered(digest)
      throw err
    }
    if (rows[0] === undefined) {
      this.verified.delete(digest)
      return undefined
    }
    const identity: ApiKeyIdentity = { id: Number(rows[0].id), role: rows[0].role, name: rows[0].name }
    this.verified.set(digest, { identity, at: Date.now() })
    return identity
  }

  private remembered (digest: string): ApiKeyIdentity | undefined {
    const v = this.verified.get(digest)
    return v !== undefined && Date.now() - v.at <= REMEMBER_MS ? v.identity : undefined
  }
}
