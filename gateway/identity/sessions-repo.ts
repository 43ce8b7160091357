import { createHash, createHmac, randomBytes } from 'node:crypto'
import type pg from 'pg'
import { userOf, type User } from './users-repo.js'
import { isDatabaseUnavailable } from '../storage/availability.js'

export interface SessionTimeouts {
  /** a session unused this long has ended */
  idleMs: number
  /** and any session this old, used or not */
  maxMs: number
}

export interface Session {
  digest: string
  user: User
  createdAt: Date
  lastSeenAt: Date
  expiresAt: Date
  /** when it ends unless used before: the idle limit, or the absolute one if sooner */
  idleExpiresAt: Date
}

export type SessionLookup = { ok: true, session: Session } | { ok: false, reason: 'unknown' | 'expired' | 'disabled' }

/** The cookie's token is 256 random bits, so a plain digest is a safe lookup key (as for API keys). */
export function digestSessionToken (token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * The session's CSRF token, derived from its cookie token: nothing more to store, the same on every
 * node and for the session's whole life, and the cookie token cannot be recovered from it.
 */
export function csrfTokenOf (token: string): string {
  return createHmac('sha256', token).update('flare-csrf').digest('base64url')
}

/** Verified sessions kept in memory before the ended ones are swept out. */
const REMEMBER_MAX = 10_000

/** Ended sessions are kept this long, so a late request still hears `session_expired`. */
const KEEP_ENDED_MS = 24 * 60 * 60 * 1000

/** Browser sessions in PostgreSQL, so every node of a cluster honours them. */
export class SessionsRepo {
  /** last_seen_at is written only when it moved by this much: not one UPDATE per request */
  private readonly touchEveryMs: number
  /**
   * Sessions this node verified against PostgreSQL, by digest, with their last use here: what it
   * admits while PostgreSQL is away (as for API keys), so a control room keeps its console through
   * an outage. The timeouts still apply; a logout on this node forgets the session at once.
   */
  private readonly verified = new Map<string, { session: Session, usedAt: number }>()

  /** `databaseAway`: the node is degraded, so find() answers from memory without waiting on PostgreSQL. */
  constructor (private readonly pool: pg.Pool, readonly timeouts: SessionTimeouts, public databaseAway: () => boolean = () => false) {
    this.touchEveryMs = Math.min(60_000, Math.floor(timeouts.idleMs / 4))
  }

  /** A new session for the user; returns its token (the cookie's value, never stored). */
  async create (userId: number, ip: string, userAgent: string | undefined): Promise<{ token: string, session: Session }> {
    const token = randomBytes(32).toString('base64url')
    const digest = digestSessionToken(token)
    await this.pool.query(
      `DELETE FROM user_sessions WHERE expires_at < now() - $1 * interval '1 millisecond'
          OR last_seen_at < now() - ($1 + $2) * interval '1 millisecond'`, [KEEP_ENDED_MS, this.timeouts.idleMs])
    await this.pool.query(
      `INSERT INTO user_sessions (token_digest, user_id, expires_at, ip, user_agent)
       VALUES ($1, $2, now() + $3 * interval '1 millisecond', $4, $5)`,
      [digest, userId, this.timeouts.maxMs, ip, userAgent?.slice(0, 512) ?? null])
    const found = await this.find(token)
    if (!found.ok) throw new Error('a new session was not found')
    return { token, session: found.session }
  }

  /** The session behind a cookie token, and whether it may still be used; moves last_seen_at when due. */
  async find (token: string): Promise<SessionLookup> {
    const digest = digestSessionToken(token)
    if (this.databaseAway()) return this.remembered(digest)
    try {
      const found = await this.lookup(digest)
      if (found.ok) this.remember(found.session)
      else this.verified.delete(digest)
      return found
    } catch (err) {
      if (isDatabaseUnavailable(err)) return this.remembered(digest)
      throw err
    }
  }

  private async lookup (digest: string): Promise<SessionLookup> {
    const { rows } = await this.pool.query(
      `SELECT s.created_at AS s_created_at, s.last_seen_at, s.expires_at,
              u.id, u.username, u.name, u.role, u.language, u.disabled, u.created_at, u.updated_at
         FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_digest = $1`, [digest])
    const r = rows[0]
    if (r === undefined) return { ok: false, reason: 'unknown' }
    const user = userOf(r)
    if (user.disabled) return { ok: false, reason: 'disabled' }
    const now = Date.now()
    const lastSeen: Date = r.last_seen_at
    const expiresAt: Date = r.expires_at
    if (now >= expiresAt.getTime() || now >= lastSeen.getTime() + this.timeouts.idleMs) return { ok: false, reason: 'expired' }
    let seen = lastSeen
    if (now - lastSeen.getTime() >= this.touchEveryMs) {
      const up = await this.pool.query<{ last_seen_at: Date }>('UPDATE user_sessions SET last_seen_at = now() WHERE token_digest = $1 RETURNING last_seen_at', [digest])
      seen = up.rows[0]?.last_seen_at ?? new Date(now)
    }
    const idleExpiresAt = new Date(Math.min(seen.getTime() + this.timeouts.idleMs, expiresAt.getTime()))
    return { ok: true, session: { digest, user, createdAt: r.s_created_at, lastSeenAt: seen, expiresAt, idleExpiresAt } }
  }

  async remove (token: string): Promise<void> {
    this.verified.delete(digestSessionToken(token))
    await this.pool.query('DELETE FROM user_sessions WHERE token_digest = $1', [digestSessionToken(token)])
  }

  /** Ends every session of the user (disabled, deleted, password reset from the CLI). */
  async removeForUser (userId: number): Promise<number> {
    for (const [digest, v] of this.verified) if (v.session.user.id === userId) this.verified.delete(digest)
    const { rowCount } = await this.pool.query('DELETE FROM user_sessions WHERE user_id = $1', [userId])
    return rowCount ?? 0
  }

  private remember (session: Session): void {
    if (this.verified.size >= REMEMBER_MAX) {
      for (const [digest, v] of this.verified) if (this.endedAt(v.session, v.usedAt) <= Date.now()) this.verified.delete(digest)
    }
    this.verified.set(session.digest, { session, usedAt: Date.now() })
  }

  private endedAt (s: Session, usedAt: number): number {
    return Math.min(s.expiresAt.getTime(), Math.max(usedAt, s.lastSeenAt.getTime()) + this.timeouts.idleMs)
  }

  private remembered (digest: string): SessionLookup {
    const v = this.verified.get(digest)
    if (v === undefined) return { ok: false, reason: 'unknown' }
    const now = Date.now()
    if (now >= this.endedAt(v.session, v.usedAt)) return { ok: false, reason: 'expired' }
    v.usedAt = now
    return { ok: true, session: { ...v.session, idleExpiresAt: new Date(this.endedAt(v.session, now)) } }
  }
}
