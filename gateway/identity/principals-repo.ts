import type pg from 'pg'

export type PrincipalKind = 'device' | 'responder' | 'contact'

export const PRINCIPAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export async function insertPrincipal (client: pg.PoolClient, id: string, kind: PrincipalKind, secretHash: string): Promise<void> {
  await client.query('INSERT INTO principals (id, kind, secret_hash) VALUES ($1, $2, $3)', [id, kind, secretHash])
}

export async function revokePrincipal (client: pg.PoolClient, id: string): Promise<void> {
  await client.query('UPDATE principals SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id])
}

/**
 * A new secret for an active principal of this kind; the old one stays valid for `graceS` (0: not at
 * all). Returns when the old one stops being accepted, or undefined when there is no such principal.
 */
export async function rotateSecret (db: pg.Pool | pg.PoolClient, id: string, kind: PrincipalKind, secretHash: string, graceS: number): Promise<{ previousValidUntil: Date | null } | undefined> {
  const { rows } = await db.query<{ previous_valid_until: Date | null }>(
    `UPDATE principals SET
        previous_secret_hash = CASE WHEN $4 > 0 THEN secret_hash END,
        previous_valid_until = CASE WHEN $4 > 0 THEN now() + make_interval(secs => $4) END,
        secret_hash = $3
      WHERE id = $1 AND kind = $2 AND revoked_at IS NULL
      RETURNING previous_valid_until`, [id, kind, secretHash, graceS])
  return rows[0] === undefined ? undefined : { previousValidUntil: rows[0].previous_valid_until }
}
