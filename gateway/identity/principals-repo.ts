import type pg from 'pg'

export type PrincipalKind = 'device' | 'responder' | 'contact'

export interface Principal {
  id: string
  kind: PrincipalKind
  secretHash: string
  revoked: boolean
}

export const PRINCIPAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** Lookup of MQTT principals (devices, responders, contacts) for authentication. */
export class PrincipalsRepo {
  constructor (private readonly pool: pg.Pool) {}

  async find (id: string): Promise<Principal | undefined> {
    const { rows } = await this.pool.query(
      'SELECT id, kind, secret_hash, revoked_at IS NOT NULL AS revoked FROM principals WHERE id = $1', [id])
    const r = rows[0]
    return r === undefined ? undefined : { id: r.id, kind: r.kind, secretHash: r.secret_hash, revoked: r.revoked }
  }
}

export async function insertPrincipal (client: pg.PoolClient, id: string, kind: PrincipalKind, secretHash: string): Promise<void> {
  await client.query('INSERT INTO principals (id, kind, secret_hash) VALUES ($1, $2, $3)', [id, kind, secretHash])
}

export async function revokePrincipal (client: pg.PoolClient, id: string): Promise<void> {
  await client.query('UPDATE principals SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id])
}
