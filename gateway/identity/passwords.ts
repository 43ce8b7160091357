import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'

/**
 * Human passwords: scrypt with a per-user salt, the cost recorded in each hash
 * (`scrypt$N$r$p$salt$hash`) so it can be raised later without breaking the old ones.
 * N = 2^15, r = 8 (32 MiB, some 100 ms of CPU): slow for a guesser, bearable for a login.
 * Device secrets are random and use a fast HMAC instead (see secret-digest.ts).
 */
const COST = { N: 32768, r: 8, p: 1, keylen: 32 }

export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 256

/**
 * At most this many hashes at once: scrypt runs on libuv's thread pool (4 threads by default), which
 * the journal's file writes share, so a flood of logins must not take all of it. The rest wait here.
 */
const CONCURRENT = 2
let running = 0
const waiting: Array<() => void> = []

async function scrypt (password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  if (running >= CONCURRENT) await new Promise<void>(resolve => waiting.push(resolve))
  else running++
  try {
    return await new Promise((resolve, reject) => {
      scryptCb(password, salt, keylen, { N, r, p, maxmem: 128 * N * r * 2 }, (err, key) => err !== null ? reject(err) : resolve(key))
    })
  } finally {
    // The slot passes straight to the next waiter, if any.
    const next = waiting.shift()
    if (next !== undefined) next()
    else running--
  }
}

export async function hashPassword (password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password.normalize('NFC'), salt, COST.N, COST.r, COST.p, COST.keylen)
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword (password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number)
  const expected = Buffer.from(parts[5], 'base64url')
  const key = await scrypt(password.normalize('NFC'), Buffer.from(parts[4], 'base64url'), N, r, p, expected.length)
  return timingSafeEqual(key, expected)
}

let dummy: Promise<string> | undefined
/**
 * Spends a verification's time on an unknown username, so the answer's timing does not tell
 * which usernames exist.
 */
export async function verifyNothing (password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'))
  await verifyPassword(password, await dummy)
  return false
}

/** A password to print once: 18 random characters (about 107 bits). */
export function generatePassword (): string {
  return randomBytes(14).toString('base64url').slice(0, 18)
}

/** Hashes running now, and waiting for a slot (for tests and metrics). */
export function hashing (): { running: number, waiting: number } {
  return { running, waiting: waiting.length }
}
