import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import type { Language } from '../persons/repo.js'
import { inTransaction } from '../storage/transaction.js'
import type { Codec } from './devices-repo.js'
import type { PrincipalKind } from './principals-repo.js'
import { digestApiKey, generateSecret } from './secrets.js'
import type { SecretDigest } from './secret-digest.js'

export interface Enrolment {
  id: string
  principalId: string
  kind: PrincipalKind
  createdAt: string
  expiresAt: string
}

/** What the field app keeps after the exchange: enough to connect and to speak the principal's language. */
export interface EnrolledCredentials {
  id: string
  kind: PrincipalKind
  secret: string
  name: string | null
  language: Language
  codec: Codec
}

/** Why a token was not exchanged; each has its own message for the person holding the link. */
export type EnrolmentRefusal = 'unknown' | 'used' | 'expired' | 'cancelled' | 'revoked'

/** An enrolment token: 32 random bytes in the link, only its digest in PostgreSQL (like API keys). */
export function generateEnrolmentToken (): string {
  return 'enr_' + randomBytes(32).toString('base64url')
}

/**
 * One-time enrolment links. The exchange gives the principal a fresh secret (the stored one is a
 * digest and cannot be handed out), so whatever held the old secret can no longer connect.
 */
export class EnrolmentsRepo {
  constructor (private readonly pool: pg.Pool, private readonly secrets: SecretDigest) {}

  /** A new link for an active principal of this kind (undefined: none); older open links for it are cancelled. */
  async create (kind: PrincipalKind, principalId: string, ttlMs: number, createdBy: string): Promise<{ token: string, enrolment: Enrolment } | undefined> {
    const token = generateEnrolmentToken()
    return await inTransaction(this.pool, async (client) => {
      const { rows: found } = await client.query(
        'SELECT 1 FROM principals WHERE id = $1 AND kind = $2 AND revoked_at IS NULL FOR UPDATE', [principalId, kind])
      if (found.length === 0) return undefined
      await client.query(
        'UPDATE enrolments SET cancelled_at = now() WHERE principal_id = $1 AND used_at IS NULL AND cancelled_at IS NULL', [principalId])
      const { rows } = await client.query(
        `INSERT INTO enrolments (token_hash, principal_id, created_by, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING id, created_at, expires_at`,
        [digestApiKey(token), principalId, createdBy, ttlMs / 1000])
      const r = rows[0]
      return { token, enrolment: { id: String(r.id), principalId, kind, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at.toISOString() } }
    })
  }

  /** Exchanges a token once for the principal's credentials, or says why not. */
  async redeem (token: string): Promise<{ credentials: EnrolledCredentials } | { refused: EnrolmentRefusal }> {
    return await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query(
        `SELECT e.id, e.principal_id, p.kind, e.used_at IS NOT NULL AS used, e.cancelled_at IS NOT NULL AS cancelled,
                e.expires_at <= now() AS expired, p.revoked_at IS NOT NULL AS revoked
           FROM enrolments e JOIN principals p ON p.id = e.principal_id
          WHERE e.token_hash = $1 FOR UPDATE OF e, p`, [digestApiKey(token)])
      const e = rows[0]
      if (e === undefined) return { refused: 'unknown' as const }
      // Order matters for the message: a used link says so even after it would have expired.
      if (e.used === true) return { refused: 'used' as const }
      if (e.revoked === true) return { refused: 'revoked' as const }
      if (e.cancelled === true) return { refused: 'cancelled' as const }
      if (e.expired === true) return { refused: 'expired' as const }
      const secret = generateSecret()
      await client.query('UPDATE principals SET secret_hash = $2 WHERE id = $1', [e.principal_id, this.secrets.digest(secret)])
      await client.query('UPDATE enrolments SET used_at = now() WHERE id = $1', [e.id])
      const { rows: about } = await client.query(
        `SELECT coalesce(d.name, r.name, c.name) AS name, coalesce(c.language, pe.language, 'en') AS language,
                coalesce(d.codec, r.codec, 'json') AS codec
           FROM principals p
           LEFT JOIN devices d ON d.id = p.id
           LEFT JOIN responders r ON r.id = p.id
           LEFT JOIN contacts c ON c.id = p.id
           LEFT JOIN persons pe ON pe.id = coalesce(d.person_id, c.person_id)
          WHERE p.id = $1`, [e.principal_id])
      const a = about[0]
      return { credentials: { id: e.principal_id, kind: e.kind, secret, name: a.name, language: a.language === 'af' ? 'af' : 'en', codec: a.codec } }
    })
  }
}
