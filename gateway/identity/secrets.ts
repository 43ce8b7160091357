import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto'

/** Cost of the stored secret hashes; recorded in each hash, so it can change without breaking old ones. */
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 }

function scrypt (secret: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(secret, salt, keylen, { N, r, p, maxmem: 128 * N * r * 2 }, (err, key) => err ? reject(err) : resolve(key))
  })
}

/** A secret to hand out once: 32 random bytes, URL-safe. */
export function generateSecret (): string {
  return randomBytes(32).toString('base64url')
}

/** `scrypt$N$r$p$salt$hash` */
export async function hashSecret (secret: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(secret, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen)
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifySecret (secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number)
  const salt = Buffer.from(parts[4], 'base64url')
  const expected = Buffer.from(parts[5], 'base64url')
  const key = await scrypt(secret, salt, N, r, p, expected.length)
  return timingSafeEqual(key, expected)
}

/** API keys are random and long, so a plain digest is a safe and fast lookup key. */
export function digestApiKey (key: string): string {
  return createHash('sha256').update(key).digest('hex')
}
