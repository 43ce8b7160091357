import { createHash } from 'node:crypto'
import { ConfigError, str, type Env } from './env.js'

/** An AES-256 key and the id stored next to every ciphertext made with it. */
export interface MedicalKey {
  id: string
  key: Buffer
}

/** The default key id: a short digest, so the id names the key without revealing it. */
export function medicalKeyId (key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8)
}

/** `base64` or `keyId:base64` of exactly 32 bytes. Messages never echo the key itself. */
export function parseMedicalKey (name: string, raw: string): MedicalKey {
  const colon = raw.indexOf(':')
  const id = colon < 0 ? undefined : raw.slice(0, colon).trim()
  const b64 = (colon < 0 ? raw : raw.slice(colon + 1)).trim()
  if (id !== undefined && !/^[A-Za-z0-9._-]{1,32}$/.test(id)) {
    throw new ConfigError(name, 'the key id before ":" must be 1-32 letters, digits, dot, dash or underscore')
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) throw new ConfigError(name, 'must be base64 of 32 random bytes (optionally "keyId:base64")')
  const key = Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64')
  if (key.length !== 32) throw new ConfigError(name, `must decode to 32 bytes (AES-256), got ${key.length}; e.g. openssl rand -base64 32`)
  return { id: id ?? medicalKeyId(key), key }
}

export function medicalKeys (env: Env): { current?: MedicalKey, previous: MedicalKey[] } {
  const rawCurrent = str(env, 'MEDICAL_KEY')
  const current = rawCurrent === undefined ? undefined : parseMedicalKey('MEDICAL_KEY', rawCurrent)
  const previous: MedicalKey[] = []
  for (const item of (str(env, 'MEDICAL_KEYS_PREVIOUS') ?? '').split(',').map(s => s.trim()).filter(s => s !== '')) {
    const k = parseMedicalKey('MEDICAL_KEYS_PREVIOUS', item)
    // One id must mean one key, or a ciphertext's key id would be ambiguous.
    for (const other of current === undefined ? previous : [current, ...previous]) {
      if (other.id === k.id && !other.key.equals(k.key)) throw new ConfigError('MEDICAL_KEYS_PREVIOUS', `key id "${k.id}" is used by two different keys`)
    }
    if (![current, ...previous].some(o => o?.id === k.id)) previous.push(k)
  }
  return { current, previous }
}
