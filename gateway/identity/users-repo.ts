/**
 * People who log in (the console): rows become `User` at this edge; the JSON shape `UserSchema` is
 * the REST API's and the TypeScript type's. The password hash never leaves this file's queries.
 */
import { Type, type Static } from 'typebox'
import type pg from 'pg'
import type { ApiRole } from './api-keys-repo.js'

export const ROLES = ['admin', 'dispatcher', 'viewer'] as const satisfies readonly ApiRole[]
export const LANGUAGES = ['en', 'af'] as const
export type Language = typeof LANGUAGES[number]

export const RoleSchema = Type.Unsafe<ApiRole>({ type: 'string', enum: [...ROLES] })
export const LanguageSchema = Type.Unsafe<Language>({ type: 'string', enum: [...LANGUAGES] })
export const UsernameSchema = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$', description: 'letters, digits, . _ @ -; at most 64; unique whatever the case' })

export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  language: LanguageSchema,
  disabled: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String()
})
export type User = Static<typeof UserSchema>

interface UserRow {
  id: string
  username: string
  name: string
  role: ApiRole
  language: Language
  disabled: boolean
  created_at: Date
  updated_at: Date
}

const COLUMNS = 'id, username, name, role, language, disabled, created_at, updated_at'

export function userOf (r: UserRow): User {
  return {
    id: Number(r.id),
    username: r.username,
    name: r.name,
    role: r.role,
    language: r.language,
    disabled: r.disabled,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString()
  }
}

export interface NewUser { username: string, name: string, role: ApiRole, language?: Language }
export interface UserChanges { name?: string, role?: ApiRole, language?: Language, disabled?: boolean, passwordHash?: string }

export class UsersRepo {
  constructor (private readonly pool: pg.Pool) {}

  /** Throws a unique violation (23505) when the username is taken in any case. */
  async create (u: NewUser, passwordHash: string): Promise<User> {
    const { rows } = await this.pool.query<UserRow>(
      `INSERT INTO users (username, name, role, language, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [u.username, u.name, u.role, u.language ?? 'en', passwordHash])
    return userOf(rows[0])
  }

  async get (id: number): Promise<User | undefined> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id])
    return rows[0] === undefined ? undefined : userOf(rows[0])
  }

  async byUsername (username: string): Promise<User | undefined> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE lower(username) = lower($1)`, [username])
    return rows[0] === undefined ? undefined : userOf(rows[0])
  }

  /** The user and the stored hash, for a login. */
  async credentials (username: string): Promise<{ user: User, passwordHash: string } | undefined> {
    const { rows } = await this.pool.query<UserRow & { password_hash: string }>(
      `SELECT ${COLUMNS}, password_hash FROM users WHERE lower(username) = lower($1)`, [username])
    return rows[0] === undefined ? undefined : { user: userOf(rows[0]), passwordHash: rows[0].password_hash }
  }

  async passwordHash (id: number): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [id])
    return rows[0]?.password_hash
  }

  /** Ordered by id; `after` is the last id of the previous page. */
  async list (q: { after?: number, limit: number }): Promise<User[]> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${COLUMNS} FROM users WHERE ($1::bigint IS NULL OR id > $1) ORDER BY id LIMIT $2`, [q.after ?? null, q.limit])
    return rows.map(userOf)
  }

  async count (): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM users')
    return Number(rows[0].n)
  }

  /**
   * Applies the changes; a disabled user's sessions end in the same transaction (and a new password
   * ends every session but `keepSession`, the one that changed it), so no node admits them after.
   */
  async update (id: number, c: UserChanges, keepSession?: string): Promise<User | undefined> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const { rows } = await client.query<UserRow>(
        `UPDATE users SET name = COALESCE($2, name), role = COALESCE($3, role), language = COALESCE($4, language),
                disabled = COALESCE($5, disabled), password_hash = COALESCE($6, password_hash), updated_at = now()
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, c.name ?? null, c.role ?? null, c.language ?? null, c.disabled ?? null, c.passwordHash ?? null])
      if (rows[0] !== undefined && (c.disabled === true || c.passwordHash !== undefined)) {
        await client.query('DELETE FROM user_sessions WHERE user_id = $1 AND token_digest IS DISTINCT FROM $2',
          [id, c.disabled === true ? null : keepSession ?? null])
      }
      await client.query('COMMIT')
      return rows[0] === undefined ? undefined : userOf(rows[0])
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }

  /** Deletes the user; their sessions go with them (ON DELETE CASCADE). */
  async remove (id: number): Promise<User | undefined> {
    const { rows } = await this.pool.query<UserRow>(`DELETE FROM users WHERE id = $1 RETURNING ${COLUMNS}`, [id])
    return rows[0] === undefined ? undefined : userOf(rows[0])
  }
}
