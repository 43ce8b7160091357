import type pg from 'pg'

export type PrincipalKind = 'device' | 'responder' | 'contact'

export const PRINCIPAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export async function insertPrincipal (client: pg.PoolClient, id: string, kind: PrincipalKind, secretHash: string): Promise<void> {
  await client.query('INSERT INTO principals (id, kind, secret_hash) VALUES ($1, $2, $3)', [id, kind, secretHash])
}

export async function revokePrincipal (client: pg.PoolClient, id: string): Promise<void> {
  await client.query('UPDATE principals SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id])
}
