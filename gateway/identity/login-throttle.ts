import type pg from 'pg'

/**
 * How failed logins are slowed. Counted per username and per remote address; a failure more than
 * `windowMs` after the previous one starts the count again. From the `…Failures`-th failure in a
 * row on, each failure locks that username (or address) out for `baseLockMs`, doubling with every
 * further failure up to `maxLockMs`. While locked, tries are refused without looking at the
 * password (a right one too), and do not count. An address gets more tries than a username: a
 * control room's desks often share one address.
 */
export interface ThrottlePolicy {
  userFailures: number
  addressFailures: number
  windowMs: number
  baseLockMs: number
  maxLockMs: number
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  userFailures: 5,
  addressFailures: 20,
  windowMs: 15 * 60_000,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000
}

export type ThrottleScope = 'user' | 'address'

export interface Lock { scope: ThrottleScope, retryAfterMs: number }

/** The state is in PostgreSQL (one row per username and per address), so it holds across nodes. */
export class LoginThrottle {
  constructor (private readonly pool: pg.Pool, readonly policy: ThrottlePolicy = DEFAULT_THROTTLE) {}

  /** The longest lock on this username or address now in force, if any. */
  async locked (username: string, ip: string): Promise<Lock | undefined> {
    const { rows } = await this.pool.query<{ scope: ThrottleScope, ms: string }>(
      `SELECT scope, ceil(EXTRACT(EPOCH FROM (locked_until - now())) * 1000) AS ms FROM login_throttle
        WHERE ((scope = 'user' AND key = $1) OR (scope = 'address' AND key = $2)) AND locked_until > now()
        ORDER BY locked_until DESC LIMIT 1`, [username.toLowerCase(), ip])
    return rows[0] === undefined ? undefined : { scope: rows[0].scope, retryAfterMs: Number(rows[0].ms) }
  }

  /** Counts a failure for both; returns the lock it started, if it started one. */
  async failed (username: string, ip: string): Promise<Lock | undefined> {
    const user = await this.count('user', username.toLowerCase(), this.policy.userFailures)
    const address = await this.count('address', ip, this.policy.addressFailures)
    const locks = [user, address].filter((l): l is Lock => l !== undefined)
    return locks.sort((a, b) => b.retryAfterMs - a.retryAfterMs)[0]
  }

  /** A right password ends the username's count (the address's runs out by itself). */
  async succeeded (username: string): Promise<void> {
    await this.pool.query("DELETE FROM login_throttle WHERE scope = 'user' AND key = $1", [username.toLowerCase()])
  }

  private async count (scope: ThrottleScope, key: string, threshold: number): Promise<Lock | undefined> {
    const p = this.policy
    // One statement, so failures on several nodes at once are all counted.
    const failures = "CASE WHEN t.last_failure_at < now() - $6 * interval '1 millisecond' THEN 1 ELSE t.failures + 1 END"
    const lockFor = (n: string): string => `CASE WHEN ${n} >= $3 THEN now() + least($5, $4 * power(2, ${n} - $3)) * interval '1 millisecond' END`
    const { rows } = await this.pool.query<{ ms: string | null }>(
      `INSERT INTO login_throttle AS t (scope, key, failures, last_failure_at, locked_until)
       VALUES ($1, $2, 1, now(), ${lockFor('1')})
       ON CONFLICT (scope, key) DO UPDATE SET
         failures = ${failures}, last_failure_at = now(), locked_until = COALESCE(${lockFor(failures)}, t.locked_until)
       RETURNING CASE WHEN locked_until > now() THEN ceil(EXTRACT(EPOCH FROM (locked_until - now())) * 1000) END AS ms`,
      [scope, key, threshold, p.baseLockMs, p.maxLockMs, p.windowMs])
    const ms = rows[0]?.ms
    return ms === null || ms === undefined ? undefined : { scope, retryAfterMs: Number(ms) }
  }
}
