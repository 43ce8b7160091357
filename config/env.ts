import { resolve } from 'node:path'
import { existsSync } from 'node:fs'
import { isIP } from 'node:net'

/** A configuration problem: names the variable so the one-line start-up error says what to fix. */
export class ConfigError extends Error {
  constructor (readonly variable: string, readonly reason: string) {
    super(`${variable}: ${reason}`)
    this.name = 'ConfigError'
  }
}

/** The environment, injectable so tests pass their own. */
export type Env = Record<string, string | undefined>

export function roleList (env: Env, name: string, dflt: string[]): string[] {
  const raw = str(env, name)
  if (raw === undefined) return dflt
  const roles = raw.split(',').map(s => s.trim()).filter(s => s !== '')
  const bad = roles.find(r => !/^[a-z][a-z0-9_-]{0,31}$/.test(r))
  if (bad !== undefined) throw new ConfigError(name, `"${bad}" is not a role name (lower-case letters, digits, _ and -)`)
  return roles
}

/** Comma-separated IP addresses or CIDR ranges (`10.0.0.0/8`, `::1`); `none` for an empty list. */
export function addressList (env: Env, name: string, dflt: string[]): string[] {
  const raw = str(env, name)
  if (raw === undefined) return dflt
  if (raw.toLowerCase() === 'none') return []
  const items = raw.split(',').map(s => s.trim()).filter(s => s !== '')
  for (const item of items) {
    const [addr, bits, extra] = item.split('/')
    const family = isIP(addr)
    const max = family === 6 ? 128 : 32
    const badBits = bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max)
    if (family === 0 || badBits || extra !== undefined) throw new ConfigError(name, `"${item}" is not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, ::1); use "none" for no exemption`)
  }
  return items
}

/**
 * Comma-separated web origins (https://dispatch.example.org, http://localhost:3000): a scheme, a
 * host and a port, as a browser sends them in Origin; no wildcard, so an allow-list names each one.
 */
export function originList (env: Env, name: string): string[] {
  const raw = str(env, name)
  if (raw === undefined) return []
  return raw.split(',').map(s => s.trim()).filter(s => s !== '').map((item) => {
    if (item.includes('*')) throw new ConfigError(name, `"${item}": wildcards are not allowed; list each origin (e.g. https://dispatch.example.org)`)
    let u: URL
    try {
      u = new URL(item)
    } catch {
      throw new ConfigError(name, `"${item}" is not a URL; an origin looks like https://dispatch.example.org`)
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(name, `"${item}" must use http:// or https://`)
    if (u.pathname !== '/' || u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '') {
      throw new ConfigError(name, `"${item}" is not an origin: only scheme, host and port (e.g. https://dispatch.example.org), no path`)
    }
    return u.origin
  })
}

export function str (env: Env, name: string): string | undefined {
  const v = env[name]
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

export function int (env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = str(env, name)
  if (raw === undefined) return dflt
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`)
  const n = Number(raw)
  if (n < min || n > max) throw new ConfigError(name, `must be from ${min} to ${max}, got ${n}`)
  return n
}

export function port (env: Env, name: string, dflt: number): number {
  return int(env, name, dflt, 0, 65535)
}

export function bool (env: Env, name: string, dflt: boolean): boolean {
  const raw = str(env, name)
  if (raw === undefined) return dflt
  const v = raw.toLowerCase()
  if (['true', '1', 'yes', 'on'].includes(v)) return true
  if (['false', '0', 'no', 'off'].includes(v)) return false
  throw new ConfigError(name, `must be true or false, got "${raw}"`)
}

export function oneOf<T extends string> (env: Env, name: string, allowed: readonly T[], dflt: T): T {
  const raw = str(env, name)
  if (raw === undefined) return dflt
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`)
  return raw as T
}

export function url (env: Env, name: string, protocols: string[]): string | undefined {
  const raw = str(env, name)
  if (raw === undefined) return undefined
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(name, 'is not a valid URL')
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.map(p => p + '//').join(' or ')}, got ${parsed.protocol}//`)
  }
  return raw
}

export function file (env: Env, name: string): string | undefined {
  const raw = str(env, name)
  if (raw === undefined) return undefined
  if (!existsSync(raw)) throw new ConfigError(name, `file not found: ${raw}`)
  return resolve(raw)
}
