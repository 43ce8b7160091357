import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { digestApiKey } from './secrets.js'

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
  constructor (private readonly pool: pg.Pool) {}

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

  async find (key: string): Promise<ApiKeyIdentity | undefined> {
    const { rows } = await this.pool.query(
      'SELECT id, role, name FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [digestApiKey(key)])
    return rows[0] === undefined ? undefined : { id: Number(rows[0].id), role: rows[0].role, name: rows[0].name }
  }
}
