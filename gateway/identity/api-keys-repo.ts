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

/** A key as an admin sees it (never the key itself, which is shown once, at creation). */
export interface ApiKeyInfo extends ApiKeyIdentity {
  createdAt: string
  revokedAt: string | null
}

function infoOf (r: { id: string, role: ApiRole, name: string, created_at: Date, revoked_at: Date | null }): ApiKeyInfo {
  return { id: Number(r.id), role: r.role, name: r.name, createdAt: r.created_at.toISOString(), revokedAt: r.revoked_at?.toISOString() ?? null }
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

  /** Generates a key, stores its digest and returns both; the key cannot be read back later. */
  async generate (role: ApiRole, name: string): Promise<{ key: string, info: ApiKeyInfo }> {
    const key = generateApiKey()
    const { rows } = await this.pool.query(
      'INSERT INTO api_keys (key_hash, role, name) VALUES ($1, $2, $3) RETURNING id, role, name, created_at, revoked_at',
      [digestApiKey(key), role, name])
    return { key, info: infoOf(rows[0]) }
  }

  /** Ordered by id; revoked keys only when asked for. */
  async list (q: { after?: number, limit: number, includeRevoked?: boolean }): Promise<ApiKeyInfo[]> {
    const { rows } = await this.pool.query(
      `SELECT id, role, name, created_at, revoked_at FROM api_keys
        WHERE ($1::bigint IS NULL OR id > $1) AND ($2 OR revoked_at IS NULL) ORDER BY id LIMIT $3`,
      [q.after ?? null, q.includeRevoked === true, q.limit])
    return rows.map(infoOf)
  }

  async get (id: number): Promise<ApiKeyInfo | undefined> {
    const { rows } = await this.pool.query('SELECT id, role, name, created_at, revoked_at FROM api_keys WHERE id = $1', [id])
    return rows[0] === undefined ? undefined : infoOf(rows[0])
  }

  /** Revokes a key that is not revoked yet; every node refuses it from its next request on. */
  async revoke (id: number): Promise<ApiKeyInfo | undefined> {
    const { rows } = await this.pool.query(
      'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id, role, name, created_at, revoked_at', [id])
    return rows[0] === undefined ? undefined : infoOf(rows[0])
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
