import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type pg from 'pg'
import { verifySecret } from './secrets.js'

const PREFIX = 'hmac-sha256$'
const KEY_NAME = 'principal-digest'

/**
 * Stored form of the secrets Flare generates for devices, responders and contacts: an HMAC-SHA-256
 * keyed with a server key, `hmac-sha256$<digest>`. The secrets are 256 random bits, so a slow KDF
 * adds nothing against guessing them (that is for human passwords), while a fast digest is what
 * lets thousands of devices reconnect to a fresh node at once (scrypt cost ~28 ms of CPU each).
 * The key keeps the digests of one installation useless against another's. Older `scrypt$…` hashes
 * still verify, and are replaced on the next successful CONNECT.
 */
export class SecretDigest {
  constructor (private readonly key: Buffer) {}

  /** The server key from PostgreSQL, created once by whichever node starts first. */
  static async load (pool: pg.Pool): Promise<SecretDigest> {
    await pool.query('INSERT INTO server_keys (name, key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [KEY_NAME, randomBytes(32)])
    const { rows } = await pool.query<{ key: Buffer }>('SELECT key FROM server_keys WHERE name = $1', [KEY_NAME])
    return new SecretDigest(rows[0].key)
  }

  digest (secret: string): string {
    return PREFIX + this.mac(secret).toString('base64url')
  }

  /** Whether `stored` is in an older, slow form that verify() accepts but digest() no longer makes. */
  isOutdated (stored: string): boolean {
    return !stored.startsWith(PREFIX)
  }

  async verify (secret: string, stored: string): Promise<boolean> {
    if (!stored.startsWith(PREFIX)) return await verifySecret(secret, stored)
    const expected = Buffer.from(stored.slice(PREFIX.length), 'base64url')
    const actual = this.mac(secret)
    return expected.length === actual.length && timingSafeEqual(expected, actual)
  }

  private mac (secret: string): Buffer {
    return createHmac('sha256', this.key).update(secret, 'utf8').digest()
  }
}
