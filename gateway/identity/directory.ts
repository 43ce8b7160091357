import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { ClientPrincipal } from '../../broker/acl.js'
import type { PrincipalDirectory } from '../../broker/authenticate.js'
import { PrincipalsRepo } from './principals-repo.js'
import { verifySecret } from './secrets.js'

const CACHE_TTL_MS = 5 * 60_000
const CACHE_MAX = 100_000

/**
 * MQTT authentication against PostgreSQL. Revocation is read from the database on every CONNECT;
 * only the (deliberately slow) scrypt check is remembered for a while, keyed by the stored hash,
 * so a flapping device does not burn a core on key derivation.
 */
export class DatabaseDirectory implements PrincipalDirectory {
  private readonly principals: PrincipalsRepo
  private readonly verified = new Map<string, number>()

  constructor (private readonly pool: pg.Pool) {
    this.principals = new PrincipalsRepo(pool)
  }

  async authenticate (id: string, secret: string): Promise<{ principal: ClientPrincipal } | { refused: 'unknown' | 'bad_secret' | 'revoked' }> {
    const found = await this.principals.find(id)
    if (found === undefined) return { refused: 'unknown' }
    if (found.revoked) return { refused: 'revoked' }
    if (!await this.checkSecret(secret, found.secretHash)) return { refused: 'bad_secret' }
    if (found.kind === 'responder') {
      const { rows } = await this.pool.query('SELECT roles, zones, codec FROM responders WHERE id = $1', [id])
      return { principal: { kind: 'responder', id, roles: rows[0]?.roles ?? [], zones: rows[0]?.zones ?? [], codec: rows[0]?.codec ?? 'json' } }
    }
    if (found.kind === 'device') {
      const { rows } = await this.pool.query('SELECT kind, codec, person_id FROM devices WHERE id = $1', [id])
      if (rows.length === 0) return { refused: 'unknown' }
      return { principal: { kind: 'device', id, deviceKind: rows[0].kind, codec: rows[0].codec, personId: rows[0].person_id } }
    }
    return { principal: { kind: found.kind, id } }
  }

  private async checkSecret (secret: string, stored: string): Promise<boolean> {
    const key = createHash('sha256').update(stored).update('\0').update(secret).digest('base64')
    const until = this.verified.get(key)
    if (until !== undefined && until > Date.now()) return true
    if (!await verifySecret(secret, stored)) return false
    if (this.verified.size >= CACHE_MAX) this.verified.clear()
    this.verified.set(key, Date.now() + CACHE_TTL_MS)
    return true
  }
}
